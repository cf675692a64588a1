/**
 * Bars narrower than a pixel are merged with their neighbours in the same lane so that a dense stretch
 * draws as one rectangle instead of thousands (the look is the same at pixel resolution).
 * Input: pixel intervals sorted by start. Output: [x0, x1, x0, x1, ...] of the rectangles to draw.
 */
export function mergeBars(x0: ArrayLike<number>, x1: ArrayLike<number>, minWidth = 1): Float64Array {
  const out: number[] = [];
  let runStart = Number.NaN;
  let runEnd = Number.NaN;
  for (let i = 0; i < x0.length; i++) {
    const a = x0[i] as number;
    const b = Math.max(x1[i] as number, a + minWidth);
    if (!Number.isNaN(runEnd) && a <= runEnd + minWidth) {
      runEnd = Math.max(runEnd, b);
      continue;
    }
    if (!Number.isNaN(runStart)) out.push(runStart, runEnd);
    runStart = a;
    runEnd = b;
  }
  if (!Number.isNaN(runStart)) out.push(runStart, runEnd);
  return Float64Array.from(out);
}
