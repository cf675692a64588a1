import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import type { EncodingName, Tokenizer } from './tokenizer-models';

/**
 * Token counts for usage the SDK did not send, by Langfuse's rules (`worker/src/features/tokenisation/usage.ts`):
 * - nothing to count (null, undefined, an empty array) gives no count, not 0;
 * - a chat model's message array (every item with a string `role` and `content`, `name` a string if present) counts
 *   `perMessage` per message, the tokens of its `content`, `role`, `name`, `tool_calls`, `function_call` (and the
 *   camelCase spellings), `perName` more for a name, and 3 for the reply's priming (`<|start|>assistant<|message|>`);
 * - a string counts as itself, anything else as its JSON text; special tokens in the text count as tokens.
 *
 * Runs where spans are mapped (the conversion worker thread, in the app and in headless mode), never on the page. The ranks are plain data, parsed with the module (about 50 ms for both on a loaded machine); the encoder is
 * built from them on the first count that needs it (0.6 s for cl100k_base, 1 s for o200k_base, measured with
 * `node` on the same machine), once per process.
 */

const RANKS: Record<EncodingName, TiktokenBPE> = { cl100k_base: cl100kBase, o200k_base: o200kBase };
const encoders = new Map<EncodingName, Tiktoken>();

function encoder(name: EncodingName): Tiktoken {
  let e = encoders.get(name);
  if (!e) {
    e = new Tiktoken(RANKS[name]);
    encoders.set(name, e);
  }
  return e;
}

/**
 * Runs of one kind of character at least this long (letters, digits, punctuation, whitespace) are counted in slices of
 * this many characters, each distinct slice once. BPE merges within one such run in time that grows with the square
 * of its length: 7,000 letters took 3 s and 70,000 five minutes, holding up every batch behind it. Words of prose are
 * far shorter, and base64 breaks into short runs by itself, so real text counts exactly; a run cut into slices may
 * count a token more per slice than whole.
 */
export const LONG_RUN = 100;
const LONG_RUNS = new RegExp(
  `\\p{L}{${LONG_RUN},}|\\p{N}{${LONG_RUN},}|[^\\s\\p{L}\\p{N}]{${LONG_RUN},}|\\s{${LONG_RUN},}`,
  'gu',
);

function textTokens(name: EncodingName, text: string): number {
  const e = encoder(name);
  const count = (piece: string) => (piece === '' ? 0 : e.encode(piece, 'all').length);
  let n = 0;
  let at = 0;
  const slices = new Map<string, number>();
  for (const run of text.matchAll(LONG_RUNS)) {
    n += count(text.slice(at, run.index));
    // By code point, so that no slice splits a surrogate pair.
    const chars = Array.from(run[0]);
    for (let i = 0; i < chars.length; i += LONG_RUN) {
      const slice = chars.slice(i, i + LONG_RUN).join('');
      let c = slices.get(slice);
      if (c === undefined) {
        c = count(slice);
        slices.set(slice, c);
      }
      n += c;
    }
    at = run.index + run[0].length;
  }
  return n + count(text.slice(at));
}

/** Langfuse's JSON fallback: strings stay as they are, other values count as `JSON.stringify` writes them. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

type ChatMessage = Record<string, unknown> & { role: string; content: string };

function isChatMessages(value: unknown): value is ChatMessage[] {
  return (
    Array.isArray(value) &&
    value.every(
      (m) =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as ChatMessage).role === 'string' &&
        typeof (m as ChatMessage).content === 'string' &&
        (!('name' in m) || typeof (m as ChatMessage).name === 'string'),
    )
  );
}

const COUNTED_KEYS = new Set(['content', 'role', 'name', 'tool_calls', 'function_call', 'toolCalls', 'functionCall']);

function chatTokens(name: EncodingName, messages: ChatMessage[], chat: NonNullable<Tokenizer['chat']>): number {
  let n = 0;
  for (const message of messages) {
    n += chat.perMessage;
    for (const key of Object.keys(message)) {
      const value = message[key];
      if (value && COUNTED_KEYS.has(key)) n += textTokens(name, asText(value));
      if (key === 'name') n += chat.perName;
    }
  }
  return n + 3;
}

/** Langfuse parses a JSON string before counting it (its store keeps input and output as text). */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * The most text one observation's input and output may hold together to be counted: 128 KiB, about 30,000 tokens.
 * js-tiktoken encoded 100 KB of prose in 350 ms on a loaded machine; every batch behind it in the conversion thread
 * waits (and the server's event loop, should that thread fail). Langfuse gives up after 30 s in a thread pool and
 * records no count, as Loupe does past this size. Larger calls nearly always come with usage from the provider anyway.
 */
export const MAX_COUNTED_CHARS = 131_072;

/** The length of the text `countTokens` would encode for `value` (its JSON text for anything but a string). */
export function countedLength(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return asText(parsed(value)).length;
}

export function countTokens(tokenizer: Tokenizer, value: unknown): number | undefined {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return undefined;
  const v = parsed(value);
  if (tokenizer.chat && isChatMessages(v)) return chatTokens(tokenizer.encoding, v, tokenizer.chat);
  return textTokens(tokenizer.encoding, asText(v));
}
