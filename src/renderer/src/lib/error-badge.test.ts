import type { TraceSummary } from '@core/model/types';
import type { ErrorTraceReport } from '@core/wire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportNewErrorTraces } from './error-badge';

const trace = (id: string, worstLevel: TraceSummary['worstLevel'], name: string | null = id) =>
  ({ id, name, worstLevel, errorCount: worstLevel === 'ERROR' ? 1 : 0 }) as TraceSummary;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('new error traces for the badge', () => {
  it('counts runs that failed while the window was in the background, once each, and no run that recovered', () => {
    // A fallback model answered after the first call failed: the root succeeded, so the run is no alarm.
    const recovered = { ...trace('recovered', 'ERROR'), rootLevel: 'DEFAULT' } as TraceSummary;
    const e1 = trace('e1', 'ERROR', 'checkout');
    let stored: ((traceIds: string[], summaries: TraceSummary[]) => void) | undefined;
    const reports: ErrorTraceReport[] = [];
    const win = Object.assign(new EventTarget(), {
      loupe: {
        reportErrorTraces: (report: ErrorTraceReport) => reports.push(report),
      },
    });
    let focused = false;
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', { hasFocus: () => focused });
    const stop = reportNewErrorTraces((callback) => {
      stored = callback;
      return () => undefined;
    });
    const commit = (...summaries: TraceSummary[]) =>
      stored?.(
        summaries.map((t) => t.id),
        summaries,
      );

    commit(trace('ok', 'DEFAULT'), recovered, e1);
    // The same failed run stored again is not counted again.
    commit(e1);
    commit(trace('e2', 'ERROR', null));
    expect(reports).toEqual([
      { count: 1, latest: { traceId: 'e1', name: 'checkout' } },
      { count: 2, latest: { traceId: 'e2', name: null } },
    ]);

    // Looking at the window resets the count; errors seen while it has the focus are not counted.
    focused = true;
    win.dispatchEvent(new Event('focus'));
    commit(e1);
    expect(reports).toEqual([
      { count: 1, latest: { traceId: 'e1', name: 'checkout' } },
      { count: 2, latest: { traceId: 'e2', name: null } },
      { count: 0, latest: null },
    ]);
    stop();
  });

  it('does nothing in a browser, where there is no badge', () => {
    vi.stubGlobal('window', new EventTarget());
    expect(() => reportNewErrorTraces(() => () => undefined)()).not.toThrow();
  });
});
