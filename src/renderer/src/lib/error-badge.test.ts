import 'fake-indexeddb/auto';
import type { TraceSummary } from '@core/model/types';
import type { ErrorTraceReport } from '@core/wire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../store/db';
import { reportNewErrorTraces } from './error-badge';

const trace = (id: string, worstLevel: TraceSummary['worstLevel'], name: string | null = id) =>
  ({ id, name, worstLevel }) as TraceSummary;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('new error traces for the badge', () => {
  it('counts traces that turned into errors while the window was in the background, once each', async () => {
    const db = openDb('loupe-error-badge-test');
    await db.traces.bulkPut([trace('ok', 'DEFAULT'), trace('e1', 'ERROR', 'checkout'), trace('e2', 'ERROR', null)]);
    let stored: ((traceIds: string[]) => void) | undefined;
    const reports: ErrorTraceReport[] = [];
    const win = Object.assign(new EventTarget(), {
      loupe: {
        onStored: (callback: (traceIds: string[]) => void) => {
          stored = callback;
          return () => undefined;
        },
        reportErrorTraces: (report: ErrorTraceReport) => reports.push(report),
      },
    });
    let focused = false;
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', { hasFocus: () => focused });
    const stop = reportNewErrorTraces(db);
    const settle = () => new Promise((done) => setTimeout(done, 20));

    stored?.(['ok', 'e1']);
    await settle();
    stored?.(['e1', 'missing']);
    await settle();
    stored?.(['e2']);
    await settle();
    expect(reports).toEqual([
      { count: 1, latest: { traceId: 'e1', name: 'checkout' } },
      { count: 2, latest: { traceId: 'e2', name: null } },
    ]);

    // Looking at the window resets the count; errors seen while it has the focus are not counted.
    focused = true;
    win.dispatchEvent(new Event('focus'));
    stored?.(['e1']);
    await settle();
    expect(reports.at(-1)).toEqual({ count: 0, latest: null });
    expect(reports).toHaveLength(3);
    stop();
    db.close();
  });

  it('does nothing in a browser, where there is no badge', () => {
    vi.stubGlobal('window', new EventTarget());
    expect(() => reportNewErrorTraces(openDb('loupe-error-badge-none'))()).not.toThrow();
  });
});
