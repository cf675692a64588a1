import { describe, expect, it } from 'vitest';
import { testRow } from '../model/test-observation';
import { numberDelta, pairDelta, parameterChanges } from './deltas';

describe('numberDelta', () => {
  it('calls more worse, less better, and equal the same', () => {
    expect(numberDelta(100, 150)).toEqual({ a: 100, b: 150, diff: 50, trend: 'worse' });
    expect(numberDelta(100, 40).trend).toBe('better');
    expect(numberDelta(7, 7).trend).toBe('same');
  });
  it('ignores latency noise below the tolerance', () => {
    const tolerance = { relative: 0.1, absolute: 1 };
    expect(numberDelta(1000, 1080, tolerance).trend).toBe('same');
    expect(numberDelta(1000, 1200, tolerance).trend).toBe('worse');
    expect(numberDelta(0.2, 0.9, tolerance).trend).toBe('same');
  });
  it('ignores float dust in costs and says unknown when a side has no value', () => {
    expect(numberDelta(0.1 + 0.2, 0.3).trend).toBe('same');
    expect(numberDelta(null, 3)).toEqual({ a: null, b: 3, diff: null, trend: 'unknown' });
  });
});

describe('parameterChanges', () => {
  it('lists only differing keys, whatever the key order inside values', () => {
    expect(
      parameterChanges(
        { temperature: 0.1, max_tokens: 512, stop: ['a'], tools: { a: 1, b: 2 } },
        { temperature: 0.7, stop: ['a'], top_p: 1, tools: { b: 2, a: 1 } },
      ),
    ).toEqual([
      { key: 'max_tokens', a: 512, b: undefined },
      { key: 'temperature', a: 0.1, b: 0.7 },
      { key: 'top_p', a: undefined, b: 1 },
    ]);
    expect(parameterChanges(null, null)).toEqual([]);
  });
});

describe('pairDelta', () => {
  const a = testRow({
    id: 'a',
    type: 'GENERATION',
    startTime: 0,
    endTime: 1200,
    model: 'gpt-4o',
    modelParameters: { temperature: 0.1 },
    usage: { input: 500, input_cached_tokens: 300, output: 80, total: 880 },
    cost: { input: 0.01, output: 0.002 },
  });
  const b = testRow({
    id: 'b',
    type: 'GENERATION',
    startTime: 10,
    endTime: 610,
    model: 'gpt-4o-mini',
    modelParameters: { temperature: 0.1 },
    usage: { input: 520, output: 60 },
    cost: { total: 0.0004 },
    level: 'WARNING',
  });

  it('compares latency, tokens (cached counted as input), cost, model and level', () => {
    const d = pairDelta(a, b);
    expect(d.latencyMs).toMatchObject({ a: 1200, b: 600, diff: -600, trend: 'better' });
    expect(d.inputTokens).toMatchObject({ a: 800, b: 520, trend: 'better' });
    expect(d.outputTokens).toMatchObject({ a: 80, b: 60 });
    expect(d.totalTokens).toMatchObject({ a: 880, b: 580 });
    expect(d.cost.a).toBeCloseTo(0.012);
    expect(d.cost).toMatchObject({ b: 0.0004, trend: 'better' });
    expect(d.model).toEqual({ a: 'gpt-4o', b: 'gpt-4o-mini', changed: true });
    expect(d.parameters).toEqual([]);
    expect(d.level).toEqual({ a: 'DEFAULT', b: 'WARNING', changed: true });
  });

  it('leaves unknown what a side does not have', () => {
    const span = testRow({ id: 's', endTime: null });
    const d = pairDelta(span, null);
    expect(d.latencyMs.trend).toBe('unknown');
    expect(d.totalTokens).toMatchObject({ a: null, b: null });
    expect(d.cost.a).toBeNull();
    expect(d.model.changed).toBe(false);
    expect(pairDelta(null, b).totalTokens).toMatchObject({ a: null, b: 580, trend: 'unknown' });
  });
});
