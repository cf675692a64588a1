import { flat, M } from './price-builders';
import type { ModelPrice } from './price-types';

/** Mistral, Llama hosts, Cohere and DeepSeek, from the providers' price pages as of 2025-10-01. */
export const OTHER_PRICES: ModelPrice[] = [
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
