import type { ObservationRow } from '@core/model/types';

/** The time range every timeline bar of a trace is placed on. */
export interface TimeAxis {
  start: number;
  /** Milliseconds; never zero, so a trace of instant events still divides cleanly. */
  span: number;
}

export function timeAxisOf(rows: readonly ObservationRow[]): TimeAxis {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    start = Math.min(start, r.startTime);
    end = Math.max(end, r.endTime ?? r.startTime);
  }
  if (!Number.isFinite(start)) return { start: 0, span: 1 };
  return { start, span: Math.max(end - start, 0.001) };
}

/** Left offset and width as percentages of the axis; an unfinished observation gets no width. */
export function barOf(axis: TimeAxis, row: ObservationRow): { left: number; width: number } {
  const left = ((row.startTime - axis.start) / axis.span) * 100;
  const width = row.endTime === null ? 0 : ((row.endTime - row.startTime) / axis.span) * 100;
  return { left: clamp(left), width: Math.min(clamp(width), 100 - clamp(left)) };
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));
