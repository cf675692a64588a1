import {
  AgentQueryError,
  type AgentQueryOps,
  type LastFailureResult,
  type TraceListResult,
  type TraceTreeResult,
  type TreeLine,
} from '@core/mcp/agent-queries';
import { valueText } from '@core/mcp/clip';
import {
  inlineValue,
  intArg,
  isPlaceholder,
  parseTime,
  parseTraceCursor,
  skeletonLine,
  traceCursor,
  traceItem,
} from '@core/mcp/items';
import { LEVELS, OBSERVATION_TYPES, type TraceSummary } from '@core/model/types';
import { traceFailed, traceStatus } from '@core/trace/status';
import { idOf, nameOf } from '@core/tree/skeleton';
import { Dexie } from 'dexie';
import { bodyHasText, storedBodyHasText } from '../features/trace-list/body-search';
import type { LoupeDb } from './db';
import { tracesWithModel } from './generation-facts';
import { rowsOf, traceWithBody } from './queries';
import { loadSkeletonFromStore } from './skeleton-log-store';

/** Trace rows read per step while walking the list newest first. */
const CHUNK = 500;
/** A text search reads bodies: past this many traces it stops and hands back a cursor to go on from. */
const TEXT_SEARCH_TRACES = 2_000;
/** Tree rows per page: enough for a typical agent run whole, a fraction of a 100k-observation one. */
const TREE_PAGE = 200;
const TREE_PAGE_MAX = 1_000;
/** Failing observations listed with a tree or a failure. */
const ERRORS_SHOWN = 20;

export function noTrace(traceId: string): AgentQueryError {
  return new AgentQueryError(
    `no trace with id ${JSON.stringify(traceId)} is stored; list_traces shows the stored ones (ids are 32 hex digits for OpenTelemetry traces)`,
  );
}

/**
 * Trace rows newest first (start time, then id, both descending, as the startTime index walks backwards), from just
 * after `after` (or from below `upper`), down to `lower`. Traces sharing a start time are read as a group, so a chunk
 * boundary inside one loses none.
 */
async function* newestFirst(
  db: LoupeDb,
  lower: number,
  upper: number,
  after: { t: number; id: string } | null,
): AsyncGenerator<TraceSummary> {
  let pos = after;
  let ceiling = after ? after.t : upper;
  for (;;) {
    if (pos) {
      const at = pos;
      if (at.t >= lower && at.t < upper) {
        const ties = await db.traces
          .where('startTime')
          .equals(at.t)
          .reverse()
          .filter((t) => t.id < at.id)
          .toArray();
        yield* ties;
      }
      ceiling = Math.min(at.t, upper);
    }
    if (ceiling <= lower) return;
    const rows = await db.traces
      .where('startTime')
      .between(lower, ceiling, true, false)
      .reverse()
      .limit(CHUNK)
      .toArray();
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < CHUNK) return;
    pos = { t: last.startTime, id: last.id };
  }
}

/** Whether the trace's input or output, or any of its observations', holds `q` (lowercase). */
async function bodiesContain(db: LoupeDb, traceId: string, q: string): Promise<boolean> {
  const body = await db.traceBodies.get(traceId);
  if (body && bodyHasText(body, q)) return true;
  const hit = await db.bodyChunks
    .where('[traceId+chunk]')
    .between([traceId, Dexie.minKey], [traceId, Dexie.maxKey])
    .filter((chunk) => chunk.bodies.some((b) => storedBodyHasText(b, q)))
    .first();
  return hit !== undefined;
}

export async function listTraces(db: LoupeDb, arg: AgentQueryOps['listTraces']['arg']): Promise<TraceListResult> {
  const f = arg.filters ?? {};
  const limit = intArg(arg.limit, 20, 1, 100, 'limit');
  const lower = f.from === undefined ? Number.NEGATIVE_INFINITY : parseTime(f.from, 'from');
  const upper = f.to === undefined ? Number.POSITIVE_INFINITY : parseTime(f.to, 'to');
  const after = arg.cursor ? parseTraceCursor(arg.cursor) : null;
  const name = f.name?.toLowerCase() ?? '';
  const text = f.text?.toLowerCase() ?? '';
  const tags = f.tags ?? [];
  const withModel = f.model ? await tracesWithModel(db, f.model) : null;
  const matches = (t: TraceSummary) =>
    (!name || (t.name ?? '').toLowerCase().includes(name)) &&
    (f.userId === undefined || t.userId === f.userId) &&
    (f.sessionId === undefined || t.sessionId === f.sessionId) &&
    tags.every((tag) => Array.isArray(t.tags) && t.tags.includes(tag)) &&
    (withModel === null || withModel.has(t.id)) &&
    (f.level === undefined || traceStatus(t).level === f.level) &&
    (f.hasError === undefined || traceFailed(t) === f.hasError);

  const found: TraceSummary[] = [];
  let searched = 0;
  let previous: TraceSummary | null = null;
  for await (const t of newestFirst(db, lower, upper, after)) {
    const passed = previous;
    previous = t;
    if (!matches(t)) continue;
    if (text) {
      // Stopped before this one: the cursor resumes right after the last trace looked at.
      if (searched === TEXT_SEARCH_TRACES && passed)
        return { traces: found.map(traceItem), nextCursor: traceCursor(passed), searchedTraces: searched };
      searched++;
      if (!(await bodiesContain(db, t.id, text))) continue;
    }
    if (found.length === limit)
      return { traces: found.map(traceItem), nextCursor: traceCursor(found.at(-1) as TraceSummary) };
    found.push(t);
  }
  return { traces: found.map(traceItem), nextCursor: null };
}

export async function getTrace(db: LoupeDb, arg: AgentQueryOps['getTrace']['arg']): Promise<TraceTreeResult> {
  const offset = intArg(arg.offset, 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
  const limit = intArg(arg.limit, TREE_PAGE, 1, TREE_PAGE_MAX, 'limit');
  const stored = await traceWithBody(db, arg.traceId);
  if (!stored) throw noTrace(arg.traceId);
  const { trace, body } = stored;
  // The skeleton the trace view opens (ADR 0012): one read of the trace's log, the tree in typed arrays.
  const { skeleton: s } = await loadSkeletonFromStore(db, trace.id, trace.rootObservationId);
  const nodes: number[] = [];
  const byType: Record<string, number> = {};
  const byLevel: Record<string, number> = {};
  const errors: TreeLine[] = [];
  for (let i = 0; i < s.count; i++) {
    if (isPlaceholder(s, i)) continue;
    nodes.push(i);
    const type = OBSERVATION_TYPES[s.type[i] as number] ?? 'SPAN';
    const level = LEVELS[s.level[i] as number] ?? 'DEFAULT';
    byType[type] = (byType[type] ?? 0) + 1;
    byLevel[level] = (byLevel[level] ?? 0) + 1;
    if (level === 'ERROR' && errors.length < ERRORS_SHOWN) errors.push(skeletonLine(s, i));
  }
  const end = Math.min(nodes.length, offset + limit);
  const ref = (field: string) => ({ traceId: trace.id, observationId: null, field });
  return {
    trace: { ...traceItem(trace), environment: trace.environment, release: trace.release, version: trace.version },
    input: inlineValue(valueText(body?.input), ref('input')),
    output: inlineValue(valueText(body?.output), ref('output')),
    lines: nodes.slice(offset, end).map((i) => skeletonLine(s, i)),
    totalObservations: nodes.length,
    offset,
    nextOffset: end < nodes.length ? end : null,
    byType,
    byLevel,
    errors,
  };
}

/** Runs read newest first looking for one that failed, before giving up. */
const FAILURE_SCAN = 50_000;

export async function lastFailure(db: LoupeDb): Promise<LastFailureResult> {
  let failed: TraceSummary | null = null;
  let read = 0;
  for await (const t of newestFirst(db, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, null)) {
    if (traceFailed(t)) {
      failed = t;
      break;
    }
    if (++read >= FAILURE_SCAN) break;
  }
  if (!failed) return { trace: null, failing: [], failingCount: 0 };
  const { skeleton: s } = await loadSkeletonFromStore(db, failed.id, failed.rootObservationId);
  const pathOf = (i: number) => {
    const names: string[] = [];
    for (let n = i; n >= 0 && names.length < 50; n = s.parent[n] as number)
      if (!isPlaceholder(s, n)) names.unshift(nameOf(s, n));
    return names.join(' / ');
  };
  const failing: number[] = [];
  for (let i = 0; i < s.count; i++)
    if (!isPlaceholder(s, i) && LEVELS[s.level[i] as number] === 'ERROR') failing.push(i);
  const shown = failing.slice(0, ERRORS_SHOWN);
  // The exception is on the row, not in the skeleton: read only the rows shown.
  const ids = shown.map((i) => idOf(s, i));
  const stored = await rowsOf(db, failed.id, ids);
  const rows = ids.map((id) => stored.get(id));
  return {
    trace: traceItem(failed),
    failing: shown.map((i, k) => {
      const exception = rows[k]?.exception;
      return {
        ...skeletonLine(s, i),
        path: pathOf(i),
        exception: exception
          ? inlineValue(`${exception.type ? `${exception.type}: ` : ''}${exception.message}`, null)
          : null,
      };
    }),
    failingCount: failing.length,
  };
}
