import type { TraceSummary } from '@core/model/types';
import { traceFailed } from '@core/trace/status';
import type { ErrorTraceReport } from '@core/wire/protocol';

/**
 * Counts the runs that failed (their root did: a run that recovered from a failed step is no alarm) while the window
 * was in the background, and reports the count to main (desktop app only), which shows it as a dock badge or in the
 * tray and may notify. Looking at the window again resets the count. It judges the summaries the store worker posts
 * with each commit, so it reads nothing.
 */
export function reportNewErrorTraces(
  onStoredTraces: (listener: (traceIds: string[], summaries: TraceSummary[]) => void) => () => void,
): () => void {
  const loupe = window.loupe;
  if (!loupe?.reportErrorTraces) return () => undefined;
  const seen = new Set<string>();
  let latest: ErrorTraceReport['latest'] = null;
  const report = () => loupe.reportErrorTraces({ count: seen.size, latest });

  const onStored = (summaries: TraceSummary[]) => {
    if (document.hasFocus()) return;
    let added = false;
    for (const trace of summaries) {
      if (!traceFailed(trace) || seen.has(trace.id)) continue;
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
  const stop = onStoredTraces((_traceIds, summaries) => onStored(summaries));
  window.addEventListener('focus', onFocus);
  return () => {
    stop();
    window.removeEventListener('focus', onFocus);
  };
}
