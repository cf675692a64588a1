import { traceFact } from '@core/analysis/facts';
import { analyze } from '@core/analysis/rollup';
import { checkTimeZone } from '@core/analysis/time-buckets';
import { type GroupRow, NO_ANALYSIS_FILTERS } from '@core/analysis/types';
import { alignTrees } from '@core/compare/align';
import { pairDelta, traceDelta } from '@core/compare/deltas';
import {
  AgentQueryError,
  type AgentQueryOps,
  type CompareResult,
  type CompareRow,
  type FigureRow,
  type FiguresResult,
  type SessionItem,
  type SessionResult,
} from '@core/mcp/agent-queries';
import { valueText } from '@core/mcp/clip';
import { inlineValue, intArg, iso, parseTime, traceItem } from '@core/mcp/items';
import type { ObservationRow } from '@core/model/types';
import { type SessionSummary, sessionTraces, summarizeSessions } from '../features/sessions/sessions';
import { noTrace } from './agent-query-traces';
import type { LoupeDb } from './db';
import { generationFactsOf } from './generation-facts';
import { traceObservations } from './queries';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per group table and top lists: the Analysis view's tables, cut for a model. */
const GROUP_ROWS = 25;
const TOP_TRACES = 5;
const COMPARE_PAGE = 100;

function sessionItem(s: SessionSummary): SessionItem {
  return {
    id: s.id,
    traces: s.traceCount,
    firstStart: iso(s.firstStart),
    lastEnd: iso(s.lastEnd),
    totalTokens: s.totalTokens,
    cost: s.totalCost,
    failedRuns: s.failedRuns,
    failedSteps: s.failedSteps,
    userIds: s.userIds,
  };
}

/** Every trace that belongs to a session (the sessionId index skips the rest). */
const sessionRows = (db: LoupeDb) => db.traces.where('sessionId').above('').toArray();

export async function listSessions(
  db: LoupeDb,
  arg: AgentQueryOps['listSessions']['arg'],
): Promise<{ sessions: SessionItem[]; nextCursor: string | null }> {
  const limit = intArg(arg.limit, 20, 1, 100, 'limit');
  const offset = arg.cursor === undefined ? 0 : Number(arg.cursor);
  if (!Number.isInteger(offset) || offset < 0)
    throw new AgentQueryError(`cursor must be the nextCursor of a previous answer; got ${JSON.stringify(arg.cursor)}`);
  const rows = await sessionRows(db);
  const all = summarizeSessions(arg.userId ? rows.filter((t) => t.userId === arg.userId) : rows);
  const page = all.slice(offset, offset + limit);
  return { sessions: page.map(sessionItem), nextCursor: offset + limit < all.length ? String(offset + limit) : null };
}

export async function getSession(db: LoupeDb, arg: AgentQueryOps['getSession']['arg']): Promise<SessionResult> {
  const limit = intArg(arg.limit, 50, 1, 200, 'limit');
  const rows = await db.traces.where('sessionId').equals(arg.sessionId).toArray();
  const summary = summarizeSessions(rows)[0];
  if (!summary)
    throw new AgentQueryError(
      `no session with id ${JSON.stringify(arg.sessionId)} is stored; list_sessions shows the stored ones`,
    );
  const ordered = sessionTraces(rows, arg.sessionId).slice(0, limit);
  const bodies = await db.traceBodies.bulkGet(ordered.map((t) => t.id));
  return {
    session: sessionItem(summary),
    turns: ordered.map((t, i) => ({
      ...traceItem(t),
      input: inlineValue(valueText(bodies[i]?.input), { traceId: t.id, observationId: null, field: 'input' }),
      output: inlineValue(valueText(bodies[i]?.output), { traceId: t.id, observationId: null, field: 'output' }),
    })),
    moreTraces: Math.max(0, rows.length - ordered.length),
  };
}

const figureRow = (g: GroupRow): FigureRow => ({
  key: g.key,
  calls: g.calls,
  traces: g.traces,
  avgLatencyMs: g.avgLatencyMs,
  p95LatencyMs: g.p95LatencyMs,
  inputTokens: g.inputTokens,
  outputTokens: g.outputTokens,
  cost: g.cost,
  errors: g.errors,
});

/** The Analysis view's figures for a time range (the last 24 hours without one), from the same facts it reads. */
export async function figures(
  db: LoupeDb,
  arg: AgentQueryOps['figures']['arg'],
  now = Date.now(),
): Promise<FiguresResult> {
  const to = arg.to === undefined ? now : parseTime(arg.to, 'to');
  const from = arg.from === undefined ? to - DAY_MS : parseTime(arg.from, 'from');
  if (from >= to) throw new AgentQueryError(`from (${iso(from)}) must be before to (${iso(to)})`);
  const timeZone = arg.timeZone ?? 'UTC';
  try {
    checkTimeZone(timeZone);
  } catch {
    throw new AgentQueryError(
      `timeZone must be an IANA time zone such as Europe/Paris or UTC; got ${JSON.stringify(timeZone)}`,
    );
  }
  const traces = await db.traces.where('startTime').between(from, to, true, false).toArray();
  // The Analysis view's facts, derived from the rows of the traces in range as its snapshot rebuild does.
  const rows = await Promise.all(traces.map((t) => traceObservations(db, t.id)));
  const facts = generationFactsOf(rows.flat(), 0);
  const result = analyze(traces.map(traceFact), facts, { from, to, timeZone, filters: NO_ANALYSIS_FILTERS });
  const { totals } = result;
  return {
    from: iso(from),
    to: iso(to),
    totals: {
      traces: totals.traces,
      generations: totals.generations,
      inputTokens: totals.inputTokens,
      outputTokens: totals.outputTokens,
      cost: totals.cost,
      failedRuns: totals.errorTraces,
      errorRate: totals.errorRate,
      failedCalls: totals.failedCalls,
    },
    byModel: result.models.slice(0, GROUP_ROWS).map(figureRow),
    byStep: result.names.slice(0, GROUP_ROWS).map(figureRow),
    mostExpensive: result.mostExpensive
      .slice(0, TOP_TRACES)
      .map((t) => ({ id: t.id, name: t.name, start: iso(t.startTime), cost: t.cost })),
    slowest: result.slowest
      .slice(0, TOP_TRACES)
      .map((t) => ({ id: t.id, name: t.name, start: iso(t.startTime), latencyMs: t.latencyMs })),
  };
}

const side = (row: ObservationRow | null) => (row ? { id: row.id, type: row.type, name: row.name } : null);

/** Two runs aligned step by step as the Compare view aligns them, with only what changed on each row. */
export async function compareTraces(db: LoupeDb, arg: AgentQueryOps['compareTraces']['arg']): Promise<CompareResult> {
  const offset = intArg(arg.offset, 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
  const limit = intArg(arg.limit, COMPARE_PAGE, 1, 500, 'limit');
  const [ta, tb] = await Promise.all([db.traces.get(arg.a), db.traces.get(arg.b)]);
  if (!ta) throw noTrace(arg.a);
  if (!tb) throw noTrace(arg.b);
  const [rowsA, rowsB] = await Promise.all([traceObservations(db, arg.a), traceObservations(db, arg.b)]);
  const changed: CompareRow[] = [];
  let unchanged = 0;
  for (const aligned of alignTrees(rowsA, rowsB)) {
    const d = pairDelta(aligned.a, aligned.b);
    const changes: CompareRow['changes'] = {};
    if (d.latencyMs.trend === 'worse' || d.latencyMs.trend === 'better') changes.latencyMs = d.latencyMs;
    if (d.totalTokens.trend === 'worse' || d.totalTokens.trend === 'better') changes.totalTokens = d.totalTokens;
    if (d.cost.trend === 'worse' || d.cost.trend === 'better') changes.cost = d.cost;
    if (d.model.changed) changes.model = { a: d.model.a, b: d.model.b };
    if (d.level.changed) changes.level = { a: d.level.a, b: d.level.b };
    if (d.parameters.length > 0) changes.parameters = d.parameters.map((p) => p.key);
    if (aligned.status === 'matched' && Object.keys(changes).length === 0) {
      unchanged++;
      continue;
    }
    changed.push({
      path: aligned.path,
      depth: aligned.depth,
      status: aligned.status,
      a: side(aligned.a),
      b: side(aligned.b),
      changes,
    });
  }
  const end = Math.min(changed.length, offset + limit);
  return {
    a: traceItem(ta),
    b: traceItem(tb),
    delta: traceDelta(ta, tb),
    rows: changed.slice(offset, end),
    totalRows: changed.length + unchanged,
    unchangedRows: unchanged,
    offset,
    nextOffset: end < changed.length ? end : null,
  };
}
