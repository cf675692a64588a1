import type { Level, TraceSummary } from '../model/types';

/**
 * What a run came to, as every view shows it: the list, the sessions, the desktop badge and Analysis.
 *
 * The root's level decides. An agent that retries a failed model call with a fallback model, or that catches a tool's
 * exception and answers anyway, has an ERROR step under a root that succeeded: that run recovered, and painting it
 * red like a run that failed hides the runs that did. Failed steps are counted beside the status instead.
 *
 * Until the root arrives (a run still in flight, or a trace whose root was never exported) and for summaries stored
 * before the root's level was kept, the worst level stands in: that was the only rule then, and it never hides a
 * failure.
 */
export type TraceOutcome = 'failed' | 'recovered' | 'ok';

export interface TraceStatus {
  /** The level the run ended with: the root's, else the worst of its steps. */
  level: Level;
  outcome: TraceOutcome;
  /** Steps below the root that ended in ERROR (a call recorded twice counts once). */
  failedSteps: number;
}

export const isLevel = (v: unknown): v is Level => v === 'DEBUG' || v === 'DEFAULT' || v === 'WARNING' || v === 'ERROR';

/** Counts read from a stored row that may hold anything: what is not a count counts as none. */
const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0);

export function traceStatus(t: Pick<TraceSummary, 'rootLevel' | 'worstLevel' | 'errorCount'>): TraceStatus {
  const level = isLevel(t.rootLevel) ? t.rootLevel : isLevel(t.worstLevel) ? t.worstLevel : 'DEFAULT';
  const failed = level === 'ERROR';
  // The error count includes the root's own ERROR when it failed; the steps are what lies below it.
  const failedSteps = Math.max(0, count(t.errorCount) - (failed ? 1 : 0));
  return { level, outcome: failed ? 'failed' : failedSteps > 0 ? 'recovered' : 'ok', failedSteps };
}

/** Whether the run failed: the error rate's numerator, the "Has error" filter, the badge. */
export function traceFailed(t: Pick<TraceSummary, 'rootLevel' | 'worstLevel' | 'errorCount'>): boolean {
  return traceStatus(t).outcome === 'failed';
}

/** "1 step failed", "3 steps failed"; empty when none did. */
export function failedStepsText(n: number): string {
  return n === 0 ? '' : `${n.toLocaleString('en-US')} step${n === 1 ? '' : 's'} failed`;
}
