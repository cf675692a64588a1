import { describe, expect, it } from 'vitest';
import { percentile, percentilesInPlace } from './percentile';

/** The definition, computed the slow way: the smallest value that at least p of all values are at or below. */
function naivePercentile(values: number[], p: number): number | null {
  let best: number | null = null;
  for (const candidate of values) {
    const atOrBelow = values.filter((v) => v <= candidate).length;
    if (atOrBelow / values.length >= p && (best === null || candidate < best)) best = candidate;
  }
  return best;
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('percentile (nearest rank)', () => {
  it('is null without values and the value itself for one', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([42], 0.99)).toBe(42);
  });

  it('picks real values: p50 of 1..10 is 5, p95 and p99 are 10', () => {
    const values = [7, 3, 9, 1, 10, 2, 8, 4, 6, 5];
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.95)).toBe(10);
    expect(percentile(values, 0.99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
  });

  it('matches the naive definition on random samples with ties', () => {
    const next = random(7);
    for (let run = 0; run < 200; run++) {
      const n = 1 + Math.floor(next() * 60);
      // Rounded, so ties are common.
      const values = Array.from({ length: n }, () => Math.round(next() * 50) * 10);
      for (const p of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1])
        expect(percentile(values, p)).toBe(naivePercentile(values, p));
    }
  });

  it('ignores NaN', () => {
    expect(percentile([Number.NaN, 3, 1, 2], 0.5)).toBe(2);
  });

  // Sorts large arrays as the reference: seconds when other tests share the cores, so not the default 5 s.
  it('by selection, gives what sorting gives, ties, one value and large arrays included', { timeout: 60_000 }, () => {
    const next = random(11);
    const ps = [0.5, 0.95, 0.99, 0.01, 1, 0];
    for (let run = 0; run < 300; run++) {
      const n = run < 250 ? 1 + Math.floor(next() * 80) : 5000 + Math.floor(next() * 5000);
      const values = Array.from({ length: n }, () => (run % 3 === 0 ? Math.round(next() * 5) : next() * 1000));
      expect(percentilesInPlace(Float64Array.from(values), ps)).toEqual(ps.map((p) => naivePercentileFast(values, p)));
    }
    expect(percentilesInPlace(new Float64Array(0), [0.5])).toEqual([null]);
  });
});

/** Nearest rank over a sorted copy (the naive definition above is quadratic, too slow for large arrays). */
function naivePercentileFast(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? null;
}
