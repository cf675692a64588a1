import type { Level, Observation, ObservationRow, TraceBody, TraceModel, TraceSummary } from '../model/types';
import { LEVELS } from '../model/types';
import { nextPendingSameCalls } from './same-call';
import { countsTowardTotals, inputTokens, outputTokens, totalCost, totalTokens } from './usage-totals';

/**
 * Trace aggregates merged one observation at a time, in any arrival order.
 *
 * `previous` is the stored row of the same observation when it arrived before (a retry, or a later,
 * fuller version of the span): its contribution to the sums is replaced rather than added again,
 * which makes merging idempotent. Min/max and unions are idempotent by nature. Fields that can
 * only be "last value wins" (user, session, release, ...) are expected to agree across the spans of
 * a trace; SDKs propagate them from one context.
 *
 * `next` comes marked by `markSameCall` (same-call.ts) when it records a model call that counts
 * through another observation: it then adds nothing but its observation count.
 */

interface Contribution {
  input: number;
  output: number;
  total: number;
  cost: number;
  errors: number;
}

function contribution(o: ObservationRow | undefined): Contribution {
  if (!o) return { input: 0, output: 0, total: 0, cost: 0, errors: 0 };
  const counted = countsTowardTotals(o);
  return {
    input: counted ? inputTokens(o.usage) : 0,
    output: counted ? outputTokens(o.usage) : 0,
    total: counted ? totalTokens(o.usage) : 0,
    cost: counted ? totalCost(o.cost) : 0,
    // A call recorded twice failed once.
    errors: o.level === 'ERROR' && o.sameCallAs === undefined ? 1 : 0,
  };
}

/** Adds `next - prev` only when they differ, so a repeat leaves floating-point sums bit-identical. */
function apply(sum: number, next: number, prev: number): number {
  return next === prev ? sum : sum + next - prev;
}

function worse(a: Level, b: Level): Level {
  return LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a;
}

function unionSorted(a: string[], b: string[] | undefined): string[] {
  if (!b || b.length === 0) return a;
  let added = false;
  const set = new Set(a);
  for (const t of b) {
    if (!set.has(t)) {
      set.add(t);
      added = true;
    }
  }
  return added ? [...set].sort() : a;
}

/** Models kept on a trace's summary: more than any list cell shows, bounded for a trace that names thousands. */
export const MAX_TRACE_MODELS = 20;

/**
 * The trace's models with `model` seen at `at`: each keeps its earliest start, in start order (then by name), and
 * only the MAX_TRACE_MODELS earliest stay, so the result depends on the observations, not on their arrival order.
 */
function withModel(models: readonly TraceModel[] | undefined, model: string, at: number): TraceModel[] {
  const current = models?.find((m) => m.model === model);
  if (current && current.at <= at) return models as TraceModel[];
  const next = (models ?? []).filter((m) => m.model !== model);
  next.push({ model, at });
  next.sort((a, b) => a.at - b.at || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  return next.slice(0, MAX_TRACE_MODELS);
}

/** A trace with nothing merged into it yet, spanning `start` to `end`. */
export function emptyTrace(traceId: string, start: number, end = start): TraceSummary {
  return {
    id: traceId,
    name: null,
    nameIsExplicit: false,
    startTime: start,
    endTime: end,
    latencyMs: 0,
    observationCount: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    totalCost: 0,
    worstLevel: 'DEBUG',
    errorCount: 0,
    rootObservationId: null,
    userId: null,
    sessionId: null,
    tags: [],
    environment: 'default',
    release: null,
    version: null,
    updatedAt: 0,
  };
}

export function mergeObservationIntoTrace(
  trace: TraceSummary | undefined,
  next: Observation,
  previous: ObservationRow | undefined,
  now: number,
  /** Whether `next`'s parent is stored already (same-call bookkeeping, see same-call.ts). */
  parentStored = false,
): TraceSummary {
  const t: TraceSummary = trace
    ? { ...trace }
    : emptyTrace(next.traceId, next.startTime, next.endTime ?? next.startTime);
  const patch = next.trace;

  t.startTime = Math.min(t.startTime, next.startTime);
  t.endTime = Math.max(t.endTime, next.endTime ?? next.startTime);
  t.latencyMs = t.endTime - t.startTime;
  if (!previous) t.observationCount += 1;

  const add = contribution(next);
  const remove = contribution(previous);
  t.inputTokens = apply(t.inputTokens, add.input, remove.input);
  t.outputTokens = apply(t.outputTokens, add.output, remove.output);
  t.totalTokens = apply(t.totalTokens, add.total, remove.total);
  t.totalCost = apply(t.totalCost, add.cost, remove.cost);
  t.errorCount = apply(t.errorCount, add.errors, remove.errors);
  t.worstLevel = worse(t.worstLevel, next.level);
  if (typeof next.model === 'string' && next.model !== '') t.models = withModel(t.models, next.model, next.startTime);
  const pending = nextPendingSameCalls(t.pendingSameCalls, next, previous, parentStored);
  if (pending === undefined) delete t.pendingSameCalls;
  else t.pendingSameCalls = pending;

  // A parentless span is the trace root. One declared root (as_root / is_app_root: its parent is in another
  // trace or never exported) stands in for it until the real one arrives, whatever the order of arrival.
  const takesRoot =
    next.isRoot && (next.parentId === null || t.rootObservationId === null || t.rootObservationId === next.id);
  if (patch.name !== undefined) {
    t.name = patch.name;
    t.nameIsExplicit = true;
  } else if (takesRoot && !t.nameIsExplicit) {
    t.name = next.name;
  }
  if (takesRoot) {
    t.rootObservationId = next.id;
    t.rootLevel = next.level;
  }

  if (patch.userId !== undefined) t.userId = patch.userId;
  if (patch.sessionId !== undefined) t.sessionId = patch.sessionId;
  if (patch.release !== undefined) t.release = patch.release;
  if (patch.version !== undefined) t.version = patch.version;
  if (patch.public !== undefined) t.public = patch.public;
  // An observation without an environment says `default`; it must not overwrite a named one.
  const environment = patch.environment ?? (next.environment !== 'default' ? next.environment : undefined);
  if (environment !== undefined) t.environment = environment;
  t.tags = unionSorted(t.tags, patch.tags);
  t.updatedAt = now;
  return t;
}

/**
 * Trace input/output: `langfuse.trace.input/output` when a span states them (they always win),
 * else the root observation's, which only fills a value no span stated explicitly. Metadata likewise: trace metadata
 * from every span, and the root's own metadata for the keys none of them stated (docs/adr/0014).
 */
export function mergeTraceBody(body: TraceBody | undefined, next: Observation): TraceBody {
  const b: TraceBody = body ? { ...body } : { id: next.traceId, input: null, output: null, metadata: {} };
  const patch = next.trace;
  if (patch.input !== undefined) b.input = patch.input;
  else if (next.isRoot && b.input == null) b.input = next.input;
  if (patch.output !== undefined) b.output = patch.output;
  else if (next.isRoot && b.output == null) b.output = next.output;
  // Langfuse's trace takes the root observation's own metadata too (`updateActiveObservation({ metadata })`); a key
  // some span stated as trace metadata keeps that value.
  if (next.isRoot && Object.keys(next.metadata).length > 0) b.metadata = { ...next.metadata, ...b.metadata };
  if (patch.metadata) b.metadata = { ...b.metadata, ...patch.metadata };
  return b;
}
