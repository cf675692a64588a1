import { IPC } from '@core/wire/ipc-channels';
import type { IpcMain, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';

type Template = { label?: string; type?: string; enabled?: boolean; click?: () => void }[];
const electron = vi.hoisted(() => ({ buildFromTemplate: vi.fn((template: unknown) => ({ template })) }));
vi.mock('electron', () => ({ Menu: { buildFromTemplate: electron.buildFromTemplate } }));

const { createErrorBadge, listenForErrorTraces, parseErrorTraceReport } = await import('./badge');

function fakeTray() {
  const tray = {
    tooltip: '',
    menu: null as { template: Template } | null,
    click: null as (() => void) | null,
    setToolTip: vi.fn((text: string) => {
      tray.tooltip = text;
    }),
    setContextMenu: vi.fn((menu: unknown) => {
      tray.menu = menu as { template: Template };
    }),
    on: vi.fn((_event: string, listener: () => void) => {
      tray.click = listener;
    }),
    destroy: vi.fn(),
  };
  return tray;
}

function setup(platform: NodeJS.Platform) {
  const tray = fakeTray();
  const options = {
    platform,
    setBadgeCount: vi.fn(() => true),
    createTray: vi.fn(() => tray),
    showWindow: vi.fn(),
    quit: vi.fn(),
  };
  return { tray, options, badge: createErrorBadge(options) };
}

describe('error badge', () => {
  it('shows the count on the macOS dock, without a tray', () => {
    const { options, badge } = setup('darwin');
    expect(options.createTray).not.toHaveBeenCalled();
    badge.update(3);
    badge.update(3);
    badge.update(0);
    expect(options.setBadgeCount.mock.calls).toEqual([[3], [0]]);
  });

  it('keeps a tray on Windows with the count in its tooltip and menu, Show Loupe and Quit', () => {
    const { tray, options, badge } = setup('win32');
    expect(tray.tooltip).toBe('Loupe');
    badge.update(2);
    expect(tray.tooltip).toBe('Loupe: 2 new error traces');
    const items = tray.menu?.template ?? [];
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      '2 new error traces',
      'separator',
      'Show Loupe',
      'separator',
      'Quit',
    ]);
    expect(items[0]?.enabled).toBe(false);
    items.find((i) => i.label === 'Show Loupe')?.click?.();
    items.find((i) => i.label === 'Quit')?.click?.();
    tray.click?.();
    expect(options.showWindow).toHaveBeenCalledTimes(2);
    expect(options.quit).toHaveBeenCalledOnce();
    // Windows has no app badge count.
    expect(options.setBadgeCount).not.toHaveBeenCalled();
    badge.update(1);
    expect(tray.tooltip).toBe('Loupe: 1 new error trace');
    badge.destroy();
    expect(tray.destroy).toHaveBeenCalled();
  });

  it('uses both the launcher count and the tray on Linux', () => {
    const { tray, options, badge } = setup('linux');
    badge.update(4);
    expect(options.setBadgeCount).toHaveBeenCalledWith(4);
    expect(tray.tooltip).toBe('Loupe: 4 new error traces');
  });
});

describe('error trace reports', () => {
  it('accepts well-formed reports only', () => {
    expect(parseErrorTraceReport({ count: 2, latest: { traceId: 't', name: 'run' } })).toEqual({
      count: 2,
      latest: { traceId: 't', name: 'run' },
    });
    expect(parseErrorTraceReport({ count: 0, latest: null })).toEqual({ count: 0, latest: null });
    for (const bad of [
      null,
      'x',
      { count: -1 },
      { count: 1.5 },
      { count: 1, latest: { traceId: 3 } },
      { count: 1, latest: 'x' },
    ]) {
      expect(parseErrorTraceReport(bad)).toBeNull();
    }
    expect(
      parseErrorTraceReport({ count: 1, latest: { traceId: 't', name: 'n'.repeat(1000) } })?.latest?.name,
    ).toHaveLength(200);
  });

  it('updates the badge from the own window only, and tells when the count rose', () => {
    const handlers = new Map<string, (event: unknown, value: unknown) => void>();
    const ipcMain = {
      on: vi.fn((channel: string, handler: (event: unknown, value: unknown) => void) => handlers.set(channel, handler)),
      removeListener: vi.fn(),
    };
    const own = { id: 1 } as WebContents;
    const badge = { update: vi.fn(), destroy: vi.fn() };
    const onNewErrors = vi.fn();
    const stop = listenForErrorTraces({
      ipcMain: ipcMain as unknown as Pick<IpcMain, 'on' | 'removeListener'>,
      isOwnWindow: (contents) => contents === own,
      badge,
      onNewErrors,
    });
    const report = handlers.get(IPC.errorTraces);
    report?.({ sender: { id: 2 } }, { count: 5, latest: null });
    report?.({ sender: own }, { count: 'many' });
    report?.({ sender: own }, { count: 1, latest: { traceId: 'a', name: null } });
    report?.({ sender: own }, { count: 2, latest: { traceId: 'b', name: 'checkout' } });
    report?.({ sender: own }, { count: 0, latest: null });
    expect(badge.update.mock.calls).toEqual([[1], [2], [0]]);
    expect(onNewErrors.mock.calls).toEqual([
      [{ count: 1, latest: { traceId: 'a', name: null } }, 0],
      [{ count: 2, latest: { traceId: 'b', name: 'checkout' } }, 1],
    ]);
    stop();
    expect(ipcMain.removeListener).toHaveBeenCalledWith(IPC.errorTraces, report);
  });
});
