import { IPC } from '@core/wire/ipc-channels';
import type { ErrorTraceReport } from '@core/wire/protocol';
import { type IpcMain, type IpcMainEvent, Menu, type WebContents } from 'electron';

/** The part of Electron's Tray the badge uses. */
export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface ErrorBadgeOptions {
  platform: NodeJS.Platform;
  /** `app.setBadgeCount`: the dock on macOS, the launcher on Linux desktops that show counts (Unity, KDE). */
  setBadgeCount(count: number): boolean;
  /** Makes the tray icon; called once, on Windows and Linux, which have no dock badge to rely on. */
  createTray(): TrayLike;
  showWindow(): void;
  quit(): void;
}

export interface ErrorBadge {
  update(count: number): void;
  destroy(): void;
}

const plural = (n: number) => `${n} new error trace${n === 1 ? '' : 's'}`;

/**
 * The count of new error traces where the user sees it without the window: the dock badge (macOS, Linux launchers),
 * and a tray icon (Windows, Linux) whose tooltip says the count and whose menu shows Loupe or quits.
 */
export function createErrorBadge(options: ErrorBadgeOptions): ErrorBadge {
  const { platform } = options;
  const tray = platform === 'win32' || platform === 'linux' ? options.createTray() : null;
  const refreshTray = (count: number) => {
    if (!tray) return;
    tray.setToolTip(count > 0 ? `Loupe: ${plural(count)}` : 'Loupe');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        ...(count > 0 ? [{ label: plural(count), enabled: false }, { type: 'separator' as const }] : []),
        { label: 'Show Loupe', click: options.showWindow },
        { type: 'separator' },
        { label: 'Quit', click: options.quit },
      ]),
    );
  };
  tray?.on('click', options.showWindow);
  refreshTray(0);
  let current = 0;
  return {
    update(count) {
      if (count === current) return;
      current = count;
      if (platform !== 'win32') options.setBadgeCount(count);
      refreshTray(count);
    },
    destroy() {
      tray?.destroy();
    },
  };
}

/** A report from the page, checked: it crosses a process boundary from a page that renders untrusted data. */
export function parseErrorTraceReport(value: unknown): ErrorTraceReport | null {
  if (typeof value !== 'object' || value === null) return null;
  const { count, latest } = value as { count?: unknown; latest?: unknown };
  if (!Number.isSafeInteger(count) || (count as number) < 0) return null;
  if (latest === null || latest === undefined) return { count: count as number, latest: null };
  if (typeof latest !== 'object') return null;
  const { traceId, name } = latest as { traceId?: unknown; name?: unknown };
  if (typeof traceId !== 'string' || (name !== null && typeof name !== 'string')) return null;
  return { count: count as number, latest: { traceId: traceId.slice(0, 64), name: name?.slice(0, 200) ?? null } };
}

export interface ErrorAlertsOptions {
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  isOwnWindow(contents: WebContents): boolean;
  badge: ErrorBadge;
  /** Called when the count went up, with the report and the count before it. */
  onNewErrors(report: ErrorTraceReport, previous: number): void;
}

/** Listens for the page's reports: the badge follows the count, and a rise may notify. */
export function listenForErrorTraces(options: ErrorAlertsOptions): () => void {
  let previous = 0;
  const onReport = (event: IpcMainEvent, value: unknown) => {
    if (!options.isOwnWindow(event.sender)) return;
    const report = parseErrorTraceReport(value);
    if (!report) return;
    options.badge.update(report.count);
    if (report.count > previous) options.onNewErrors(report, previous);
    previous = report.count;
  };
  options.ipcMain.on(IPC.errorTraces, onReport);
  return () => options.ipcMain.removeListener(IPC.errorTraces, onReport);
}
