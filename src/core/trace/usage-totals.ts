import type { ObservationRow, ObservationType, UsageDetails } from '../model/types';

/**
 * Token and cost totals of one observation, as the trace list and the inspector show them.
 * Usage keys follow Langfuse: details such as `input_cached_tokens` are parts of the input, kept
 * apart from `input` so each can be priced, and added back here.
 */

function sumWithPrefix(usage: UsageDetails, prefix: string): number {
  let n = 0;
  for (const key in usage) if (key.startsWith(prefix)) n += usage[key] as number;
  return n;
}

export function inputTokens(usage: UsageDetails): number {
  return sumWithPrefix(usage, 'input');
}

export function outputTokens(usage: UsageDetails): number {
  return sumWithPrefix(usage, 'output');
}

export function totalTokens(usage: UsageDetails): number {
  if (usage.total !== undefined) return usage.total;
  let n = 0;
  for (const key in usage) n += usage[key] as number;
  return n;
}

export function totalCost(cost: UsageDetails): number {
  if (cost.total !== undefined) return cost.total;
  let n = 0;
  for (const key in cost) n += cost[key] as number;
  return n;
}

/**
 * Only model calls count toward trace totals. Agents (`invoke_agent`) and wrapper spans such as the
 * AI SDK's `ai.generateText` repeat the summed usage of the calls below them; counting them too
 * would double the trace's tokens and cost. A call recorded twice (an instrumentation's span and the
 * provider SDK's own, see same-call.ts) counts through one of the two.
 */
const COUNTED: ReadonlySet<ObservationType> = new Set<ObservationType>(['GENERATION', 'EMBEDDING']);

export function countsTowardTotals(row: Pick<ObservationRow, 'type' | 'sameCallAs'>): boolean {
  return COUNTED.has(row.type) && row.sameCallAs === undefined;
}
