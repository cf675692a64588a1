import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The window's size, position and maximized state, remembered across launches in `window-state.json` in the user
 * data directory. The saved position is checked against the displays attached now, so a window last seen on a
 * monitor that is gone opens on one that is there instead of off-screen.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState {
  bounds: Rect;
  maximized: boolean;
}

/** What the window opens with; no x/y lets the system center it. */
export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 };
export const MIN_SIZE = { width: 720, height: 480 };
/** A window counts as reachable when this much of it (its title bar's worth) lies on a display. */
const MIN_VISIBLE = 100;
/** Moving or resizing fires dozens of events a second: write once the window has been still this long. */
export const SAVE_DELAY_MS = 500;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e6;

/** The saved state, or null when the file is missing, unreadable or holds anything but sane numbers. */
export function parseWindowState(text: string): SavedWindowState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as { bounds?: Partial<Rect>; maximized?: unknown };
  if (!bounds || ![bounds.x, bounds.y, bounds.width, bounds.height].every(isInt)) return null;
  if ((bounds.width as number) <= 0 || (bounds.height as number) <= 0) return null;
  return { bounds: bounds as Rect, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * Where to open: the saved bounds moved and shrunk just enough to fit the display they overlap most, or centered on
 * the primary display (the first work area) at the saved size when they overlap none by MIN_VISIBLE pixels.
 */
export function placeWindow(saved: SavedWindowState | null, workAreas: Rect[]): WindowPlacement {
  const primary = workAreas[0];
  const fitSize = (width: number, height: number, area: Rect | undefined) => ({
    width: area ? clamp(width, Math.min(MIN_SIZE.width, area.width), area.width) : width,
    height: area ? clamp(height, Math.min(MIN_SIZE.height, area.height), area.height) : height,
  });
  if (!saved) return { ...fitSize(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary), maximized: false };
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    if (o.width >= MIN_VISIBLE && o.height >= MIN_VISIBLE / 2 && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  if (!best) return { ...fitSize(saved.bounds.width, saved.bounds.height, primary), maximized: saved.maximized };
  const size = fitSize(saved.bounds.width, saved.bounds.height, best);
  return {
    x: clamp(saved.bounds.x, best.x, best.x + best.width - size.width),
    y: clamp(saved.bounds.y, best.y, best.y + best.height - size.height),
    ...size,
    maximized: saved.maximized,
  };
}

export function readWindowState(file: string): SavedWindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed over the old one, so a crash mid-write never leaves half a file. */
function writeWindowState(file: string, state: SavedWindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  renameSync(tmp, file);
}

/** The part of BrowserWindow the tracker uses. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
  getBounds(): Rect;
  getNormalBounds(): Rect;
}

/**
 * Saves the window's state SAVE_DELAY_MS after it stops moving, and once more as it closes. The bounds saved are the
 * normal (restored) ones, so a window closed maximized comes back maximized and un-maximizes to its old size.
 * A failed write is reported once through `onError` and never interrupts the app.
 */
export function trackWindowState(win: TrackedWindow, file: string, onError: (message: string) => void): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let reported = false;
  const save = () => {
    timer = null;
    const maximized = win.isMaximized();
    const bounds = maximized || win.isMinimized() || win.isFullScreen() ? win.getNormalBounds() : win.getBounds();
    try {
      writeWindowState(file, { bounds, maximized });
    } catch (error) {
      if (reported) return;
      reported = true;
      onError(
        `Loupe could not remember the window's size and position in ${file} (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, schedule);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
