import type { ModelPrice, Prices, PriceTier } from './price-types';

/**
 * Built-in model prices, USD per token.
 *
 * Source: the providers' public price pages (openai.com/api/pricing, anthropic.com/pricing,
 * ai.google.dev/gemini-api/docs/pricing, mistral.ai/pricing, cohere.com/pricing, groq.com/pricing,
 * together.ai/pricing, api-docs.deepseek.com), standard (non-batch) rates as of 2025-10-01.
 * Reasoning tokens are billed as output. First matching entry wins, so specific names come before
 * their prefixes (`gpt-4o-mini` before `gpt-4o`). Providers change prices: users can put their own
 * entries in front of these (see `withPriceOverrides`).
 */

// Optional provider prefixes and version suffixes seen in model names sent by SDKs and gateways.
const OPENAI = '^(openai/|azure/)?';
const DATE = '(-\\d{4}-\\d{2}-\\d{2})?$';
const ANTHROPIC = '^(anthropic[/.]|us\\.anthropic\\.|eu\\.anthropic\\.)?';
const CLAUDE_SUFFIX = '(-latest|-\\d{8})?(-v\\d+(:\\d+)?)?(@\\d{8})?$';
const GOOGLE = '^(models/|google/|gemini/|vertex_ai/)?';
const ANY_SUFFIX = '(-.*)?$';

function openai(id: string, name: string, input: number, output: number, cached?: number): ModelPrice {
  const prices: ModelPrice['prices'] = { input, output, output_reasoning_tokens: output };
  if (cached !== undefined) prices.input_cached_tokens = cached;
  return { id, match: `${OPENAI}${name}${DATE}`, prices };
}

function claude(id: string, names: string, input: number, output: number, tiers?: PriceTier[]): ModelPrice {
  const entry: ModelPrice = {
    id,
    match: `${ANTHROPIC}(${names})${CLAUDE_SUFFIX}`,
    // Cache writes (5-minute) cost 1.25x input, cache reads 0.1x input.
    prices: { input, output, input_cache_creation: input * 1.25, input_cached_tokens: input * 0.1 },
  };
  if (tiers) entry.tiers = tiers;
  return entry;
}

function flat(id: string, match: string, input: number, output: number, cached?: number): ModelPrice {
  const prices: ModelPrice['prices'] = { input, output };
  if (cached !== undefined) prices.input_cached_tokens = cached;
  return { id, match, prices };
}

/** Long-context tier: the whole request is priced higher once the prompt exceeds `threshold` tokens. */
function longContext(threshold: number, prices: Prices): PriceTier[] {
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
const M = 1e-6;

export const DEFAULT_PRICES: readonly ModelPrice[] = [
  // OpenAI: GPT-5, GPT-4.1, GPT-4o, o-series, older chat models, embeddings.
  openai('gpt-5-nano', 'gpt-5-nano', 0.05 * M, 0.4 * M, 0.005 * M),
  openai('gpt-5-mini', 'gpt-5-mini', 0.25 * M, 2 * M, 0.025 * M),
  openai('gpt-5', 'gpt-5(-chat-latest|-codex)?', 1.25 * M, 10 * M, 0.125 * M),
  openai('gpt-4.1-nano', 'gpt-4\\.1-nano', 0.1 * M, 0.4 * M, 0.025 * M),
  openai('gpt-4.1-mini', 'gpt-4\\.1-mini', 0.4 * M, 1.6 * M, 0.1 * M),
  openai('gpt-4.1', 'gpt-4\\.1', 2 * M, 8 * M, 0.5 * M),
  openai('gpt-4o-mini-audio', 'gpt-4o-mini-audio-preview', 0.15 * M, 0.6 * M),
  openai('gpt-4o-mini', 'gpt-4o-mini', 0.15 * M, 0.6 * M, 0.075 * M),
  openai('gpt-4o-2024-05-13', 'gpt-4o-2024-05-13', 5 * M, 15 * M),
  openai('gpt-4o-audio', 'gpt-4o-audio-preview', 2.5 * M, 10 * M),
  openai('gpt-4o', 'gpt-4o(-search-preview)?', 2.5 * M, 10 * M, 1.25 * M),
  openai('chatgpt-4o-latest', 'chatgpt-4o-latest', 5 * M, 15 * M),
  openai('o1-pro', 'o1-pro', 150 * M, 600 * M),
  openai('o1-mini', 'o1-mini', 1.1 * M, 4.4 * M, 0.55 * M),
  openai('o1', 'o1(-preview)?', 15 * M, 60 * M, 7.5 * M),
  openai('o3-pro', 'o3-pro', 20 * M, 80 * M),
  openai('o3-mini', 'o3-mini', 1.1 * M, 4.4 * M, 0.55 * M),
  openai('o3', 'o3', 2 * M, 8 * M, 0.5 * M),
  openai('o4-mini', 'o4-mini', 1.1 * M, 4.4 * M, 0.275 * M),
  openai('gpt-4-turbo', 'gpt-4-turbo(-preview)?|gpt-4-\\d{4}-preview', 10 * M, 30 * M),
  openai('gpt-4-32k', 'gpt-4-32k(-\\d{4})?', 60 * M, 120 * M),
  openai('gpt-4', 'gpt-4(-\\d{4})?', 30 * M, 60 * M),
  openai('gpt-3.5-turbo', 'gpt-3\\.5-turbo(-\\d{4})?(-16k)?', 0.5 * M, 1.5 * M),
  openai('text-embedding-3-small', 'text-embedding-3-small', 0.02 * M, 0),
  openai('text-embedding-3-large', 'text-embedding-3-large', 0.13 * M, 0),
  openai('text-embedding-ada-002', 'text-embedding-ada-002', 0.1 * M, 0),

  // Anthropic: Claude 4.x and 3.x. Sonnet 4 / 4.5 charge more for prompts above 200k tokens.
  claude('claude-opus-4.5', 'claude-opus-4-5', 5 * M, 25 * M),
  claude('claude-opus-4.1', 'claude-opus-4-1', 15 * M, 75 * M),
  claude('claude-opus-4', 'claude-opus-4|claude-4-opus', 15 * M, 75 * M),
  claude(
    'claude-sonnet-4.5',
    'claude-sonnet-4-5',
    3 * M,
    15 * M,
    longContext(200_000, {
      input: 6 * M,
      output: 22.5 * M,
      input_cache_creation: 7.5 * M,
      input_cached_tokens: 0.6 * M,
    }),
  ),
  claude(
    'claude-sonnet-4',
    'claude-sonnet-4|claude-4-sonnet',
    3 * M,
    15 * M,
    longContext(200_000, {
      input: 6 * M,
      output: 22.5 * M,
      input_cache_creation: 7.5 * M,
      input_cached_tokens: 0.6 * M,
    }),
  ),
  claude('claude-haiku-4.5', 'claude-haiku-4-5', 1 * M, 5 * M),
  claude('claude-3.7-sonnet', 'claude-3-7-sonnet', 3 * M, 15 * M),
  claude('claude-3.5-sonnet', 'claude-3-5-sonnet', 3 * M, 15 * M),
  claude('claude-3.5-haiku', 'claude-3-5-haiku', 0.8 * M, 4 * M),
  claude('claude-3-opus', 'claude-3-opus', 15 * M, 75 * M),
  claude('claude-3-sonnet', 'claude-3-sonnet', 3 * M, 15 * M),
  claude('claude-3-haiku', 'claude-3-haiku', 0.25 * M, 1.25 * M),

  // Google Gemini. 2.5 Pro and 1.5 models charge more for long prompts.
  {
    id: 'gemini-2.5-pro',
    match: `${GOOGLE}gemini-2\\.5-pro${ANY_SUFFIX}`,
    prices: { input: 1.25 * M, output: 10 * M, output_reasoning_tokens: 10 * M, input_cached_tokens: 0.31 * M },
    tiers: longContext(200_000, { input: 2.5 * M, output: 15 * M, input_cached_tokens: 0.625 * M }),
  },
  flat('gemini-2.5-flash-lite', `${GOOGLE}gemini-2\\.5-flash-lite${ANY_SUFFIX}`, 0.1 * M, 0.4 * M, 0.025 * M),
  flat('gemini-2.5-flash', `${GOOGLE}gemini-2\\.5-flash${ANY_SUFFIX}`, 0.3 * M, 2.5 * M, 0.075 * M),
  flat('gemini-2.0-flash-lite', `${GOOGLE}gemini-2\\.0-flash-lite${ANY_SUFFIX}`, 0.075 * M, 0.3 * M),
  flat('gemini-2.0-flash', `${GOOGLE}gemini-2\\.0-flash${ANY_SUFFIX}`, 0.1 * M, 0.4 * M, 0.025 * M),
  flat('gemini-1.5-flash-8b', `${GOOGLE}gemini-1\\.5-flash-8b${ANY_SUFFIX}`, 0.0375 * M, 0.15 * M),
  {
    ...flat('gemini-1.5-flash', `${GOOGLE}gemini-1\\.5-flash${ANY_SUFFIX}`, 0.075 * M, 0.3 * M),
    tiers: longContext(128_000, { input: 0.15 * M, output: 0.6 * M }),
  },
  {
    ...flat('gemini-1.5-pro', `${GOOGLE}gemini-1\\.5-pro${ANY_SUFFIX}`, 1.25 * M, 5 * M),
    tiers: longContext(128_000, { input: 2.5 * M, output: 10 * M }),
  },
  flat('gemini-embedding-001', `${GOOGLE}gemini-embedding-001$`, 0.15 * M, 0),

  // Mistral (la Plateforme).
  flat('mistral-large', '^(mistral/)?mistral-large(-latest|-\\d{4})?$', 2 * M, 6 * M),
  flat('mistral-medium', '^(mistral/)?mistral-medium(-latest|-\\d{4})?$', 0.4 * M, 2 * M),
  flat('mistral-small', '^(mistral/)?mistral-small(-latest|-\\d{4})?$', 0.1 * M, 0.3 * M),
  flat('magistral-medium', '^(mistral/)?magistral-medium(-latest|-\\d{4})?$', 2 * M, 5 * M),
  flat('magistral-small', '^(mistral/)?magistral-small(-latest|-\\d{4})?$', 0.5 * M, 1.5 * M),
  flat('codestral', '^(mistral/)?codestral(-latest|-\\d{4})?$', 0.3 * M, 0.9 * M),
  flat('pixtral-large', '^(mistral/)?pixtral-large(-latest|-\\d{4})?$', 2 * M, 6 * M),
  flat('ministral-8b', '^(mistral/)?ministral-8b(-latest|-\\d{4})?$', 0.1 * M, 0.1 * M),
  flat('ministral-3b', '^(mistral/)?ministral-3b(-latest|-\\d{4})?$', 0.04 * M, 0.04 * M),
  flat('mistral-nemo', '^(mistral/)?(open-)?mistral-nemo(-latest|-\\d{4})?$', 0.15 * M, 0.15 * M),
  flat('mistral-embed', '^(mistral/)?mistral-embed$', 0.1 * M, 0),

  // Meta Llama on Groq and Together (names as those hosts spell them).
  flat('llama-3.3-70b (Groq)', '^(groq/)?llama-3\\.3-70b-versatile$', 0.59 * M, 0.79 * M),
  flat('llama-3.1-8b (Groq)', '^(groq/)?llama-3\\.1-8b-instant$', 0.05 * M, 0.08 * M),
  flat('llama-4-scout (Groq)', '^(groq/)?meta-llama/llama-4-scout-17b-16e-instruct$', 0.11 * M, 0.34 * M),
  flat('llama-4-maverick (Groq)', '^(groq/)?meta-llama/llama-4-maverick-17b-128e-instruct$', 0.2 * M, 0.6 * M),
  flat('llama-3.3-70b (Together)', '^(together_ai/)?meta-llama/Llama-3\\.3-70B-Instruct-Turbo$', 0.88 * M, 0.88 * M),
  flat(
    'llama-3.1-405b (Together)',
    '^(together_ai/)?meta-llama/Meta-Llama-3\\.1-405B-Instruct-Turbo$',
    3.5 * M,
    3.5 * M,
  ),
  flat(
    'llama-3.1-70b (Together)',
    '^(together_ai/)?meta-llama/Meta-Llama-3\\.1-70B-Instruct-Turbo$',
    0.88 * M,
    0.88 * M,
  ),
  flat('llama-3.1-8b (Together)', '^(together_ai/)?meta-llama/Meta-Llama-3\\.1-8B-Instruct-Turbo$', 0.18 * M, 0.18 * M),

  // Cohere.
  flat('command-a', '^(cohere/)?command-a(-\\d{2}-\\d{4})?$', 2.5 * M, 10 * M),
  flat('command-r-plus', '^(cohere/)?command-r-plus(-\\d{2}-\\d{4})?$', 2.5 * M, 10 * M),
  flat('command-r7b', '^(cohere/)?command-r7b(-\\d{2}-\\d{4})?$', 0.0375 * M, 0.15 * M),
  flat('command-r', '^(cohere/)?command-r(-\\d{2}-\\d{4})?$', 0.15 * M, 0.6 * M),
  flat('embed-v4', '^(cohere/)?embed-v4\\.0$', 0.12 * M, 0),
  flat('embed-v3', '^(cohere/)?embed-(english|multilingual)(-light)?-v3\\.0$', 0.1 * M, 0),

  // DeepSeek (cache hits are priced as cached input).
  flat('deepseek-chat', '^(deepseek/)?deepseek-chat$', 0.27 * M, 1.1 * M, 0.07 * M),
  flat('deepseek-reasoner', '^(deepseek/)?deepseek-reasoner$', 0.55 * M, 2.19 * M, 0.14 * M),
];
