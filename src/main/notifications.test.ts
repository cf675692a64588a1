import { describe, expect, it, vi } from 'vitest';
import { createErrorNotifier } from './notifications';

function setup(over: { enabled?: boolean; focused?: boolean; supported?: boolean } = {}) {
  const shown: { title: string; body: string; click: (() => void) | null }[] = [];
  const onClick = vi.fn();
  const notifier = createErrorNotifier({
    isSupported: () => over.supported ?? true,
    enabled: async () => over.enabled ?? true,
    windowFocused: () => over.focused ?? false,
    onClick,
    create: (options) => {
      const entry = { ...options, click: null as (() => void) | null };
      return {
        on: (event: 'click' | 'close', listener: () => void) => {
          if (event === 'click') entry.click = listener;
        },
        show: () => shown.push(entry),
      };
    },
  });
  return { notifier, shown, onClick };
}

const report = (count: number, name: string | null = 'checkout') => ({ count, latest: { traceId: 't1', name } });

describe('error notifications', () => {
  it('notifies of a new error trace while Loupe is in the background, and a click brings it back', async () => {
    const { notifier, shown, onClick } = setup();
    expect(await notifier.notify(report(1), 0)).toBe(true);
    expect(await notifier.notify(report(3, null), 1)).toBe(true);
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Loupe: a trace failed', body: 'checkout' },
      { title: 'Loupe: a trace failed', body: 'unnamed trace (3 new error traces)' },
    ]);
    shown[0]?.click?.();
    expect(onClick).toHaveBeenCalledOnce();
  });

  it('stays quiet when turned off, when the window has the focus, when unsupported, or when nothing is new', async () => {
    for (const over of [{ enabled: false }, { focused: true }, { supported: false }]) {
      const { notifier, shown } = setup(over);
      expect(await notifier.notify(report(1), 0)).toBe(false);
      expect(shown).toEqual([]);
    }
    const { notifier, shown } = setup();
    expect(await notifier.notify(report(2), 2)).toBe(false);
    expect(await notifier.notify({ count: 1, latest: null }, 0)).toBe(false);
    expect(shown).toEqual([]);
  });
});
