import { traceFailed } from '@core/trace/status';
import type { ErrorTraceReport } from '@core/wire/protocol';
import type { LoupeDb } from '../store/db';

/**
 * Counts the runs that failed (their root did: a run that recovered from a failed step is no alarm) while the window was in the background, and reports the count to main
 * (desktop app only), which shows it as a dock badge or in the tray and may notify. Looking at the window again
 * resets the count.
 */
export function reportNewErrorTraces(
  db: LoupeDb,
  onStoredTraces: (listener: (traceIds: string[]) => void) => () => void,
): () => void {
  const loupe = window.loupe;
  if (!loupe?.reportErrorTraces) return () => undefined;
  const seen = new Set<string>();
  let latest: ErrorTraceReport['latest'] = null;
  const report = () => loupe.reportErrorTraces({ count: seen.size, latest });

  const onStored = async (traceIds: string[]) => {
    if (document.hasFocus()) return;
    const traces = await db.traces.bulkGet(traceIds);
    let added = false;
    for (const trace of traces) {
      if (!trace || !traceFailed(trace) || seen.has(trace.id)) continue;
      seen.add(trace.id);
      latest = { traceId: trace.id, name: trace.name };
      added = true;
    }
    if (added) report();
  };
  const onFocus = () => {
    if (seen.size === 0) return;
    seen.clear();
    latest = null;
    report();
  };
  const stop = onStoredTraces((traceIds) => void onStored(traceIds));
  window.addEventListener('focus', onFocus);
  return () => {
    stop();
    window.removeEventListener('focus', onFocus);
  };
}
