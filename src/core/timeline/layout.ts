import { OBSERVATION_TYPES, type ObservationRow, type ObservationType } from '../model/types';

/**
 * A trace's waterfall in typed arrays, built once per trace: one row per observation in tree order, times in
 * milliseconds from the trace's start. Drawing reads only these arrays, so a frame over 100k observations
 * allocates nothing.
 */
export interface TimelineLayout {
  count: number;
  ids: string[];
  names: string[];
  /** Epoch ms of time zero. */
  origin: number;
  /** Milliseconds from `origin` to the latest end; never zero. */
  span: number;
  start: Float64Array;
  /** An unfinished observation ends where the trace does, and is flagged in `open`. */
  end: Float64Array;
  /** Time to first token from `origin`, NaN when unknown. */
  firstToken: Float64Array;
  depth: Uint16Array;
  type: Uint8Array;
  open: Uint8Array;
}

export const TYPE_INDEX: ReadonlyMap<ObservationType, number> = new Map(OBSERVATION_TYPES.map((t, i) => [t, i]));

export function layoutTimeline(rows: readonly { row: ObservationRow; depth: number }[]): TimelineLayout {
  const count = rows.length;
  let origin = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { row } of rows) {
    origin = Math.min(origin, row.startTime);
    last = Math.max(last, row.endTime ?? row.startTime, row.completionStartTime ?? row.startTime);
  }
  if (count === 0) origin = last = 0;
  const span = Math.max(last - origin, 0.001);
  const layout: TimelineLayout = {
    count,
    ids: new Array(count),
    names: new Array(count),
    origin,
    span,
    start: new Float64Array(count),
    end: new Float64Array(count),
    firstToken: new Float64Array(count),
    depth: new Uint16Array(count),
    type: new Uint8Array(count),
    open: new Uint8Array(count),
  };
  rows.forEach(({ row, depth }, i) => {
    layout.ids[i] = row.id;
    layout.names[i] = row.name;
    layout.start[i] = row.startTime - origin;
    layout.end[i] = (row.endTime ?? last) - origin;
    layout.open[i] = row.endTime === null ? 1 : 0;
    layout.firstToken[i] = row.completionStartTime === null ? Number.NaN : row.completionStartTime - origin;
    layout.depth[i] = Math.min(depth, 65_535);
    layout.type[i] = TYPE_INDEX.get(row.type) ?? 0;
  });
  return layout;
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
