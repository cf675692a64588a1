import { mapSpan } from '@core/conventions/map-span';
import { testSpan } from '@core/conventions/test-span';
import { describe, expect, it } from 'vitest';
import { buildPriceTable, computeCost, findPrice, withPriceOverrides } from './compute-cost';
import { DEFAULT_PRICES } from './prices';

describe('price table', () => {
  it('matches model names case-insensitively, with provider prefixes and dated suffixes', () => {
    const id = (model: string) => findPrice(model)?.id;
    expect(id('gpt-4o-mini-2024-07-18')).toBe('gpt-4o-mini');
    expect(id('GPT-4o')).toBe('gpt-4o');
    expect(id('openai/gpt-4o-2024-11-20')).toBe('gpt-4o');
    expect(id('gpt-4.1-nano')).toBe('gpt-4.1-nano');
    expect(id('gpt-5-mini-2025-08-07')).toBe('gpt-5-mini');
    expect(id('o3-mini')).toBe('o3-mini');
    expect(id('o4-mini-2025-04-16')).toBe('o4-mini');
    expect(id('text-embedding-3-small')).toBe('text-embedding-3-small');
    expect(id('claude-3-5-sonnet-20241022')).toBe('claude-3.5-sonnet');
    expect(id('anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe('claude-3.5-sonnet');
    expect(id('claude-sonnet-4-20250514')).toBe('claude-sonnet-4');
    expect(id('claude-opus-4-1-20250805')).toBe('claude-opus-4.1');
    expect(id('models/gemini-2.5-flash-lite')).toBe('gemini-2.5-flash-lite');
    expect(id('gemini-2.5-flash-preview-05-20')).toBe('gemini-2.5-flash');
    expect(id('mistral-large-latest')).toBe('mistral-large');
    expect(id('llama-3.3-70b-versatile')).toBe('llama-3.3-70b (Groq)');
    expect(id('command-r-plus-08-2024')).toBe('command-r-plus');
    expect(id('my-own-model')).toBeUndefined();
  });

  it('has valid patterns and finite, non-negative prices in every entry', () => {
    for (const e of DEFAULT_PRICES) {
      expect(() => new RegExp(e.match, 'i')).not.toThrow();
      for (const prices of [e.prices, ...(e.tiers ?? []).map((t) => t.prices)]) {
        for (const p of Object.values(prices)) expect(Number.isFinite(p) && p >= 0).toBe(true);
      }
    }
  });
});

describe('computeCost', () => {
  it('prices each usage key at its own rate, cached tokens included', () => {
    const cost = computeCost('gpt-4o-mini', { input: 1_000_000, input_cached_tokens: 1_000_000, output: 1_000_000 });
    expect(cost?.input).toBeCloseTo(0.15, 10);
    expect(cost?.input_cached_tokens).toBeCloseTo(0.075, 10);
    expect(cost?.output).toBeCloseTo(0.6, 10);
    expect(cost?.total).toBeCloseTo(0.825, 10);
  });

  it('prices Anthropic cache reads and writes, through their aliases too', () => {
    const cost = computeCost('claude-3-5-sonnet-20241022', {
      input: 1_000_000,
      cache_read_input_tokens: 1_000_000,
      input_cache_creation: 1_000_000,
      output: 1_000_000,
    });
    expect(cost?.cache_read_input_tokens).toBeCloseTo(0.3, 10);
    expect(cost?.input_cache_creation).toBeCloseTo(3.75, 10);
    expect(cost?.total).toBeCloseTo(3 + 0.3 + 3.75 + 15, 10);
  });

  it('switches to the long-context tier above its threshold', () => {
    const short = computeCost('gemini-2.5-pro', { input: 200_000, output: 1_000 });
    const long = computeCost('gemini-2.5-pro', { input: 150_000, input_cached_tokens: 60_000, output: 1_000 });
    expect(short?.input).toBeCloseTo(200_000 * 1.25e-6, 10);
    expect(long?.input).toBeCloseTo(150_000 * 2.5e-6, 10);
    expect(long?.input_cached_tokens).toBeCloseTo(60_000 * 0.25e-6, 10);
    expect(long?.output).toBeCloseTo(1_000 * 15e-6, 10);
  });

  it('bills reasoning tokens as output and unpriced details at their side’s base price', () => {
    const cost = computeCost('o3', { input: 10, output: 10, output_reasoning_tokens: 10, input_audio_tokens: 10 });
    expect(cost?.output_reasoning_tokens).toBeCloseTo(8e-5, 12);
    expect(cost?.input_audio_tokens).toBeCloseTo(2e-5, 12);
  });

  it('returns null for unknown models, missing models and empty usage', () => {
    expect(computeCost('unknown-model', { input: 5 })).toBeNull();
    expect(computeCost(null, { input: 5 })).toBeNull();
    expect(computeCost('gpt-4o', {})).toBeNull();
    expect(computeCost('gpt-4o', { total: 5 })).toBeNull();
  });

  it('lets user overrides win over the built-in table; an invalid pattern matches nothing', () => {
    const table = withPriceOverrides([
      { id: 'mine', match: '^gpt-4o$', prices: { input: 1, output: 2 } },
      { id: 'broken', match: '(', prices: { input: 1 } },
    ]);
    expect(computeCost('GPT-4O', { input: 3, output: 1 }, table)).toEqual({ input: 3, output: 2, total: 5 });
    expect(computeCost('gpt-4o-mini', { input: 1 }, table)?.input).toBeCloseTo(0.15e-6, 15);
    expect(findPrice('local-llama', buildPriceTable([{ id: 'l', match: 'llama', prices: {} }]))?.id).toBe('l');
  });
});

describe('prices checked against the published list', () => {
  const perMillion = (model: string, key: string) => (findPrice(model)?.prices[key] ?? Number.NaN) * 1e6;

  it('has the current rates of common models', () => {
    expect(perMillion('gpt-4o-mini-2024-07-18', 'input')).toBeCloseTo(0.15, 10);
    expect(perMillion('gpt-4o-mini', 'input_cached_tokens')).toBeCloseTo(0.075, 10);
    expect(perMillion('text-embedding-3-small', 'input')).toBeCloseTo(0.02, 10);
    expect(perMillion('claude-sonnet-4-5-20250929', 'input')).toBeCloseTo(3, 10);
    expect(perMillion('claude-sonnet-4-6', 'output')).toBeCloseTo(15, 10);
    expect(perMillion('claude-haiku-4-5', 'input_cache_creation_1h')).toBeCloseTo(2, 10);
    expect(perMillion('gemini-2.5-flash', 'input_cached_tokens')).toBeCloseTo(0.03, 10);
    expect(perMillion('gemini-2.5-flash-lite', 'input_cached_tokens')).toBeCloseTo(0.01, 10);
    expect(perMillion('gemini-2.5-pro', 'input_cached_tokens')).toBeCloseTo(0.125, 10);
    expect(perMillion('gpt-5.1-2025-11-13', 'output')).toBeCloseTo(10, 10);
    expect(perMillion('gpt-5-pro', 'input')).toBeCloseTo(15, 10);
  });

  it('prices dated GPT-3.5 snapshots at their own rates, Azure spelling included', () => {
    expect(perMillion('gpt-3.5-turbo-0613', 'input')).toBeCloseTo(1.5, 10);
    expect(perMillion('gpt-35-turbo-1106', 'input')).toBeCloseTo(1, 10);
    expect(perMillion('gpt-3.5-turbo-0125', 'input')).toBeCloseTo(0.5, 10);
  });

  it('anchors alternatives, so a longer unknown name is not priced as a listed one', () => {
    expect(findPrice('gpt-4-turbo-something-else')).toBeUndefined();
    expect(findPrice('my-gpt-4-0125-preview')).toBeUndefined();
    expect(findPrice('gpt-4-vision-preview')?.id).toBe('gpt-4-turbo');
  });

  it('matches Bedrock cross-region and Vertex spellings of Claude models', () => {
    expect(findPrice('global.anthropic.claude-sonnet-4-5-20250929-v1:0')?.id).toBe('claude-sonnet-4.5');
    expect(findPrice('apac.anthropic.claude-3-5-haiku-20241022-v1:0')?.id).toBe('claude-3.5-haiku');
    expect(findPrice('claude-4-5-haiku@20251001')?.id).toBe('claude-haiku-4.5');
    expect(findPrice('googleai/gemini-2.5-flash')?.id).toBe('gemini-2.5-flash');
  });

  it('prices audio tokens of audio models at the audio rate, and Gemini usage names', () => {
    const audio = computeCost('gpt-4o-audio-preview', { input: 1_000_000, input_audio_tokens: 1_000_000 });
    expect(audio?.input_audio_tokens).toBeCloseTo(100, 8);
    const gem = computeCost('gemini-2.5-flash', { promptTokenCount: 1_000_000, thoughts_token_count: 1_000_000 });
    expect(gem?.promptTokenCount).toBeCloseTo(0.3, 10);
    expect(gem?.thoughts_token_count).toBeCloseTo(2.5, 10);
  });

  it('applies the GPT-5.4 long-context tier above 272k input tokens', () => {
    expect(computeCost('gpt-5.4', { input: 300_000 })?.input).toBeCloseTo(300_000 * 5e-6, 10);
    expect(computeCost('gpt-5.4', { input: 100_000 })?.input).toBeCloseTo(100_000 * 2.5e-6, 10);
  });
});

describe('cost in mapSpan', () => {
  it('computes cost from usage when the SDK sent none, and marks where it came from', () => {
    const computed = mapSpan(
      testSpan({
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 100,
      }),
    );
    expect(computed.costSource).toBe('computed');
    expect(computed.cost.total).toBeCloseTo(1000 * 2.5e-6 + 100 * 10e-6, 12);
    const sent = mapSpan(
      testSpan({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.cost': 0.5 }),
    );
    expect([sent.costSource, sent.cost]).toEqual(['sdk', { total: 0.5 }]);
    const none = mapSpan(testSpan({ 'gen_ai.request.model': 'private-model', 'gen_ai.usage.input_tokens': 1 }));
    expect([none.costSource, none.cost]).toEqual([undefined, {}]);
  });
});
