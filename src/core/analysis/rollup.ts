import { percentileOfSorted, sortedValues } from './percentile';
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

/** Whether a trace passes the trace-level filters (the time range is checked apart). */
export function traceMatches(t: TraceFact, f: AnalysisFilters): boolean {
  if (f.environment && t.environment !== f.environment) return false;
  if (f.name && t.name !== f.name) return false;
  if (f.user && t.userId !== f.user) return false;
  if (f.session && t.sessionId !== f.session) return false;
  if (f.tag && !t.tags.includes(f.tag)) return false;
  if (f.release && t.release !== f.release) return false;
  if (f.version && t.version !== f.version) return false;
  return true;
}

/** Running sums of one group (a model or an observation name). */
class Group {
  calls = 0;
  errors = 0;
  inputTokens = 0;
  outputTokens = 0;
  cachedTokens = 0;
  reasoningTokens = 0;
  cost = 0;
  latencySum = 0;
  latencies: number[] = [];
  ttfts: number[] = [];
  traces = new Set<string>();

  add(f: GenerationFact): void {
    this.calls++;
    if (f.error) this.errors++;
    this.inputTokens += f.inputTokens;
    this.outputTokens += f.outputTokens;
    this.cachedTokens += f.cachedTokens;
    this.reasoningTokens += f.reasoningTokens;
    this.cost += f.cost;
    if (f.latencyMs !== null) {
      this.latencies.push(f.latencyMs);
      this.latencySum += f.latencyMs;
    }
    if (f.ttftMs !== null) this.ttfts.push(f.ttftMs);
    this.traces.add(f.traceId);
  }

  row(key: string): GroupRow {
    const lat = sortedValues(this.latencies);
    const ttft = sortedValues(this.ttfts);
    return {
      key,
      calls: this.calls,
      traces: this.traces.size,
      avgLatencyMs: lat.length > 0 ? this.latencySum / lat.length : null,
      p50LatencyMs: percentileOfSorted(lat, 0.5),
      p95LatencyMs: percentileOfSorted(lat, 0.95),
      p99LatencyMs: percentileOfSorted(lat, 0.99),
      p50TtftMs: percentileOfSorted(ttft, 0.5),
      p95TtftMs: percentileOfSorted(ttft, 0.95),
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      cachedTokens: this.cachedTokens,
      reasoningTokens: this.reasoningTokens,
      cost: this.cost,
      errors: this.errors,
      errorRate: this.calls > 0 ? this.errors / this.calls : 0,
    };
  }
}

/** Costliest first, then the most used, then by name: a stable order for tables, legends and colors. */
function byCost(a: GroupRow, b: GroupRow): number {
  return b.cost - a.cost || b.calls - a.calls || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function distinct(counts: Map<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

/** Keeps the `TOP` largest by `value`, in descending order. */
function pushTop(list: TopTrace[], item: TopTrace, value: (t: TopTrace) => number): void {
  if (list.length === TOP && value(item) <= value(list[TOP - 1] as TopTrace)) return;
  list.push(item);
  list.sort((a, b) => value(b) - value(a) || (a.id < b.id ? -1 : 1));
  if (list.length > TOP) list.pop();
}

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
  const unit = unitFor(query.from, query.to);
  const bounds = bucketBounds(query.from, query.to, unit, query.timeZone);
  const buckets = bounds.length - 1;
  const tracesPerBucket = new Array<number>(buckets).fill(0);
  const errorsPerBucket = new Array<number>(buckets).fill(0);
  const bucketOfTrace = new Map<string, number>();
  const optionCounts = {
    environment: new Map<string, number>(),
    name: new Map<string, number>(),
    user: new Map<string, number>(),
    session: new Map<string, number>(),
    tag: new Map<string, number>(),
    release: new Map<string, number>(),
    version: new Map<string, number>(),
  } satisfies Record<keyof AnalysisFilters, Map<string, number>>;
  const count = (m: Map<string, number>, v: string | null) => {
    if (v) m.set(v, (m.get(v) ?? 0) + 1);
  };
  const mostExpensive: TopTrace[] = [];
  const slowest: TopTrace[] = [];
  let errorTraces = 0;

  for (const t of traces) {
    if (t.startTime < query.from || t.startTime >= query.to) continue;
    count(optionCounts.environment, t.environment);
    count(optionCounts.name, t.name);
    count(optionCounts.user, t.userId);
    count(optionCounts.session, t.sessionId);
    for (const tag of t.tags) count(optionCounts.tag, tag);
    count(optionCounts.release, t.release);
    count(optionCounts.version, t.version);
    if (!traceMatches(t, query.filters)) continue;
    const b = bucketIndex(bounds, t.startTime);
    bucketOfTrace.set(t.id, b);
    if (b >= 0) tracesPerBucket[b] = (tracesPerBucket[b] as number) + 1;
    if (t.error) {
      errorTraces++;
      if (b >= 0) errorsPerBucket[b] = (errorsPerBucket[b] as number) + 1;
    }
    const top: TopTrace = { id: t.id, name: t.name, startTime: t.startTime, latencyMs: t.latencyMs, cost: t.totalCost };
    if (t.totalCost > 0) pushTop(mostExpensive, top, (x) => x.cost);
    pushTop(slowest, top, (x) => x.latencyMs);
  }

  const models = new Map<string, Group>();
  const names = new Map<string, Group>();
  const costByModel = new Map<string, number[]>();
  let generations = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let cost = 0;
  for (const f of facts) {
    const b = bucketOfTrace.get(f.traceId);
    if (b === undefined) continue;
    generations++;
    inputTokens += f.inputTokens;
    outputTokens += f.outputTokens;
    cost += f.cost;
    const model = f.model ?? NO_MODEL;
    let g = models.get(model);
    if (!g) {
      g = new Group();
      models.set(model, g);
      costByModel.set(model, new Array<number>(buckets).fill(0));
    }
    g.add(f);
    let n = names.get(f.name);
    if (!n) {
      n = new Group();
      names.set(f.name, n);
    }
    n.add(f);
    const series = costByModel.get(model) as number[];
    if (b >= 0) series[b] = (series[b] as number) + f.cost;
  }

  const modelRows = [...models].map(([key, g]) => g.row(key)).sort(byCost);
  const traceCount = bucketOfTrace.size;
  return {
    totals: {
      traces: traceCount,
      generations,
      inputTokens,
      outputTokens,
      cost,
      errorTraces,
      errorRate: traceCount > 0 ? errorTraces / traceCount : null,
    },
    models: modelRows,
    names: [...names].map(([key, g]) => g.row(key)).sort(byCost),
    series: {
      unit,
      bounds,
      costByModel: modelRows.map((r) => ({ model: r.key, values: costByModel.get(r.key) as number[] })),
      traces: tracesPerBucket,
      errorTraces: errorsPerBucket,
    },
    mostExpensive,
    slowest,
    options: {
      environment: distinct(optionCounts.environment),
      name: distinct(optionCounts.name),
      user: distinct(optionCounts.user),
      session: distinct(optionCounts.session),
      tag: distinct(optionCounts.tag),
      release: distinct(optionCounts.release),
      version: distinct(optionCounts.version),
    },
  };
}
