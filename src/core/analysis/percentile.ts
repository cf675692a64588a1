/**
 * Percentiles by the nearest-rank method: the p-th percentile is the smallest value that at least p of the values
 * are less than or equal to. Every figure shown is then a latency that really happened, not an interpolation
 * between two calls.
 */

/** Values sorted ascending, NaN left out, as the percentile functions below expect. */
export function sortedValues(values: Iterable<number>): Float64Array {
  const out: number[] = [];
  for (const v of values) if (!Number.isNaN(v)) out.push(v);
  // A typed array sorts numerically and in place, without a comparison callback.
  return Float64Array.from(out).sort();
}

/** `p` from 0 to 1; null for no values. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, p)) * n));
  return sorted[rank - 1] as number;
}

export function percentile(values: Iterable<number>, p: number): number | null {
  return percentileOfSorted(sortedValues(values), p);
}
