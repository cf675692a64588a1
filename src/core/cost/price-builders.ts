import type { ModelPrice, Prices, PriceTier } from './price-types';

/** Builders for the price table entries: the name patterns and price shapes each provider uses. */

// Optional provider prefixes and version suffixes seen in model names sent by SDKs and gateways.
const OPENAI = '^(openai/|azure/)?';
const DATE = '(-\\d{4}-\\d{2}-\\d{2})?$';
// Bedrock spells models `anthropic.<name>`, with an optional cross-region inference prefix.
const ANTHROPIC = '^(anthropic/|((us|eu|apac|au|jp|global)\\.)?anthropic\\.)?';
const CLAUDE_SUFFIX = '(-latest|-\\d{8})?(-v\\d+(:\\d+)?)?(@\\d{8})?$';
export const GOOGLE = '^(models/|google/|googleai/|gemini/|vertex_ai/)?';
export const ANY_SUFFIX = '(-.*)?$';
// Azure deployments spell GPT-3.5 as `gpt-35`.
export const GPT35 = 'gpt-(35|3\\.5)-turbo';

export function openai(
  id: string,
  name: string,
  input: number,
  output: number,
  cached?: number,
  extra?: Prices,
): ModelPrice {
  const prices: Prices = { input, output, output_reasoning_tokens: output, ...extra };
  if (cached !== undefined) prices.input_cached_tokens = cached;
  return { id, match: `${OPENAI}(${name})${DATE}`, prices };
}

export function claude(id: string, names: string, input: number, output: number, tiers?: PriceTier[]): ModelPrice {
  const entry: ModelPrice = {
    id,
    match: `${ANTHROPIC}(${names})${CLAUDE_SUFFIX}`,
    // Cache writes cost 1.25x input (5-minute) or 2x input (1-hour); cache reads 0.1x input.
    prices: {
      input,
      output,
      input_cache_creation: input * 1.25,
      input_cache_creation_1h: input * 2,
      input_cached_tokens: input * 0.1,
    },
  };
  if (tiers) entry.tiers = tiers;
  return entry;
}

export function flat(id: string, match: string, input: number, output: number, cached?: number): ModelPrice {
  const prices: Prices = { input, output };
  if (cached !== undefined) prices.input_cached_tokens = cached;
  return { id, match, prices };
}

/** Gemini: thinking tokens are billed as output; `tiers` for models with a long-context price. */
export function gemini(id: string, name: string, input: number, output: number, cached: number, tiers?: PriceTier[]) {
  const entry: ModelPrice = {
    id,
    match: `${GOOGLE}${name}${ANY_SUFFIX}`,
    prices: { input, output, output_reasoning_tokens: output, input_cached_tokens: cached },
  };
  if (tiers) entry.tiers = tiers;
  return entry;
}

/** Long-context tier: the whole request is priced higher once the prompt exceeds `threshold` tokens. */
export function longContext(threshold: number, prices: Prices): PriceTier[] {
  const withReasoning: Prices = { ...prices };
  if (prices.output !== undefined) withReasoning.output_reasoning_tokens = prices.output;
  return [
    {
      name: `input > ${threshold}`,
      conditions: [{ usageKeyPattern: '^input', operator: 'gt', value: threshold }],
      prices: withReasoning,
    },
  ];
}

/** USD per million tokens, the unit price pages use, to USD per token. */
export const M = 1e-6;
