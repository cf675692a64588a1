import type { AttrValue, ObservationRow, TraceSummary } from '../model/types';
import { inputTokens, outputTokens, totalCost, totalTokens } from '../trace/usage-totals';

/** One measure on both sides; null where a side has no value (not ended, no usage reported, no cost). */
export interface NumberDelta {
  a: number | null;
  b: number | null;
  /** b − a, when both sides have a value. */
  diff: number | null;
  /** Whether B is worse (slower, more tokens, costlier), better, or the same within the measure's tolerance. */
  trend: 'worse' | 'better' | 'same' | 'unknown';
}

export interface ParameterChange {
  key: string;
  a: AttrValue | undefined;
  b: AttrValue | undefined;
}

export interface PairDelta {
  latencyMs: NumberDelta;
  inputTokens: NumberDelta;
  outputTokens: NumberDelta;
  totalTokens: NumberDelta;
  cost: NumberDelta;
  model: { a: string | null; b: string | null; changed: boolean };
  /** Only the parameters that differ, in key order. */
  parameters: ParameterChange[];
  level: { a: string | null; b: string | null; changed: boolean };
}

/**
 * Latency varies from run to run even when nothing changed: a difference counts only above 10 % and 1 ms, so the
 * table does not paint noise red. Tokens and cost are deterministic for the same call: any difference counts.
 */
const LATENCY_TOLERANCE = { relative: 0.1, absolute: 1 };
const EXACT = { relative: 0, absolute: 0 };

export function numberDelta(
  a: number | null,
  b: number | null,
  tolerance: { relative: number; absolute: number } = EXACT,
): NumberDelta {
  if (a === null || b === null) return { a, b, diff: null, trend: 'unknown' };
  const diff = b - a;
  const threshold = Math.max(tolerance.absolute, Math.abs(a) * tolerance.relative);
  // Float sums of per-token prices differ in the last bits: compare costs at a nano-dollar.
  const significant = Math.abs(diff) > threshold && Math.abs(diff) > 1e-9;
  return { a, b, diff, trend: !significant ? 'same' : diff > 0 ? 'worse' : 'better' };
}

const latencyOf = (row: ObservationRow | null) => (row && row.endTime !== null ? row.endTime - row.startTime : null);
const hasUsage = (row: ObservationRow | null): row is ObservationRow =>
  row !== null && Object.keys(row.usage).length > 0;
const costOf = (row: ObservationRow | null) => (row && Object.keys(row.cost).length > 0 ? totalCost(row.cost) : null);

/** A stable text form for comparing parameter values: object keys sorted, so `{a,b}` equals `{b,a}`. */
function canonical(value: AttrValue | undefined): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

export function parameterChanges(
  a: Record<string, AttrValue> | null,
  b: Record<string, AttrValue> | null,
): ParameterChange[] {
  const pa = a ?? {};
  const pb = b ?? {};
  const keys = [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort();
  return keys
    .filter((key) => canonical(pa[key]) !== canonical(pb[key]))
    .map((key) => ({ key, a: pa[key], b: pb[key] }));
}

/** What changed between two aligned observations; a missing side gives unknown deltas. */
export function pairDelta(a: ObservationRow | null, b: ObservationRow | null): PairDelta {
  const tokens = (row: ObservationRow | null, count: (u: ObservationRow['usage']) => number) =>
    hasUsage(row) ? count(row.usage) : null;
  const modelA = a?.model ?? null;
  const modelB = b?.model ?? null;
  return {
    latencyMs: numberDelta(latencyOf(a), latencyOf(b), LATENCY_TOLERANCE),
    inputTokens: numberDelta(tokens(a, inputTokens), tokens(b, inputTokens)),
    outputTokens: numberDelta(tokens(a, outputTokens), tokens(b, outputTokens)),
    totalTokens: numberDelta(tokens(a, totalTokens), tokens(b, totalTokens)),
    cost: numberDelta(costOf(a), costOf(b)),
    model: { a: modelA, b: modelB, changed: a !== null && b !== null && modelA !== modelB },
    parameters: a && b ? parameterChanges(a.modelParameters, b.modelParameters) : [],
    level: { a: a?.level ?? null, b: b?.level ?? null, changed: a !== null && b !== null && a.level !== b.level },
  };
}

export interface TraceDelta {
  latencyMs: NumberDelta;
  totalTokens: NumberDelta;
  cost: NumberDelta;
  observations: NumberDelta;
  errors: NumberDelta;
}

/** The whole runs side by side, from the trace rows' totals. */
export function traceDelta(a: TraceSummary, b: TraceSummary): TraceDelta {
  return {
    latencyMs: numberDelta(a.latencyMs, b.latencyMs, LATENCY_TOLERANCE),
    totalTokens: numberDelta(a.totalTokens, b.totalTokens),
    cost: numberDelta(a.totalCost, b.totalCost),
    observations: numberDelta(a.observationCount, b.observationCount),
    errors: numberDelta(a.errorCount, b.errorCount),
  };
}
