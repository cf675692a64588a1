import type { TraceSummary } from '@core/model/types';
import { traceStatus } from '@core/trace/status';

/** A conversation: every trace that carried the same session id. */
export interface SessionSummary {
  id: string;
  traceCount: number;
  firstStart: number;
  lastEnd: number;
  totalTokens: number;
  totalCost: number;
  /** Traces whose run failed (their root did, trace/status.ts). */
  failedRuns: number;
  /** Failed steps across the session's traces, in runs that failed and runs that recovered alike. */
  failedSteps: number;
  userIds: string[];
}

/*
 * Summaries are read as stored, and a store can hold anything: a number field that is not a number counts as NaN (the
 * view marks it), a session or user id that is not a string is left out, and nothing here throws.
 */
const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
/** For ordering: NaN would make the comparator inconsistent, so broken times sort first. */
const orderable = (v: unknown): number => (typeof v === 'number' && !Number.isNaN(v) ? v : Number.NEGATIVE_INFINITY);

export function summarizeSessions(traces: readonly TraceSummary[]): SessionSummary[] {
  const byId = new Map<string, SessionSummary>();
  for (const t of traces) {
    if (typeof t.sessionId !== 'string' || !t.sessionId) continue;
    let s = byId.get(t.sessionId);
    if (!s) {
      s = {
        id: t.sessionId,
        traceCount: 0,
        firstStart: num(t.startTime),
        lastEnd: num(t.endTime),
        totalTokens: 0,
        totalCost: 0,
        failedRuns: 0,
        failedSteps: 0,
        userIds: [],
      };
      byId.set(t.sessionId, s);
    }
    s.traceCount++;
    s.firstStart = Math.min(s.firstStart, num(t.startTime));
    s.lastEnd = Math.max(s.lastEnd, num(t.endTime));
    s.totalTokens += num(t.totalTokens);
    s.totalCost += num(t.totalCost);
    const status = traceStatus(t);
    if (status.outcome === 'failed') s.failedRuns++;
    s.failedSteps += status.failedSteps;
    if (typeof t.userId === 'string' && t.userId && !s.userIds.includes(t.userId)) s.userIds.push(t.userId);
  }
  // Most recently active first, like the trace list.
  return [...byId.values()].sort((a, b) => orderable(b.lastEnd) - orderable(a.lastEnd) || (a.id < b.id ? -1 : 1));
}

/** The traces of one session in the order they happened. */
export function sessionTraces(traces: readonly TraceSummary[], sessionId: string): TraceSummary[] {
  return traces
    .filter((t) => t.sessionId === sessionId)
    .sort((a, b) => orderable(a.startTime) - orderable(b.startTime) || (String(a.id) < String(b.id) ? -1 : 1));
}

/**
 * The text of a turn when it is just text: a string, or an object with one string field (`{question}`,
 * `{answer}`), which is how SDKs often wrap a chat turn. Anything richer is shown as a value instead.
 */
export function turnText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.values(value);
  return entries.length === 1 && typeof entries[0] === 'string' ? entries[0] : null;
}
