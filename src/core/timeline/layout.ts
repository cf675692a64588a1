import { PLACEHOLDER, type TraceSkeleton } from '../tree/skeleton';

/**
 * A trace's waterfall: one row per observation in tree order (placeholders for missing parents left out), read
 * straight from the skeleton's typed arrays, so a frame over 100k observations allocates nothing.
 */
export interface TimelineLayout {
  skeleton: TraceSkeleton;
  count: number;
  /** Milliseconds from the trace's start to its latest end; never zero. */
  span: number;
  /** Skeleton node of each row. */
  rows: Int32Array;
  /** Row of each skeleton node, -1 for placeholders. */
  rowOf: Int32Array;
}

export function layoutTimeline(skeleton: TraceSkeleton): TimelineLayout {
  const rows = new Int32Array(skeleton.count);
  const rowOf = new Int32Array(skeleton.count).fill(-1);
  let n = 0;
  for (let i = 0; i < skeleton.count; i++) {
    if (skeleton.type[i] === PLACEHOLDER) continue;
    rowOf[i] = n;
    rows[n++] = i;
  }
  return { skeleton, count: n, span: skeleton.span, rows: rows.slice(0, n), rowOf };
}

/** The part of the time axis on screen, in ms from the origin. */
export interface Viewport {
  from: number;
  to: number;
}

/** Pixel x of a time; `width` is the drawing width in pixels. */
export function xOf(t: number, view: Viewport, width: number): number {
  return ((t - view.from) / (view.to - view.from)) * width;
}

export function timeAt(x: number, view: Viewport, width: number): number {
  return view.from + (x / width) * (view.to - view.from);
}

/**
 * Zooms by `factor` (<1 zooms in) keeping the time under `anchorX` in place, clamped to the trace and to
 * a smallest window of a microsecond.
 */
export function zoom(view: Viewport, factor: number, anchorX: number, width: number, span: number): Viewport {
  const anchor = timeAt(anchorX, view, width);
  const length = Math.min(span, Math.max(0.001, (view.to - view.from) * factor));
  const from = anchor - ((anchor - view.from) / (view.to - view.from)) * length;
  return clampView({ from, to: from + length }, span);
}

export function pan(view: Viewport, dx: number, width: number, span: number): Viewport {
  const dt = (dx / width) * (view.to - view.from);
  return clampView({ from: view.from - dt, to: view.to - dt }, span);
}

export function clampView(view: Viewport, span: number): Viewport {
  const length = Math.min(span, view.to - view.from);
  const from = Math.max(0, Math.min(span - length, view.from));
  return { from, to: from + length };
}

/** Rows intersecting the vertical window, as a half-open index range. */
export function visibleRows(scrollTop: number, height: number, rowHeight: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight));
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight));
  return [first, Math.max(first, last)];
}
