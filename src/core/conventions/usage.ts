import type { UsageDetails } from '../model/types';
import { lookupTable, setOwn } from '../otlp/safe-object';
import { isRecord, toNumber } from './attr';

/**
 * Usage normalisation shared by the conventions. Keys follow Langfuse: `input`, `output`, `total`,
 * plus detail keys such as `input_cached_tokens`. For OpenTelemetry-style sources the details are
 * subtracted from input / output so that the parts add up (the price table charges each key at its
 * own rate); `inputTokens(usage)` in the trace code adds them back for display totals.
 */
export interface UsageParts {
  input?: number;
  output?: number;
  total?: number;
  /** Parts of `input` (cached reads, cache writes, audio): subtracted from input. */
  inputDetails?: Record<string, number | undefined>;
  /** Parts of `output` (reasoning, audio): subtracted from output. */
  outputDetails?: Record<string, number | undefined>;
}

/**
 * Whether an instrumentation's input count includes the cache reads and writes it reports beside it, by
 * instrumentation scope. The conventions say it does (OpenTelemetry GenAI `gen_ai.usage.input_tokens`, OpenInference
 * `llm.token_count.prompt`), and so do the Anthropic SDK's own spans (`com.anthropic.sdk.typescript`, which sums
 * `input_tokens`, `cache_read_input_tokens` and `cache_creation_input_tokens`) and OpenInference's Anthropic
 * instrumentation. Traceloop's Anthropic instrumentation passes the API's `input_tokens` on as it is, and Anthropic's
 * `input_tokens` leaves the cache out; its `gen_ai.usage.total_tokens` is that count plus the output.
 */
const INPUT_WITHOUT_CACHE: ReadonlySet<string> = new Set(['@traceloop/instrumentation-anthropic']);

export function inputCountsCache(scope: string): boolean {
  return !INPUT_WITHOUT_CACHE.has(scope);
}

function addDetails(
  out: UsageDetails,
  base: number | undefined,
  details: UsageParts['inputDetails'],
): number | undefined {
  if (!details) return base;
  let rest = base;
  for (const key in details) {
    const n = details[key];
    if (n === undefined || n <= 0) continue;
    out[key] = n;
    if (rest !== undefined) rest = Math.max(0, rest - n);
  }
  return rest;
}

function sumUsage(u: UsageDetails): number {
  let total = 0;
  for (const key in u) if (key !== 'total') total += u[key] as number;
  return total;
}

export function buildUsage(parts: UsageParts): UsageDetails | undefined {
  const out: UsageDetails = {};
  const input = addDetails(out, parts.input, parts.inputDetails);
  const output = addDetails(out, parts.output, parts.outputDetails);
  if (input !== undefined) out.input = input;
  if (output !== undefined) out.output = output;
  if (Object.keys(out).length === 0 && parts.total === undefined) return undefined;
  out.total = parts.total ?? sumUsage(out);
  return out;
}

/** Spellings of the three main keys seen in explicit usage objects (OpenAI and camelCase styles). */
const KEY_ALIASES = lookupTable({
  prompt_tokens: 'input',
  promptTokens: 'input',
  input_tokens: 'input',
  inputTokens: 'input',
  completion_tokens: 'output',
  completionTokens: 'output',
  output_tokens: 'output',
  outputTokens: 'output',
  total_tokens: 'total',
  totalTokens: 'total',
});

/**
 * The keys of an explicit usage object that Loupe reads under another name (`prompt_tokens` as `input`), by the name
 * it reads them as: Langfuse keeps such keys as sent and prices none of them, so the inspector says where Loupe's
 * figure came from. Undefined when every key is Langfuse's own.
 */
export function aliasedUsageKeys(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  let out: Record<string, string> | undefined;
  for (const key in v) {
    const alias = KEY_ALIASES[key];
    if (alias === undefined || toNumber(v[key]) === undefined) continue;
    out ??= {};
    setOwn(out, alias, key);
  }
  return out;
}

/** An explicit usage or cost object (Langfuse `usage_details` / `cost_details`): numbers kept as sent. */
export function explicitDetails(v: unknown, withTotal: boolean): UsageDetails | undefined {
  if (!isRecord(v)) return undefined;
  const out: UsageDetails = {};
  let any = false;
  for (const key in v) {
    const n = toNumber(v[key]);
    if (n === undefined) continue;
    setOwn(out, KEY_ALIASES[key] ?? key, n);
    any = true;
  }
  if (!any) return undefined;
  if (withTotal && out.total === undefined) out.total = sumUsage(out);
  return out;
}
