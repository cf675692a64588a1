import type { TraceSkeleton } from '../tree/skeleton';

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

/**
 * The overview of a whole trace at `width` pixels: per depth lane (deeper lanes folded into the last of
 * `maxLanes`), the bars merged at pixel resolution. Computed once per trace and width, then drawn every frame: a
 * few hundred rectangles whatever the trace's size.
 */
export function overviewLanes(
  s: Pick<TraceSkeleton, 'byLane' | 'depth' | 'start' | 'end' | 'span'>,
  width: number,
  maxLanes: number,
): Float64Array[] {
  const lanes: Float64Array[] = [];
  const scale = width / s.span;
  let k = 0;
  while (k < s.byLane.length) {
    const lane = Math.min(s.depth[s.byLane[k] as number] as number, maxLanes - 1);
    const members: number[] = [];
    // `byLane` is sorted by depth: a lane is one run, the folded last lane everything from here on.
    while (k < s.byLane.length && Math.min(s.depth[s.byLane[k] as number] as number, maxLanes - 1) === lane) {
      members.push(s.byLane[k] as number);
      k++;
    }
    // Several depths folded together are each sorted by start, but not together.
    if (lane === maxLanes - 1) members.sort((a, b) => (s.start[a] as number) - (s.start[b] as number));
    lanes[lane] = mergeBars(
      members.map((i) => (s.start[i] as number) * scale),
      members.map((i) => (s.end[i] as number) * scale),
    );
  }
  for (let l = 0; l < lanes.length; l++) lanes[l] ??= new Float64Array(0);
  return lanes;
}
