/**
 * Which tokenizer counts a model's tokens when the SDK sent no usage: Langfuse's own choice, model by model, taken
 * from its default model list (`worker/src/constants/default-model-prices.json`, `tokenizerId` / `tokenizerConfig`)
 * so that Loupe's inferred counts agree with Langfuse's. No encodings here: this table is small enough for the page
 * to read (the inspector says why a model has no inferred usage); the counting is in count-tokens.ts.
 *
 * Langfuse's choices are kept even where they are dated: every GPT-4.1 and GPT-5 model counts with GPT-4's
 * `cl100k_base` (OpenAI's own tokenizer for them is `o200k_base`), because that is what Langfuse reports.
 * Langfuse's legacy completion models (`text-davinci-003`, `text-ada-001`, ..., retired by OpenAI in January 2024)
 * need `p50k_base` / `r50k_base`, 1 MB more of ranks for models nobody can call any more: Loupe leaves them out.
 */

export type EncodingName = 'cl100k_base' | 'o200k_base';

export interface Tokenizer {
  encoding: EncodingName;
  /** Set for chat models: message arrays are counted message by message with OpenAI's overhead. */
  chat?: { perMessage: number; perName: number };
}

/** Why Loupe infers no usage for a model family Langfuse may count differently, said in the inspector. */
export interface NoTokenizer {
  family: 'claude' | 'gemini';
  reason: string;
}

const o200kChat = { encoding: 'o200k_base', chat: { perMessage: 3, perName: 1 } } as const;
const cl100kChat = { encoding: 'cl100k_base', chat: { perMessage: 3, perName: 1 } } as const;

/** Anchored, case-insensitive, with Langfuse's optional `openai/` prefix where it has one. */
const TABLE: readonly [RegExp, Tokenizer][] = [
  [
    /^(openai\/)?(gpt-4o|gpt-4o-2024-05-13|gpt-4o-2024-08-06|gpt-4o-2024-11-20|gpt-4o-mini|gpt-4o-mini-2024-07-18)$/i,
    o200kChat,
  ],
  [/^chatgpt-4o-latest$/i, o200kChat],
  // gpt-3.5-turbo-0301 predates the chat format change: 4 tokens per message, a name replaces the role (-1).
  [/^(openai\/)?gpt-(35|3\.5)-turbo-0301$/i, { encoding: 'cl100k_base', chat: { perMessage: 4, perName: -1 } }],
  [/^(openai\/)?gpt-(35|3\.5)-turbo(-instruct|-0125|-0613|-1106|-16k|-16k-0613)?$/i, cl100kChat],
  [/^ft:gpt-3\.5-turbo-(1106|0613):(.+):(.*):(.+)$/i, cl100kChat],
  [
    /^(openai\/)?(gpt-4|gpt-4-0314|gpt-4-0613|gpt-4-32k|gpt-4-32k-0314|gpt-4-32k-0613|gpt-4-1106-preview|gpt-4-0125-preview|gpt-4-turbo|gpt-4-turbo-preview|gpt-4(-\d{4})?-vision-preview)$/i,
    cl100kChat,
  ],
  [/^(openai\/)?gpt-4\.1(-mini|-nano)?(-2025-04-14)?$/i, cl100kChat],
  [
    /^(openai\/)?gpt-5(-mini|-nano|-pro|-chat-latest)?(-2025-08-07|-2025-10-06)?$|^(openai\/)?gpt-5\.1(-2025-11-13)?$/i,
    cl100kChat,
  ],
  [/^(openai\/)?gpt-5\.2(-pro)?(-2025-12-11)?$|^(openai\/)?gpt-5\.3-codex$/i, cl100kChat],
  [/^(openai\/)?gpt-5\.4(-pro|-mini|-nano)?(-2026-03-05|-2026-03-17)?$/i, cl100kChat],
  [/^(openai\/)?gpt-5\.5(-pro)?(-2026-04-23)?$|^(openai\/)?gpt-5\.6-(sol|terra|luna)$/i, cl100kChat],
  // Langfuse names these by a tokenizer model it does not treat as chat: a message array counts as its JSON text.
  [/^(openai\/)?(gpt-4-turbo-2024-04-09|gpt-4-preview)$/i, { encoding: 'cl100k_base' }],
  [/^(text-embedding-ada-002(-v2)?|text-embedding-3-small|text-embedding-3-large)$/i, { encoding: 'cl100k_base' }],
  [/^(ft:)?(davinci-002|babbage-002)(:(.+):(.*):(.+))?$/i, { encoding: 'cl100k_base' }],
];

/**
 * The strict ordering of Langfuse's patterns means one model matches at most one entry; the table is read in order
 * anyway, and the answer kept per name (a trace repeats its models).
 */
const memo = new Map<string, Tokenizer | null>();
const MEMO_LIMIT = 2_000;

export function tokenizerFor(model: string): Tokenizer | undefined {
  let found = memo.get(model);
  if (found === undefined) {
    found = TABLE.find(([pattern]) => pattern.test(model))?.[1] ?? null;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(model, found);
  }
  return found ?? undefined;
}

/**
 * Claude: Langfuse counts Claude's tokens with `@anthropic-ai/tokenizer`, which Anthropic says is not accurate for
 * Claude 3 and later models (its README), and no maintained local tokenizer exists for them; Anthropic's count is an
 * API call. Gemini: Langfuse infers nothing, and Google's token count is an API call too.
 */
export function noTokenizer(model: string): NoTokenizer | undefined {
  if (/claude|anthropic/i.test(model))
    return {
      family: 'claude',
      reason:
        'no maintained tokenizer counts Claude 3+ tokens locally (Langfuse estimates them with @anthropic-ai/tokenizer, ' +
        'which Anthropic says is inaccurate for these models); send usage from the API response to see it',
    };
  if (/gemini/i.test(model))
    return {
      family: 'gemini',
      reason:
        "Google publishes no local tokenizer for Gemini (counting is an API call) and Langfuse infers none; send usage from the API response's usageMetadata",
    };
  return undefined;
}
