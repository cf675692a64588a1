import { describe, expect, it } from 'vitest';
import { computeCost, findPrice, withPriceOverrides } from './compute-cost';
import { parsePriceOverrides } from './price-overrides';

describe('parsePriceOverrides', () => {
  it('accepts a Langfuse-style entry and prices a matching model with it, ahead of the built-in table', () => {
    const { entries, errors } = parsePriceOverrides([
      {
        modelName: 'gpt-4o-mini',
        matchPattern: '(?i)^(openai/)?gpt-4o-mini(-\\d{4}-\\d{2}-\\d{2})?$',
        prices: { input: 0.000001, output: 0.000002 },
      },
    ]);
    expect(errors).toEqual([]);
    const table = withPriceOverrides(entries);
    expect(findPrice('GPT-4o-mini-2024-07-18', table)?.id).toBe('gpt-4o-mini');
    expect(computeCost('gpt-4o-mini', { input: 1000, output: 1000 }, table)).toEqual({
      input: 0.001,
      output: 0.002,
      total: 0.003,
    });
    // Models the user did not override keep the built-in price.
    expect(findPrice('claude-3-5-sonnet-20241022', table)?.id).toBe('claude-3.5-sonnet');
  });

  it('matches the exact model name, any case, when no matchPattern is given', () => {
    const { entries } = parsePriceOverrides([{ modelName: 'acme.v1+beta', prices: { input: 0.000002 } }]);
    const table = withPriceOverrides(entries);
    expect(findPrice('ACME.V1+BETA', table)?.id).toBe('acme.v1+beta');
    expect(findPrice('acmeXv1+beta', table)).toBeUndefined();
    expect(computeCost('acme.v1+beta', { input: 10 }, table)?.total).toBeCloseTo(0.00002, 12);
  });

  it('applies pricing tiers, also with the base price given as Langfuse’s default tier', () => {
    const { entries, errors } = parsePriceOverrides([
      {
        modelName: 'long-model',
        pricingTiers: [
          { name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: { input: 0.000001 } },
          {
            name: 'Large context',
            priority: 1,
            conditions: [{ usageDetailPattern: '^input', operator: 'gt', value: 1000 }],
            prices: { input: 0.000002 },
          },
        ],
      },
    ]);
    expect(errors).toEqual([]);
    const table = withPriceOverrides(entries);
    expect(computeCost('long-model', { input: 1000 }, table)?.total).toBeCloseTo(0.001, 12);
    expect(computeCost('long-model', { input: 1001 }, table)?.total).toBeCloseTo(0.002002, 12);
  });

  it('supports the eq and neq tier operators', () => {
    const { entries } = parsePriceOverrides([
      {
        modelName: 'm',
        prices: { input: 0.000001 },
        pricingTiers: [
          { conditions: [{ usageDetailPattern: '^input', operator: 'eq', value: 5 }], prices: { input: 0 } },
        ],
      },
    ]);
    const table = withPriceOverrides(entries);
    expect(computeCost('m', { input: 5 }, table)?.total).toBe(0);
    expect(computeCost('m', { input: 6 }, table)?.total).toBeCloseTo(0.000006, 12);
  });

  it('keeps the valid entries and names what is wrong with each invalid one', () => {
    const { entries, errors } = parsePriceOverrides([
      { modelName: 'ok', prices: { input: 0.000001 } },
      'gpt-4o',
      { prices: { input: 0.000001 } },
      { modelName: 'bad-regex', matchPattern: '^(gpt', prices: { input: 0.000001 } },
      { modelName: 'no-prices' },
      { modelName: 'per-million', prices: { input: 2.5 } },
      { modelName: 'negative', prices: { output: -1 } },
      { modelName: 'text-price', prices: { input: '0.000001' } },
      { modelName: 'total', prices: { total: 0.000001 } },
      { modelName: 'empty', prices: {} },
      {
        modelName: 'bad-op',
        prices: { input: 0.000001 },
        pricingTiers: [
          { conditions: [{ usageDetailPattern: 'x', operator: 'above', value: 1 }], prices: { input: 0.000002 } },
        ],
      },
      {
        modelName: 'no-conditions',
        prices: { input: 0.000001 },
        pricingTiers: [{ conditions: [], prices: { input: 0.000002 } }],
      },
    ]);
    expect(entries.map((e) => e.id)).toEqual(['ok']);
    expect(errors.map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const text = errors.map((e) => e.message);
    expect(text[0]).toBe('prices[1]: must be an object {modelName, matchPattern, prices}');
    expect(text[1]).toBe('prices[2]: modelName must be a non-empty text');
    expect(text[2]).toMatch(/^prices\[3\] \("bad-regex"\): matchPattern is not a valid regular expression/);
    expect(text[3]).toBe(
      'prices[4] ("no-prices"): prices must be an object of USD per token by usage type, e.g. {"input": 0.0000025}',
    );
    expect(text[4]).toBe(
      'prices[5] ("per-million"): prices.input is 2.5 USD per token; prices are per token, not per 1M tokens: write 0.0000025',
    );
    expect(text[5]).toMatch(/prices\.output must be a number of USD per token, 0 or more \(got -1\)/);
    expect(text[6]).toMatch(/prices\.input must be a number of USD per token, 0 or more \(got "0.000001"\)/);
    expect(text[7]).toMatch(/prices\.total is not supported/);
    expect(text[8]).toMatch(/prices has no price/);
    expect(text[9]).toMatch(/pricingTiers\[0\]\.conditions\[0\]\.operator must be one of gt, gte, lt, lte, eq, neq/);
    expect(text[10]).toMatch(/pricingTiers\[0\]\.conditions must be a non-empty array/);
  });

  it('treats a missing setting as no overrides and a non-array as one error', () => {
    expect(parsePriceOverrides(undefined)).toEqual({ entries: [], errors: [] });
    expect(parsePriceOverrides(null)).toEqual({ entries: [], errors: [] });
    expect(parsePriceOverrides({ modelName: 'x' }).errors).toEqual([
      { index: -1, message: 'prices must be an array of entries {modelName, matchPattern, prices}' },
    ]);
  });

  it('keeps a usage key named __proto__ as plain data', () => {
    const parsed = JSON.parse('[{"modelName": "p", "prices": {"__proto__": 0.000001, "input": 0.000001}}]');
    const { entries } = parsePriceOverrides(parsed);
    expect(Object.getPrototypeOf(entries[0]?.prices)).toBe(Object.prototype);
    expect(Object.keys(entries[0]?.prices ?? {})).toEqual(['__proto__', 'input']);
  });
});
