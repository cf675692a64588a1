import { describe, expect, it } from 'vitest';
import { testRow } from '../model/test-observation';
import type { ObservationRow } from '../model/types';
import { clampView, layoutTimeline, pan, visibleRows, xOf, zoom } from './layout';
import { mergeBars } from './merge-bars';

function row(id: string, start: number, end: number | null, over: Partial<ObservationRow> = {}): ObservationRow {
  return testRow({ id, startTime: start, endTime: end, ...over });
}

describe('layoutTimeline', () => {
  it('places observations from the trace start, unfinished ones to the end, with first tokens', () => {
    const l = layoutTimeline([
      { row: row('a', 1000, 1500), depth: 0 },
      { row: row('b', 1100, 1300, { type: 'GENERATION', completionStartTime: 1150 }), depth: 1 },
      { row: row('c', 1400, null), depth: 1 },
    ]);
    expect(l.origin).toBe(1000);
    expect(l.span).toBe(500);
    expect([...l.start]).toEqual([0, 100, 400]);
    expect([...l.end]).toEqual([500, 300, 500]);
    expect([...l.open]).toEqual([0, 0, 1]);
    expect(l.firstToken[1]).toBe(150);
    expect(Number.isNaN(l.firstToken[0])).toBe(true);
    expect([...l.depth]).toEqual([0, 1, 1]);
    expect(l.type[1]).toBe(2);
  });
  it('handles an empty trace', () => {
    expect(layoutTimeline([]).count).toBe(0);
  });
});

describe('viewport math', () => {
  it('zooms around the cursor and keeps the time under it in place', () => {
    const v = zoom({ from: 0, to: 1000 }, 0.5, 250, 1000, 1000);
    expect(v).toEqual({ from: 125, to: 625 });
    expect(xOf(250, v, 1000)).toBeCloseTo(250);
  });
  it('pans and clamps to the trace', () => {
    expect(pan({ from: 100, to: 200 }, 500, 1000, 1000)).toEqual({ from: 50, to: 150 });
    expect(pan({ from: 100, to: 200 }, 5000, 1000, 1000)).toEqual({ from: 0, to: 100 });
    expect(clampView({ from: -50, to: 5000 }, 1000)).toEqual({ from: 0, to: 1000 });
  });
  it('finds the rows in view', () => {
    expect(visibleRows(50, 100, 20, 1000)).toEqual([2, 8]);
    expect(visibleRows(0, 100, 20, 3)).toEqual([0, 3]);
  });
});

describe('mergeBars', () => {
  it('merges sub-pixel neighbours and keeps separate bars apart', () => {
    expect([...mergeBars([0, 0.3, 0.6, 10], [0.1, 0.4, 0.7, 30])]).toEqual([0, 1.6, 10, 30]);
    expect([...mergeBars([], [])]).toEqual([]);
  });
});
