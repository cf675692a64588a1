import { LEVELS, OBSERVATION_TYPES, type TraceSummary } from '../model/types';
import { traceStatus } from '../trace/status';
import { idOf, nameOf, PLACEHOLDER, stringOf, type TraceSkeleton } from '../tree/skeleton';
import { AgentQueryError, type TraceItem, type TreeLine } from './agent-queries';
import { clip, INLINE_CHARS } from './clip';

/** An epoch-ms time as ISO 8601; a stored value that is not a time shows as such rather than throwing. */
export function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : `(not a time: ${String(ms)})`;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Names, models, users, sessions and tags are short in practice, but a sender may make one a megabyte: each is cut
 * here, so that a page of 200 rows stays a page.
 */
const NAME_CHARS = 300;
export function short(value: string | null): string | null {
  return value === null ? null : clip(String(value), NAME_CHARS, null).text;
}

/** A trace row as an agent reads it. */
export function traceItem(t: TraceSummary): TraceItem {
  const status = traceStatus(t);
  return {
    id: t.id,
    name: short(t.name),
    start: iso(t.startTime),
    latencyMs: num(t.latencyMs),
    inputTokens: num(t.inputTokens),
    outputTokens: num(t.outputTokens),
    totalTokens: num(t.totalTokens),
    cost: num(t.totalCost),
    level: status.level,
    outcome: status.outcome,
    failedSteps: status.failedSteps,
    observations: num(t.observationCount),
    userId: short(t.userId ?? null),
    sessionId: short(t.sessionId ?? null),
    tags: Array.isArray(t.tags) ? t.tags.slice(0, 20).map((tag) => short(tag) ?? '') : [],
  };
}

/** Whether node `i` of a skeleton stands for a parent that never arrived. */
export const isPlaceholder = (s: TraceSkeleton, i: number): boolean => s.type[i] === PLACEHOLDER;

/**
 * Node `i` of a trace's skeleton (what the trace view's tree reads) as a tree row. Tokens and cost are the subtree's,
 * over the model calls in it, as the tree shows them: a wrapper span's figure is what its calls cost.
 */
export function skeletonLine(s: TraceSkeleton, i: number): TreeLine {
  const status = stringOf(s, s.status[i] as number);
  const tokens = s.tokens[i] as number;
  const cost = s.cost[i] as number;
  return {
    id: idOf(s, i),
    depth: s.depth[i] as number,
    type: OBSERVATION_TYPES[s.type[i] as number] ?? 'SPAN',
    name: short(nameOf(s, i)) ?? '',
    model: short(stringOf(s, s.model[i] as number)),
    start: iso(s.origin + (s.start[i] as number)),
    durationMs: s.open[i] ? null : Math.max(0, (s.end[i] as number) - (s.start[i] as number)),
    totalTokens: tokens > 0 ? tokens : null,
    cost: cost > 0 ? cost : null,
    level: LEVELS[s.level[i] as number] ?? 'DEFAULT',
    statusMessage: status === null ? null : clip(status, 500, null).text,
  };
}

/** An epoch-ms time from an ISO string or a number; the error says what was wrong with it. */
export function parseTime(value: string | number, field: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new AgentQueryError(
      `${field} must be an ISO 8601 time such as 2026-01-31T09:00:00Z, or epoch milliseconds; got ${JSON.stringify(value)}`,
    );
  return ms;
}

/** A whole number within bounds, `fallback` when absent. */
export function intArg(value: unknown, fallback: number, min: number, max: number, field: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new AgentQueryError(`${field} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  return value;
}

/** The cursor after a trace in newest-first order: its start time and id. */
export function traceCursor(t: Pick<TraceSummary, 'startTime' | 'id'>): string {
  return `${t.startTime}:${t.id}`;
}

export function parseTraceCursor(cursor: string): { t: number; id: string } {
  const colon = cursor.indexOf(':');
  const t = Number(cursor.slice(0, colon));
  if (colon <= 0 || !Number.isFinite(t))
    throw new AgentQueryError(
      `cursor ${JSON.stringify(cursor)} is not one Loupe gave: pass the nextCursor of a previous answer, or leave it out for the newest`,
    );
  return { t, id: cursor.slice(colon + 1) };
}

/** The short form of a value shown inline (a trace's or a turn's input and output). */
export function inlineValue(text: string, ref: Parameters<typeof clip>[2]): string {
  return clip(text, INLINE_CHARS, ref).text;
}
