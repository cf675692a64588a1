import type { UsageDetails } from '@core/model/types';

/** Usage in the four numbers a reader compares across generations, plus whatever else the SDK reported. */
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
    else if (CACHED.test(key)) out.cached = (out.cached ?? 0) + n;
    else if (REASONING.test(key)) out.reasoning = (out.reasoning ?? 0) + n;
    else out.other.push([key, n]);
  }
  return out;
}
