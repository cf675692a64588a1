/**
 * The facts the Analysis view aggregates: one small record per generation and per trace, with only the numbers
 * and names the charts and tables need. They are derived from the stored observations and trace summaries.
 */

/** One model call (a GENERATION or EMBEDDING observation), as the store keeps it for analysis. */
export interface GenerationFact {
  traceId: string;
  id: string;
  /** Epoch ms when the call started. */
  startTime: number;
  model: string | null;
  name: string;
  /** End minus start; null while the call has not ended. */
  latencyMs: number | null;
  /** Completion start minus start; null when the SDK did not report a first token. */
  ttftMs: number | null;
  /** All input tokens, cached ones included (as the trace list counts them). */
  inputTokens: number;
  /** All output tokens, reasoning ones included. */
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  /** US dollars. */
  cost: number;
  error: boolean;
  /** Set when the SDK sent no usage and Loupe counted it (`usageSource: 'inferred'`): tokens and cost are inferred. */
  inferred?: true;
  /** Epoch ms of the write that produced this version: lets readers fetch only what changed since they looked. */
  seq: number;
}

/** The trace-level fields the filters, time buckets and error rate need. */
export interface TraceFact {
  id: string;
  name: string | null;
  startTime: number;
  latencyMs: number;
  totalCost: number;
  /** The run failed: its root ended in ERROR (trace/status.ts). */
  error: boolean;
  userId: string | null;
  sessionId: string | null;
  tags: string[];
  environment: string;
  release: string | null;
  version: string | null;
  /** Epoch ms of the last change, for incremental reads. */
  updatedAt: number;
}

/** The trace-level filters the Analysis view shares with the trace list. Empty strings mean "any". */
export interface AnalysisFilters {
  environment: string;
  name: string;
  user: string;
  session: string;
  tag: string;
  release: string;
  version: string;
}

export const NO_ANALYSIS_FILTERS: AnalysisFilters = {
  environment: '',
  name: '',
  user: '',
  session: '',
  tag: '',
  release: '',
  version: '',
};

export interface AnalysisQuery {
  /** Traces that started at or after `from` and before `to` (epoch ms). */
  from: number;
  to: number;
  /** IANA time zone the time buckets follow (days start at local midnight, DST days included). */
  timeZone: string;
  filters: AnalysisFilters;
}

export interface Totals {
  traces: number;
  generations: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  /** Runs that failed: their root ended in ERROR (trace/status.ts). A run that recovered from a failed step is none. */
  errorTraces: number;
  /** Share of traces whose run failed, 0 to 1; null without traces. */
  errorRate: number | null;
  /** Model calls that ended in ERROR, in failed and recovered runs alike. */
  failedCalls: number;
}

/** One row of the per-model or per-name table. Latencies in ms; null when no call reported one. */
export interface GroupRow {
  key: string;
  calls: number;
  traces: number;
  avgLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
  p50TtftMs: number | null;
  p95TtftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  cost: number;
  errors: number;
  /** Share of calls with level ERROR, 0 to 1. */
  errorRate: number;
  /** Calls whose usage and cost Loupe inferred (the SDK sent none); absent when none. */
  inferredCalls?: number;
}

export interface TimeSeries {
  unit: 'hour' | 'day';
  /** Bucket boundaries: bucket i covers [bounds[i], bounds[i + 1]). One more than the buckets. */
  bounds: number[];
  /** Cost per bucket for each model, in the order of the per-model table. */
  costByModel: { model: string; values: number[] }[];
  traces: number[];
  errorTraces: number[];
}

export interface TopTrace {
  id: string;
  name: string | null;
  startTime: number;
  latencyMs: number;
  cost: number;
}

export interface AnalysisResult {
  totals: Totals;
  models: GroupRow[];
  names: GroupRow[];
  series: TimeSeries;
  mostExpensive: TopTrace[];
  slowest: TopTrace[];
  /** Values present in the range, most frequent first, for the filter menus. */
  options: Record<keyof AnalysisFilters, string[]>;
}

/** Shown for calls without a model name; not a real model, so it cannot be filtered on. */
export const NO_MODEL = '(no model)';
