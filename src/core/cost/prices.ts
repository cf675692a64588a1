import { ANY_SUFFIX, claude, flat, GOOGLE, GPT35, gemini, longContext, M, openai } from './price-builders';
import type { ModelPrice } from './price-types';
import { OTHER_PRICES } from './prices-other';

/**
 * Built-in model prices, USD per token, standard (non-batch, non-priority) rates.
 *
 * Source for OpenAI, Anthropic and Google models: Langfuse's default model price list
 * (github.com/langfuse/langfuse, `worker/src/constants/default-model-prices.json`, MIT, commit
 * 62751446149b702b419a9292ddfc2280cdf74b8c of 2026-08-22), read 2026-11-22. Mistral, Cohere,
 * DeepSeek, Llama hosts, Gemini 1.5 / 2.0 caching and the Claude Sonnet 4 / 4.5 long-context tier
 * are not in that list; they come from the providers' price pages as of 2025-10-01. Tiers keyed on
 * request parameters (OpenAI priority / flex service tiers) are left out: only usage is known here.
 * Reasoning tokens are billed as output. First matching entry wins, so specific names come before
 * their prefixes (`gpt-4o-mini` before `gpt-4o`). Providers change prices: users can put their own
 * entries in front of these (see `withPriceOverrides`).
 */

const SONNET_4_LONG = longContext(200_000, {
  input: 6 * M,
  output: 22.5 * M,
  input_cache_creation: 7.5 * M,
  input_cache_creation_1h: 12 * M,
  input_cached_tokens: 0.6 * M,
});

const OPENAI_PRICES: ModelPrice[] = [
  // GPT-5 family; `-pro` and sized variants before the base names they extend.
  {
    ...openai('gpt-5.6-sol', 'gpt-5\\.6-sol', 5 * M, 30 * M, 0.5 * M, { input_cache_creation: 6.25 * M }),
    tiers: longContext(272_000, {
      input: 10 * M,
      output: 45 * M,
      input_cached_tokens: 1 * M,
      input_cache_creation: 12.5 * M,
    }),
  },
  {
    ...openai('gpt-5.6-terra', 'gpt-5\\.6-terra', 2 * M, 12 * M, 0.2 * M, { input_cache_creation: 2.5 * M }),
    tiers: longContext(272_000, {
      input: 4 * M,
      output: 18 * M,
      input_cached_tokens: 0.4 * M,
      input_cache_creation: 5 * M,
    }),
  },
  {
    ...openai('gpt-5.6-luna', 'gpt-5\\.6-luna', 0.2 * M, 1.2 * M, 0.02 * M, { input_cache_creation: 0.25 * M }),
    tiers: longContext(272_000, {
      input: 0.4 * M,
      output: 1.8 * M,
      input_cached_tokens: 0.04 * M,
      input_cache_creation: 0.5 * M,
    }),
  },
  {
    ...openai('gpt-5.5-pro', 'gpt-5\\.5-pro', 30 * M, 180 * M),
    tiers: longContext(272_000, { input: 60 * M, output: 270 * M }),
  },
  {
    ...openai('gpt-5.5', 'gpt-5\\.5', 5 * M, 30 * M, 0.5 * M),
    tiers: longContext(272_000, { input: 10 * M, output: 45 * M, input_cached_tokens: 1 * M }),
  },
  {
    ...openai('gpt-5.4-pro', 'gpt-5\\.4-pro', 30 * M, 180 * M),
    tiers: longContext(272_000, { input: 60 * M, output: 270 * M }),
  },
  openai('gpt-5.4-mini', 'gpt-5\\.4-mini', 0.75 * M, 4.5 * M, 0.075 * M),
  openai('gpt-5.4-nano', 'gpt-5\\.4-nano', 0.2 * M, 1.25 * M, 0.02 * M),
  {
    ...openai('gpt-5.4', 'gpt-5\\.4', 2.5 * M, 15 * M, 0.25 * M),
    tiers: longContext(272_000, { input: 5 * M, output: 22.5 * M, input_cached_tokens: 0.5 * M }),
  },
  openai('gpt-5.3-codex', 'gpt-5\\.3-codex', 1.75 * M, 14 * M, 0.175 * M),
  openai('gpt-5.2-pro', 'gpt-5\\.2-pro', 21 * M, 168 * M),
  openai('gpt-5.2', 'gpt-5\\.2', 1.75 * M, 14 * M, 0.175 * M),
  openai('gpt-5.1', 'gpt-5\\.1', 1.25 * M, 10 * M, 0.125 * M),
  openai('gpt-5-pro', 'gpt-5-pro', 15 * M, 120 * M),
  openai('gpt-5-nano', 'gpt-5-nano', 0.05 * M, 0.4 * M, 0.005 * M),
  openai('gpt-5-mini', 'gpt-5-mini', 0.25 * M, 2 * M, 0.025 * M),
  openai('gpt-5', 'gpt-5(-chat-latest|-codex)?', 1.25 * M, 10 * M, 0.125 * M),
  // GPT-4.5 / 4.1 / 4o.
  openai('gpt-4.5-preview', 'gpt-4\\.5-preview', 75 * M, 150 * M, 37.5 * M),
  openai('gpt-4.1-nano', 'gpt-4\\.1-nano', 0.1 * M, 0.4 * M, 0.025 * M),
  openai('gpt-4.1-mini', 'gpt-4\\.1-mini', 0.4 * M, 1.6 * M, 0.1 * M),
  openai('gpt-4.1', 'gpt-4\\.1', 2 * M, 8 * M, 0.5 * M),
  openai('gpt-4o-mini-audio', 'gpt-4o-mini-audio-preview', 0.15 * M, 0.6 * M),
  openai('gpt-4o-mini', 'gpt-4o-mini', 0.15 * M, 0.6 * M, 0.075 * M),
  openai('gpt-4o-2024-05-13', 'gpt-4o-2024-05-13', 5 * M, 15 * M),
  // Audio tokens cost far more than text tokens in the audio and realtime models.
  openai('gpt-4o-audio', 'gpt-4o-audio-preview', 2.5 * M, 10 * M, undefined, {
    input_audio_tokens: 100 * M,
    output_audio_tokens: 200 * M,
  }),
  openai('gpt-4o-realtime', 'gpt-4o-realtime-preview', 5 * M, 20 * M, 2.5 * M, {
    input_audio_tokens: 100 * M,
    input_cached_audio_tokens: 20 * M,
    output_audio_tokens: 200 * M,
  }),
  openai('gpt-4o', 'gpt-4o(-search-preview)?', 2.5 * M, 10 * M, 1.25 * M),
  openai('chatgpt-4o-latest', 'chatgpt-4o-latest', 5 * M, 15 * M),
  // o-series reasoning models.
  openai('o1-pro', 'o1-pro', 150 * M, 600 * M),
  openai('o1-mini', 'o1-mini', 1.1 * M, 4.4 * M, 0.55 * M),
  openai('o1', 'o1(-preview)?', 15 * M, 60 * M, 7.5 * M),
  openai('o3-pro', 'o3-pro', 20 * M, 80 * M),
  openai('o3-mini', 'o3-mini', 1.1 * M, 4.4 * M, 0.55 * M),
  openai('o3', 'o3', 2 * M, 8 * M, 0.5 * M),
  openai('o4-mini', 'o4-mini', 1.1 * M, 4.4 * M, 0.275 * M),
  // GPT-4 and GPT-3.5; dated snapshots were priced differently from the current aliases.
  openai(
    'gpt-4-turbo',
    'gpt-4-turbo(-preview)?|gpt-4-preview|gpt-4-\\d{4}-preview|gpt-4(-\\d{4})?-vision-preview',
    10 * M,
    30 * M,
  ),
  openai('gpt-4-32k', 'gpt-4-32k(-\\d{4})?', 60 * M, 120 * M),
  openai('gpt-4', 'gpt-4(-\\d{4})?', 30 * M, 60 * M),
  openai('gpt-3.5-turbo-16k-0613', `${GPT35}-16k-0613`, 3 * M, 4 * M),
  openai('gpt-3.5-turbo-0301', `${GPT35}-0301`, 2 * M, 2 * M),
  openai('gpt-3.5-turbo-0613', `${GPT35}-0613`, 1.5 * M, 2 * M),
  openai('gpt-3.5-turbo-1106', `${GPT35}-1106`, 1 * M, 2 * M),
  openai('gpt-3.5-turbo-instruct', `${GPT35}-instruct`, 1.5 * M, 2 * M),
  openai('gpt-3.5-turbo', `${GPT35}(-0125|-16k)?`, 0.5 * M, 1.5 * M),
  // Embeddings.
  openai('text-embedding-3-small', 'text-embedding-3-small', 0.02 * M, 0),
  openai('text-embedding-3-large', 'text-embedding-3-large', 0.13 * M, 0),
  openai('text-embedding-ada-002', 'text-embedding-ada-002(-v2)?', 0.1 * M, 0),
];

const ANTHROPIC_PRICES: ModelPrice[] = [
  claude('claude-fable-5', 'claude-fable-5', 10 * M, 50 * M),
  claude('claude-mythos-5', 'claude-mythos-5', 10 * M, 50 * M),
  claude('claude-opus-5', 'claude-opus-5', 5 * M, 25 * M),
  claude('claude-sonnet-5', 'claude-sonnet-5', 2 * M, 10 * M),
  claude('claude-opus-4.8', 'claude-opus-4-8', 5 * M, 25 * M),
  claude('claude-opus-4.7', 'claude-opus-4-7', 5 * M, 25 * M),
  claude('claude-opus-4.6', 'claude-opus-4-6', 5 * M, 25 * M),
  claude('claude-sonnet-4.6', 'claude-sonnet-4-6', 3 * M, 15 * M),
  claude('claude-opus-4.5', 'claude-opus-4-5', 5 * M, 25 * M),
  claude('claude-opus-4.1', 'claude-opus-4-1', 15 * M, 75 * M),
  claude('claude-opus-4', 'claude-opus-4|claude-4-opus', 15 * M, 75 * M),
  claude('claude-sonnet-4.5', 'claude-sonnet-4-5', 3 * M, 15 * M, SONNET_4_LONG),
  claude('claude-sonnet-4', 'claude-sonnet-4|claude-4-sonnet', 3 * M, 15 * M, SONNET_4_LONG),
  claude('claude-haiku-4.5', 'claude-haiku-4-5|claude-4-5-haiku', 1 * M, 5 * M),
  claude('claude-3.7-sonnet', 'claude-3[-.]7-sonnet', 3 * M, 15 * M),
  claude('claude-3.5-sonnet', 'claude-3[-.]5-sonnet', 3 * M, 15 * M),
  claude('claude-3.5-haiku', 'claude-3[-.]5-haiku', 0.8 * M, 4 * M),
  claude('claude-3-opus', 'claude-3-opus', 15 * M, 75 * M),
  claude('claude-3-sonnet', 'claude-3-sonnet', 3 * M, 15 * M),
  claude('claude-3-haiku', 'claude-3-haiku', 0.25 * M, 1.25 * M),
];

const GOOGLE_PRICES: ModelPrice[] = [
  gemini('gemini-3.7-flash', 'gemini-3\\.7-flash', 0.75 * M, 3.75 * M, 0.075 * M),
  gemini('gemini-3.6-flash', 'gemini-3\\.6-flash', 0.75 * M, 3.75 * M, 0.075 * M),
  gemini('gemini-3.5-flash-lite', 'gemini-3\\.5-flash-lite', 0.3 * M, 2.5 * M, 0.03 * M),
  gemini('gemini-3.5-flash', 'gemini-3\\.5-flash', 1.5 * M, 9 * M, 0.15 * M),
  gemini('gemini-3.1-flash-lite', 'gemini-3\\.1-flash-lite', 0.25 * M, 1.5 * M, 0.025 * M),
  gemini('gemini-3-flash', 'gemini-3-flash', 0.5 * M, 3 * M, 0.05 * M),
  gemini(
    'gemini-3-pro',
    'gemini-3(\\.1)?-pro',
    2 * M,
    12 * M,
    0.2 * M,
    longContext(200_000, { input: 4 * M, output: 18 * M, input_cached_tokens: 0.4 * M }),
  ),
  gemini(
    'gemini-2.5-pro',
    'gemini-2\\.5-pro',
    1.25 * M,
    10 * M,
    0.125 * M,
    longContext(200_000, { input: 2.5 * M, output: 15 * M, input_cached_tokens: 0.25 * M }),
  ),
  gemini('gemini-2.5-flash-lite', 'gemini-2\\.5-flash-lite', 0.1 * M, 0.4 * M, 0.01 * M),
  gemini('gemini-2.5-flash', 'gemini-2\\.5-flash', 0.3 * M, 2.5 * M, 0.03 * M),
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
  flat('gemini-1.0-pro', `${GOOGLE}gemini-(1\\.0-)?pro(-00\\d)?(@[a-z0-9]+)?$`, 0.125 * M, 0.375 * M),
  flat('gemini-embedding-001', `${GOOGLE}gemini-embedding-001$`, 0.15 * M, 0),
  flat('textembedding-gecko', '^textembedding-gecko(-multilingual)?(@[a-z0-9]+)?$', 0.1 * M, 0),
];

export const DEFAULT_PRICES: readonly ModelPrice[] = [
  ...OPENAI_PRICES,
  ...ANTHROPIC_PRICES,
  ...GOOGLE_PRICES,
  ...OTHER_PRICES,
];
