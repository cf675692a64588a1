import type { ErrorTraceReport } from '@core/wire/protocol';

/** The part of Electron's Notification the notifier uses. */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface ErrorNotifierOptions {
  /** `Notification.isSupported()`. */
  isSupported(): boolean;
  create(options: { title: string; body: string }): NotificationLike;
  /** The `notifications` setting, read at each new error so a change applies at once. */
  enabled(): Promise<boolean>;
  /** Whether the user is looking at Loupe already: then the page says it all. */
  windowFocused(): boolean;
  onClick(): void;
}

/**
 * A native notification when a trace turns into an error while Loupe is in the background, if the user turned
 * notifications on in the settings. One notification per rise of the count, naming the newest trace.
 */
export function createErrorNotifier(options: ErrorNotifierOptions) {
  // Electron drops the click handler of a notification that was garbage-collected: keep each alive until it goes.
  const live = new Set<NotificationLike>();
  return {
    async notify(report: ErrorTraceReport, previous: number): Promise<boolean> {
      if (report.count <= previous || !report.latest || options.windowFocused() || !options.isSupported()) return false;
      if (!(await options.enabled())) return false;
      const name = report.latest.name ?? 'unnamed trace';
      const more = report.count > 1 ? ` (${report.count} new error traces)` : '';
      const notification = options.create({ title: 'Loupe: a trace failed', body: `${name}${more}` });
      notification.on('click', () => {
        live.delete(notification);
        options.onClick();
      });
      notification.on('close', () => live.delete(notification));
      live.add(notification);
      notification.show();
      return true;
    },
  };
}
