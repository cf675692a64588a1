import 'fake-indexeddb/auto';
import type { TraceSummary } from '@core/model/types';
import type { ErrorTraceReport } from '@core/wire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../store/db';
import { reportNewErrorTraces } from './error-badge';

const trace = (id: string, worstLevel: TraceSummary['worstLevel'], name: string | null = id) =>
  ({ id, name, worstLevel, errorCount: worstLevel === 'ERROR' ? 1 : 0 }) as TraceSummary;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('new error traces for the badge', () => {
  it('counts runs that failed while the window was in the background, once each, and no run that recovered', async () => {
    const db = openDb('loupe-error-badge-test');
    // A fallback model answered after the first call failed: the root succeeded, so the run is no alarm.
    const recovered = { ...trace('recovered', 'ERROR'), rootLevel: 'DEFAULT' } as TraceSummary;
    await db.traces.bulkPut([
      trace('ok', 'DEFAULT'),
      recovered,
      trace('e1', 'ERROR', 'checkout'),
      trace('e2', 'ERROR', null),
    ]);
    let stored: ((traceIds: string[]) => void) | undefined;
    const reports: ErrorTraceReport[] = [];
    const win = Object.assign(new EventTarget(), {
      loupe: {
        reportErrorTraces: (report: ErrorTraceReport) => reports.push(report),
      },
    });
    let focused = false;
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', { hasFocus: () => focused });
    const stop = reportNewErrorTraces(db, (callback) => {
      stored = callback;
      return () => undefined;
    });
    // Each report needs a read of the stored traces: wait for what the step before should have reported.
    const settle = async (count: number) => vi.waitFor(() => expect(reports).toHaveLength(count));

    stored?.(['ok', 'recovered', 'e1']);
    await settle(1);
    stored?.(['e1', 'missing']);
    stored?.(['e2']);
    await settle(2);
    expect(reports).toEqual([
      { count: 1, latest: { traceId: 'e1', name: 'checkout' } },
      { count: 2, latest: { traceId: 'e2', name: null } },
    ]);

    // Looking at the window resets the count; errors seen while it has the focus are not counted.
    focused = true;
    win.dispatchEvent(new Event('focus'));
    await settle(3);
    stored?.(['e1']);
    // A stored batch seen while focused reads nothing, so it reports nothing either.
    await new Promise((done) => setTimeout(done, 0));
    expect(reports.at(-1)).toEqual({ count: 0, latest: null });
    expect(reports).toHaveLength(3);
    stop();
    db.close();
  });

  it('does nothing in a browser, where there is no badge', () => {
    vi.stubGlobal('window', new EventTarget());
    expect(() => reportNewErrorTraces(openDb('loupe-error-badge-none'), () => () => undefined)()).not.toThrow();
  });
});
