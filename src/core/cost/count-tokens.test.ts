import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { countTokens, LONG_RUN } from './count-tokens';
import { tokenizerFor } from './tokenizer-models';

/**
 * Expected figures: OpenAI's cookbook "How to count tokens with tiktoken" (the function Langfuse's chat counting
 * follows, with the same per-message and per-name overhead) reports 129 prompt tokens for its example conversation
 * on gpt-3.5-turbo-0613 and gpt-4-0613, 127 on gpt-3.5-turbo-0301, and 124 on gpt-4o / gpt-4o-mini, each matching
 * the API's own count. The seed figures are what Langfuse's rules give for the documentation's `llm-call`.
 */
const COOKBOOK = [
  {
    role: 'system',
    content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  {
    role: 'system',
    name: 'example_user',
    content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

function count(model: string, value: unknown): number | undefined {
  const tokenizer = tokenizerFor(model);
  if (!tokenizer) throw new Error(`no tokenizer for ${model}`);
  return countTokens(tokenizer, value);
}

describe('countTokens', () => {
  it('counts chat messages with the per-message and per-name overhead, as the API does', () => {
    expect(count('gpt-4-0613', COOKBOOK)).toBe(129);
    expect(count('gpt-3.5-turbo-0613', COOKBOOK)).toBe(129);
    expect(count('gpt-3.5-turbo-0301', COOKBOOK)).toBe(127);
    expect(count('gpt-4o', COOKBOOK)).toBe(124);
    expect(count('gpt-4o-mini', COOKBOOK)).toBe(124);
  });

  it('counts a string as itself and any other value as its JSON text', () => {
    expect(count('gpt-4', 'Capital of France?')).toBe(4);
    expect(count('gpt-4', { content: 'Paris.' })).toBe(count('gpt-4', '{"content":"Paris."}'));
    expect(count('gpt-4', [{ role: 'user', content: 'Capital of France?' }])).toBe(3 + 1 + 4 + 3);
  });

  it('counts nothing for no value and zero for an empty string, like Langfuse', () => {
    expect(count('gpt-4o', null)).toBeUndefined();
    expect(count('gpt-4o', undefined)).toBeUndefined();
    expect(count('gpt-4o', [])).toBeUndefined();
    expect(count('gpt-4o', '')).toBe(0);
  });

  it('counts a message array as JSON text for a tokenizer model Langfuse does not treat as chat', () => {
    const messages = [{ role: 'user', content: 'Capital of France?' }];
    expect(count('gpt-4-turbo-2024-04-09', messages)).toBe(count('text-embedding-3-small', JSON.stringify(messages)));
    expect(count('gpt-4-turbo-2024-04-09', messages)).toBe(13);
  });

  it('counts tool calls of an assistant message by their JSON text', () => {
    const calls = [
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ];
    const withCalls = count('gpt-4o', [{ role: 'assistant', content: '', tool_calls: calls }]);
    expect(withCalls).toBe(3 + 1 + (count('gpt-4o', JSON.stringify(calls)) ?? 0) + 3);
  });

  describe('long runs of one kind of character', () => {
    const whole = new Tiktoken(o200kBase);
    const exact = (text: string) => whole.encode(text, 'all').length;
    const prose = 'The retriever found nine passages about rotating API keys; the model cited two of them. '.repeat(
      800,
    );

    it('counts text without such runs exactly as the encoder does', () => {
      expect(count('gpt-4o', prose)).toBe(exact(prose));
      const url = `see https://example.com/${'a1b2c3/'.repeat(60)} and ${'x'.repeat(LONG_RUN - 1)}`;
      expect(count('gpt-4o', url)).toBe(exact(url));
    });

    it('counts a run in slices, within a token per slice of the whole count', () => {
      for (const run of ['x'.repeat(1_000), '='.repeat(1_000), ' '.repeat(1_000), '😀'.repeat(600)]) {
        const text = `before ${run} after`;
        const slices = Math.ceil(Array.from(run).length / LONG_RUN);
        expect(Math.abs((count('gpt-4o', text) ?? 0) - exact(text))).toBeLessThanOrEqual(slices + 2);
      }
    });

    it('counts 70,000 letters in a row in about the time of as much prose, not minutes', () => {
      // Letters that do not repeat in a pattern, so that neither the encoder's cache nor the slices' helps.
      let seed = 7;
      const letter = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return String.fromCharCode(97 + (seed % 26));
      };
      const run = Array.from({ length: 70_000 }, letter).join('');
      const words = Array.from({ length: 70_000 }, (_, i) => (i % 7 === 6 ? ' ' : letter())).join('');
      count('gpt-4o', 'warm up the encoder');
      const t0 = performance.now();
      count('gpt-4o', words);
      const wordsMs = performance.now() - t0;
      const t1 = performance.now();
      count('gpt-4o', run);
      const runMs = performance.now() - t1;
      // Whole, such a run took about a thousand times as long as the same letters in words.
      expect(runMs).toBeLessThan(Math.max(wordsMs, 5) * 10);
      expect(count('gpt-4o', 'x'.repeat(70_000))).toBeGreaterThan(0);
    });
  });
});
