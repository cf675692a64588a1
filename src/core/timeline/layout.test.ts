import { describe, expect, it } from 'vitest';
import { testRow } from '../model/test-observation';
import { buildSkeleton, idOf, nodeOfId } from '../tree/skeleton';
import { clampView, layoutTimeline, pan, visibleRows, xOf, zoom } from './layout';
import { mergeBars, overviewLanes } from './merge-bars';

describe('layoutTimeline', () => {
  it('has one row per observation in tree order, leaving out placeholders of missing parents', () => {
    const s = buildSkeleton([
      testRow({ id: 'a', startTime: 1000, endTime: 1500 }),
      testRow({ id: 'b', parentId: 'a', startTime: 1100, endTime: 1300 }),
      testRow({ id: 'orphan', parentId: 'gone', startTime: 1400, endTime: null }),
    ]);
    const l = layoutTimeline(s);
    expect(l.count).toBe(3);
    expect([...l.rows].map((i) => idOf(s, i))).toEqual(['a', 'b', 'orphan']);
    expect(l.rowOf[2]).toBe(-1);
    expect(idOf(s, 2)).toBe('gone');
    expect(l.rowOf[nodeOfId(s, 'orphan')]).toBe(2);
    expect(l.span).toBe(500);
  });
  it('handles an empty trace', () => {
    expect(layoutTimeline(buildSkeleton([])).count).toBe(0);
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

describe('overviewLanes', () => {
  it('merges each depth into pixel runs and folds lanes past the maximum into the last one', () => {
    const rows = [testRow({ id: 'root', startTime: 0, endTime: 100 })];
    // 1,000 tools of 0.05 ms side by side: one run (bars are at least a pixel wide), not a thousand rectangles.
    for (let i = 0; i < 1000; i++) {
      rows.push(testRow({ id: `t${i}`, parentId: 'root', startTime: i * 0.05, endTime: i * 0.05 + 0.05 }));
    }
    rows.push(testRow({ id: 'deep1', parentId: 't999', startTime: 80, endTime: 90 }));
    rows.push(testRow({ id: 'deep2', parentId: 'deep1', startTime: 10, endTime: 20 }));
    const lanes = overviewLanes(buildSkeleton(rows), 100, 3);
    expect(lanes.length).toBe(3);
    expect([...(lanes[0] as Float64Array)]).toEqual([0, 100]);
    const tools = lanes[1] as Float64Array;
    expect(tools.length).toBe(2);
    expect(tools[1]).toBeCloseTo(50.95);
    // Depths 2 and 3 share the last lane, sorted by start together.
    expect([...(lanes[2] as Float64Array)]).toEqual([10, 20, 80, 90]);
  });
});
