import type { UsageDetails } from '../model/types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function finite(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** OpenAI-style names Langfuse accepts in `usage` and `usageDetails`, and the keys they mean. */
const USAGE_ALIASES: Readonly<Record<string, string>> = {
  promptTokens: 'input',
  completionTokens: 'output',
  totalTokens: 'total',
  prompt_tokens: 'input',
  completion_tokens: 'output',
  total_tokens: 'total',
  input_tokens: 'input',
  output_tokens: 'output',
};

function details(v: unknown, aliases: boolean): UsageDetails | undefined {
  if (!isObject(v)) return undefined;
  const out: UsageDetails = {};
  for (const [key, raw] of Object.entries(v)) {
    const n = finite(raw);
    if (n === undefined) continue;
    const name = aliases && Object.hasOwn(USAGE_ALIASES, key) ? (USAGE_ALIASES[key] as string) : key;
    out[name] = n;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The total Langfuse derives when the client sent parts only. */
function withTotal(u: UsageDetails): UsageDetails {
  if (u.total !== undefined) return u;
  const parts = Object.entries(u).filter(([k]) => k === 'input' || k === 'output');
  return parts.length > 0 ? { ...u, total: parts.reduce((sum, [, n]) => sum + n, 0) } : u;
}

/**
 * Usage and cost of an ingestion body, in every shape the Langfuse API accepts: `usageDetails` / `costDetails`
 * (they win), legacy `usage` as `{input, output, total, unit, inputCost, outputCost, totalCost}`, and OpenAI-style
 * `{promptTokens, completionTokens, totalTokens}`.
 */
export function ingestionUsage(body: Json): { usage?: UsageDetails; cost?: UsageDetails } {
  const legacy = isObject(body.usage) ? body.usage : undefined;
  let usage = details(body.usageDetails, true);
  if (!usage && legacy) {
    const { inputCost: _i, outputCost: _o, totalCost: _t, unit: _u, ...counts } = legacy;
    usage = details(counts, true);
  }
  let cost = details(body.costDetails, false);
  if (!cost && legacy) {
    cost = details({ input: legacy.inputCost, output: legacy.outputCost, total: legacy.totalCost }, false);
  }
  const result: { usage?: UsageDetails; cost?: UsageDetails } = {};
  if (usage) result.usage = withTotal(usage);
  if (cost) result.cost = withTotal(cost);
  return result;
}
