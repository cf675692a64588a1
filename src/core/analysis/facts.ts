import type { ObservationRow, TraceSummary, UsageDetails } from '../model/types';
import { traceStatus } from '../trace/status';
import { countsTowardTotals, inputTokens, outputTokens, totalCost } from '../trace/usage-totals';
import type { GenerationFact, TraceFact } from './types';

// Providers name the same counts differently: OpenAI `input_cached_tokens`, Anthropic `cache_read_input_tokens`,
// OpenTelemetry GenAI `cache_read`, OpenAI `output_reasoning_tokens`, others `reasoning_tokens`.
const CACHED = /cache(d)?_?read|input_cached|cached_tokens|^cached$/i;
const REASONING = /reasoning/i;

function sumMatching(usage: UsageDetails, pattern: RegExp): number {
  let n = 0;
  for (const key in usage) if (pattern.test(key) && Number.isFinite(usage[key])) n += usage[key] as number;
  return n;
}

const finiteOr0 = (n: number) => (Number.isFinite(n) ? n : 0);

/**
 * The analysis record of a model call; null for other observations. Only generations and embeddings count, as for
 * the trace totals: wrapper spans repeat the usage of the calls below them.
 */
export function generationFact(row: ObservationRow, seq: number): GenerationFact | null {
  if (!countsTowardTotals(row)) return null;
  const latency = row.endTime === null ? null : Math.max(0, row.endTime - row.startTime);
  const ttft = row.completionStartTime === null ? null : Math.max(0, row.completionStartTime - row.startTime);
  return {
    traceId: row.traceId,
    id: row.id,
    startTime: row.startTime,
    model: row.model,
    name: row.name,
    latencyMs: latency,
    ttftMs: ttft,
    inputTokens: finiteOr0(inputTokens(row.usage)),
    outputTokens: finiteOr0(outputTokens(row.usage)),
    cachedTokens: sumMatching(row.usage, CACHED),
    reasoningTokens: sumMatching(row.usage, REASONING),
    cost: finiteOr0(totalCost(row.cost)),
    error: row.level === 'ERROR',
    ...(row.usageSource === 'inferred' ? { inferred: true as const } : {}),
    seq,
  };
}

/** A trace counts as an error when its run failed (its root did, trace/status.ts), not when a step it recovered from did. */
export function traceFact(t: TraceSummary): TraceFact {
  return {
    id: t.id,
    name: t.name,
    startTime: t.startTime,
    latencyMs: t.latencyMs,
    totalCost: t.totalCost,
    error: traceStatus(t).outcome === 'failed',
    userId: t.userId,
    sessionId: t.sessionId,
    tags: t.tags,
    environment: t.environment,
    release: t.release,
    version: t.version,
    updatedAt: t.updatedAt,
  };
}
