import { encodeSegment, FACT_NUMS, FACT_REFS, TRACE_NUMS, TRACE_REFS } from './fact-segments';
import { FactStore } from './fact-store';
import { percentilesInPlace } from './percentile';
import { bucketBounds, bucketIndex, unitFor } from './time-buckets';
import {
  type AnalysisFilters,
  type AnalysisQuery,
  type AnalysisResult,
  type GenerationFact,
  type GroupRow,
  NO_MODEL,
  type TopTrace,
  type TraceFact,
} from './types';

/** How many traces the "most expensive" and "slowest" lists show. */
const TOP = 10;
const byCostOf = (t: TopTrace) => t.cost;
const byLatencyOf = (t: TopTrace) => t.latencyMs;

/** Running sums of one group (a model or an observation name). */
class Group {
  calls = 0;
  errors = 0;
  inferredCalls = 0;
  inputTokens = 0;
  outputTokens = 0;
  cachedTokens = 0;
  reasoningTokens = 0;
  cost = 0;
  latencySum = 0;
  latencyCount = 0;
  ttftCount = 0;
  latencies = new Float64Array(0);
  ttfts = new Float64Array(0);
  traces = 0;
  /** The trace of the previous call: calls are added trace by trace, so a new one is a trace more. */
  lastTrace = -1;

  constructor(readonly key: string) {}

  row(): GroupRow {
    const [p50, p95, p99] = percentilesInPlace(this.latencies, [0.5, 0.95, 0.99]);
    const [ttft50, ttft95] = percentilesInPlace(this.ttfts, [0.5, 0.95]);
    return {
      key: this.key,
      calls: this.calls,
      traces: this.traces,
      avgLatencyMs: this.latencies.length > 0 ? this.latencySum / this.latencies.length : null,
      p50LatencyMs: p50 ?? null,
      p95LatencyMs: p95 ?? null,
      p99LatencyMs: p99 ?? null,
      p50TtftMs: ttft50 ?? null,
      p95TtftMs: ttft95 ?? null,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      cachedTokens: this.cachedTokens,
      reasoningTokens: this.reasoningTokens,
      cost: this.cost,
      errors: this.errors,
      errorRate: this.calls > 0 ? this.errors / this.calls : 0,
      ...(this.inferredCalls > 0 ? { inferredCalls: this.inferredCalls } : {}),
    };
  }
}

/** Costliest first, then the most used, then by name: a stable order for tables, legends and colors. */
function byCost(a: GroupRow, b: GroupRow): number {
  return b.cost - a.cost || b.calls - a.calls || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The values counted in `counts` (per string reference), most frequent first, then by value. */
function distinct(counts: Int32Array, strings: readonly string[]): string[] {
  const out: [string, number][] = [];
  counts.forEach((n, r) => {
    if (n > 0) out.push([strings[r] as string, n]);
  });
  return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

function increment(a: Int32Array | Float64Array, i: number, by: number): void {
  a[i] = (a[i] as number) + by;
}

/** Whether a trace with `value` gets into `list`, which keeps the `TOP` largest by `by`. */
function entersTop(list: TopTrace[], value: number, by: (t: TopTrace) => number): boolean {
  const last = list[TOP - 1];
  return !(list.length === TOP && last && value <= by(last));
}

function insertTop(list: TopTrace[], item: TopTrace, by: (t: TopTrace) => number): void {
  list.push(item);
  list.sort((a, b) => by(b) - by(a) || (a.id < b.id ? -1 : 1));
  if (list.length > TOP) list.pop();
}

/** Adds the call at `n` in `nums` (see FACT_NUMS) of trace slot `trace` to a group. */
function addCall(g: Group, nums: Float64Array, n: number, trace: number): void {
  g.calls++;
  if (nums[n + 8] === 1) g.errors++;
  else if (nums[n + 8] === 2) g.inferredCalls++;
  g.inputTokens += nums[n + 3] as number;
  g.outputTokens += nums[n + 4] as number;
  g.cachedTokens += nums[n + 5] as number;
  g.reasoningTokens += nums[n + 6] as number;
  g.cost += nums[n + 7] as number;
  const latency = nums[n + 1] as number;
  if (!Number.isNaN(latency)) {
    g.latencySum += latency;
    g.latencyCount++;
  }
  if (!Number.isNaN(nums[n + 2] as number)) g.ttftCount++;
  if (g.lastTrace !== trace) {
    g.traces++;
    g.lastTrace = trace;
  }
}

/** Puts the latency and time to first token at `n` into the group's arrays (sized by `addCall`'s counts). */
function fillCall(g: Group, nums: Float64Array, n: number): void {
  const latency = nums[n + 1] as number;
  const ttft = nums[n + 2] as number;
  if (!Number.isNaN(latency)) g.latencies[g.latencyCount++] = latency;
  if (!Number.isNaN(ttft)) g.ttfts[g.ttftCount++] = ttft;
}

/** The trace fields the filters compare, in the order of a trace's string references (see TRACE_REFS). */
const FIELDS = [
  'name',
  'user',
  'session',
  'environment',
  'release',
  'version',
] as const satisfies readonly (keyof AnalysisFilters)[];

/**
 * Aggregates the traces that started in the query's range and pass its filters, and the generations of those
 * traces. Every figure is attributed to the trace's start time, so the traces behind any bucket or row are exactly
 * what the trace list shows for the same range and filters.
 */
export function analyze(
  traces: Iterable<TraceFact>,
  facts: Iterable<GenerationFact>,
  query: AnalysisQuery,
): AnalysisResult {
  const store = new FactStore();
  store.apply(encodeSegment([...traces], [...facts]));
  return analyzeStore(store, query);
}

/**
 * `analyze` over the columns of a fact store: one pass over the traces (a bucket per selected trace, in an array
 * indexed by trace slot), one over the calls, and one more over the selected calls to fill each group's latencies
 * into a Float64Array, where the percentiles are selected in place. No object is made per trace or call.
 */
export function analyzeStore(store: FactStore, query: AnalysisQuery): AnalysisResult {
  const unit = unitFor(query.from, query.to);
  const bounds = bucketBounds(query.from, query.to, unit, query.timeZone);
  const buckets = bounds.length - 1;
  const tracesPerBucket = new Array<number>(buckets).fill(0);
  const errorsPerBucket = new Array<number>(buckets).fill(0);
  const strings = store.strings.strings;
  const present = (r: number) => r >= 0 && strings[r] !== '';

  // Filters as string references. A value the store has never seen matches nothing: -2, as -1 is a field left empty.
  const f = query.filters;
  const refOf = (value: string) => {
    const r = store.strings.find(value);
    return r < 0 ? -2 : r;
  };
  const wanted = FIELDS.map((k) => (f[k] ? refOf(f[k]) : null));
  const wantedTag = f.tag ? refOf(f.tag) : null;
  const counts = FIELDS.map(() => new Int32Array(strings.length));
  const tagCounts = new Int32Array(strings.length);

  // Per trace slot: its bucket (-1: selected, outside the buckets), or NOT_SELECTED.
  const NOT_SELECTED = -2;
  const bucketOf = new Int32Array(store.traceSlots).fill(NOT_SELECTED);
  const selectedTraces = new Int32Array(store.liveTraces);
  const mostExpensive: TopTrace[] = [];
  const slowest: TopTrace[] = [];
  let traceCount = 0;
  let errorTraces = 0;
  const { traceRefs, traceNums, traceAlive, traceTags, traceIds } = store;
  for (let t = 0; t < store.traceSlots; t++) {
    if (!traceAlive[t]) continue;
    const start = traceNums[t * TRACE_NUMS] as number;
    if (start < query.from || start >= query.to) continue;
    let match = true;
    for (let k = 0; k < FIELDS.length; k++) {
      const r = traceRefs[t * TRACE_REFS + k] as number;
      if (present(r)) increment(counts[k] as Int32Array, r, 1);
      const w = wanted[k];
      if (w !== null && w !== undefined && r !== w) match = false;
    }
    const tags = traceTags[t] ?? [];
    for (const tag of tags) if (present(tag)) increment(tagCounts, tag, 1);
    if (wantedTag !== null && !tags.includes(wantedTag)) match = false;
    if (!match) continue;
    const b = bucketIndex(bounds, start);
    bucketOf[t] = b;
    selectedTraces[traceCount++] = t;
    if (b >= 0) tracesPerBucket[b] = (tracesPerBucket[b] as number) + 1;
    if (traceNums[t * TRACE_NUMS + 3] === 1) {
      errorTraces++;
      if (b >= 0) errorsPerBucket[b] = (errorsPerBucket[b] as number) + 1;
    }
    const latencyMs = traceNums[t * TRACE_NUMS + 1] as number;
    const cost = traceNums[t * TRACE_NUMS + 2] as number;
    const expensive = cost > 0 && entersTop(mostExpensive, cost, byCostOf);
    const slow = entersTop(slowest, latencyMs, byLatencyOf);
    if (expensive || slow) {
      const nameRef = traceRefs[t * TRACE_REFS] as number;
      const name = nameRef < 0 ? null : (strings[nameRef] as string);
      const id = traceIds[t] as string;
      if (expensive) insertTop(mostExpensive, { id, name, startTime: start, latencyMs, cost }, byCostOf);
      if (slow) insertTop(slowest, { id, name, startTime: start, latencyMs, cost }, byLatencyOf);
    }
  }

  // Groups by key, found by string reference (-1, no model, is the NO_MODEL group).
  const models: Group[] = [];
  const names: Group[] = [];
  const modelGroupOf = new Int32Array(strings.length + 1).fill(-1);
  const nameGroupOf = new Int32Array(strings.length + 1).fill(-1);
  const modelByKey = new Map<string, number>();
  const nameByKey = new Map<string, number>();
  const groupOf = (r: number, cache: Int32Array, groups: Group[], byKey: Map<string, number>, none: string) => {
    let g = cache[r + 1] as number;
    if (g < 0) {
      const key = r < 0 ? none : (strings[r] as string);
      g = byKey.get(key) ?? -1;
      if (g < 0) {
        g = groups.length;
        groups.push(new Group(key));
        byKey.set(key, g);
      }
      cache[r + 1] = g;
    }
    return g;
  };
  const costByModel: Float64Array[] = [];
  const selected = new Int32Array(store.liveFacts);
  const factModel = new Int32Array(store.liveFacts);
  const factName = new Int32Array(store.liveFacts);
  let generations = 0;
  let failedCalls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let cost = 0;
  const { traceFirstFact, factNext, factRefs, factNums } = store;
  // Trace by trace, through each trace's chain of calls: only the selected traces' calls are visited.
  for (let k = 0; k < traceCount; k++) {
    const trace = selectedTraces[k] as number;
    const b = bucketOf[trace] as number;
    for (let i = traceFirstFact[trace] as number; i >= 0; i = factNext[i] as number) {
      const n = i * FACT_NUMS;
      const c = factNums[n + 7] as number;
      inputTokens += factNums[n + 3] as number;
      outputTokens += factNums[n + 4] as number;
      cost += c;
      if (factNums[n + 8] === 1) failedCalls++;
      const m = groupOf(factRefs[i * FACT_REFS] as number, modelGroupOf, models, modelByKey, NO_MODEL);
      const nm = groupOf(factRefs[i * FACT_REFS + 1] as number, nameGroupOf, names, nameByKey, '');
      if (m === costByModel.length) costByModel.push(new Float64Array(buckets));
      addCall(models[m] as Group, factNums, n, trace);
      addCall(names[nm] as Group, factNums, n, trace);
      if (b >= 0) increment(costByModel[m] as Float64Array, b, c);
      selected[generations] = i;
      factModel[generations] = m;
      factName[generations] = nm;
      generations++;
    }
  }

  // Latencies and times to first token into one array per group, for the percentiles.
  const fill = [...models, ...names];
  for (const g of fill) {
    g.latencies = new Float64Array(g.latencyCount);
    g.ttfts = new Float64Array(g.ttftCount);
    g.latencyCount = 0;
    g.ttftCount = 0;
  }
  for (let k = 0; k < generations; k++) {
    const n = (selected[k] as number) * FACT_NUMS;
    fillCall(models[factModel[k] as number] as Group, factNums, n);
    fillCall(names[factName[k] as number] as Group, factNums, n);
  }

  const options = { tag: distinct(tagCounts, strings) } as AnalysisResult['options'];
  FIELDS.forEach((field, k) => {
    options[field] = distinct(counts[k] as Int32Array, strings);
  });
  const modelRows = models.map((g) => g.row()).sort(byCost);
  return {
    totals: {
      traces: traceCount,
      generations,
      inputTokens,
      outputTokens,
      cost,
      errorTraces,
      errorRate: traceCount > 0 ? errorTraces / traceCount : null,
      failedCalls,
    },
    models: modelRows,
    names: names.map((g) => g.row()).sort(byCost),
    series: {
      unit,
      bounds,
      costByModel: modelRows.map((r) => ({
        model: r.key,
        values: Array.from(costByModel[modelByKey.get(r.key) as number] as Float64Array),
      })),
      traces: tracesPerBucket,
      errorTraces: errorsPerBucket,
    },
    mostExpensive,
    slowest,
    options,
  };
}
