import type { UsageDetails } from '@core/model/types';

/**
 * Usage in the four numbers a reader compares across generations, plus whatever else the SDK reported. Detail counts
 * of 0 are left out, as Langfuse leaves them out: SDKs report `cache_read: 0, reasoning: 0, audio: 0` on every call,
 * and a row of zeros hides the count that is not. Input, output and total stay at 0: they are the summary.
 */
export interface UsageSplit {
  input?: number;
  output?: number;
  cached?: number;
  reasoning?: number;
  total?: number;
  other: [string, number][];
}

// Providers name the same counts differently: OpenAI `input_cached_tokens`, Anthropic `cache_read_input_tokens`,
// OpenTelemetry GenAI `cache_read`, OpenAI `output_reasoning_tokens`, and others `reasoning_tokens`.
const CACHED = /cache(d)?_?read|input_cached|cached_tokens|^cached$/i;
const REASONING = /reasoning/i;

export function splitUsage(usage: UsageDetails): UsageSplit {
  const out: UsageSplit = { other: [] };
  for (const [key, n] of Object.entries(usage)) {
    if (!Number.isFinite(n)) continue;
    if (key === 'input') out.input = n;
    else if (key === 'output') out.output = n;
    else if (key === 'total') out.total = n;
    else if (n === 0) continue;
    else if (CACHED.test(key)) out.cached = (out.cached ?? 0) + n;
    else if (REASONING.test(key)) out.reasoning = (out.reasoning ?? 0) + n;
    else out.other.push([key, n]);
  }
  return out;
}

/** Whether the split has a number to show. */
export function hasUsage(u: UsageSplit): boolean {
  return (
    u.input !== undefined ||
    u.output !== undefined ||
    u.total !== undefined ||
    u.cached !== undefined ||
    u.reasoning !== undefined ||
    u.other.length > 0
  );
}
