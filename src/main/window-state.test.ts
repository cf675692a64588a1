import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SIZE,
  parseWindowState,
  placeWindow,
  type Rect,
  readWindowState,
  SAVE_DELAY_MS,
  type TrackedWindow,
  trackWindowState,
} from './window-state';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const monitorRight: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('parseWindowState', () => {
  it('reads a saved state and rejects anything else', () => {
    const bounds = { x: 10, y: 20, width: 1000, height: 700 };
    expect(parseWindowState(JSON.stringify({ bounds, maximized: true }))).toEqual({ bounds, maximized: true });
    expect(parseWindowState(JSON.stringify({ bounds }))).toEqual({ bounds, maximized: false });
    for (const bad of ['', '{', 'null', '[]', '{"bounds":{"x":"1","y":0,"width":10,"height":10}}']) {
      expect(parseWindowState(bad)).toBeNull();
    }
    expect(parseWindowState(JSON.stringify({ bounds: { ...bounds, width: 0 } }))).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { ...bounds, x: 1e12 } }))).toBeNull();
  });
});

describe('placeWindow', () => {
  it('opens at the default size, centered, the first time', () => {
    expect(placeWindow(null, [laptop])).toEqual({ ...DEFAULT_SIZE, height: 875, maximized: false });
  });

  it('reopens where it was, on the display it was on', () => {
    const bounds = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(placeWindow({ bounds, maximized: false }, [laptop, monitorRight])).toEqual({ ...bounds, maximized: false });
  });

  it('moves a window whose monitor is gone onto the primary display, keeping its size and maximized state', () => {
    const bounds = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(placeWindow({ bounds, maximized: true }, [laptop])).toEqual({ width: 1200, height: 800, maximized: true });
  });

  it('pulls a window hanging off an edge back in, and shrinks it to fit', () => {
    expect(placeWindow({ bounds: { x: 1300, y: -40, width: 800, height: 600 }, maximized: false }, [laptop])).toEqual({
      x: 640,
      y: 25,
      width: 800,
      height: 600,
      maximized: false,
    });
    expect(
      placeWindow({ bounds: { x: 1500, y: 0, width: 4000, height: 3000 }, maximized: false }, [laptop, monitorRight]),
    ).toEqual({ x: 1440, y: 0, width: 2560, height: 1440, maximized: false });
  });

  it('treats a sliver on screen as off-screen', () => {
    const bounds = { x: 1400, y: 100, width: 900, height: 600 };
    expect(placeWindow({ bounds, maximized: false }, [laptop])).toEqual({ width: 900, height: 600, maximized: false });
  });
});

class FakeWindow implements TrackedWindow {
  listeners = new Map<string, () => void>();
  bounds: Rect = { x: 5, y: 6, width: 1000, height: 700 };
  normal: Rect = { x: 50, y: 60, width: 900, height: 600 };
  maximized = false;
  on(event: string, listener: () => void) {
    this.listeners.set(event, listener);
  }
  emit(event: string) {
    this.listeners.get(event)?.();
  }
  isMaximized = () => this.maximized;
  isMinimized = () => false;
  isFullScreen = () => false;
  getBounds = () => this.bounds;
  getNormalBounds = () => this.normal;
}

describe('trackWindowState', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-window-state-'));
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves once the window stops moving, not on every event', () => {
    const file = join(dir, 'window-state.json');
    const win = new FakeWindow();
    trackWindowState(win, file, vi.fn());
    for (let i = 0; i < 20; i++) {
      win.bounds = { ...win.bounds, x: i };
      win.emit('move');
      vi.advanceTimersByTime(SAVE_DELAY_MS / 5);
    }
    expect(readWindowState(file)).toBeNull();
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(readWindowState(file)).toEqual({ bounds: { ...win.bounds, x: 19 }, maximized: false });
  });

  it('saves the normal bounds when maximized, and at once on close', () => {
    const file = join(dir, 'nested', 'window-state.json');
    const win = new FakeWindow();
    trackWindowState(win, file, vi.fn());
    win.maximized = true;
    win.emit('maximize');
    win.emit('close');
    expect(readWindowState(file)).toEqual({ bounds: win.normal, maximized: true });
    expect(readFileSync(file, 'utf8')).toMatch(/\n$/);
  });

  it('reports a failed write once and keeps going', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const onError = vi.fn();
    const win = new FakeWindow();
    trackWindowState(win, join(blocker, 'window-state.json'), onError);
    win.emit('resize');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    win.emit('close');
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]?.[0]).toMatch(/could not remember the window's size and position/);
  });
});
