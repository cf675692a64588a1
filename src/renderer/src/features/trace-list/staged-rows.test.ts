import { describe, expect, it } from 'vitest';
import { FRAME_BUDGET_MS, RowBudget, type Stage, stageRows } from './staged-rows';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Frames until every row shows its target, each frame starting from what the last one showed. */
function catchUp(indices: number[], target: string[], start: Map<number, string | undefined>, budget: number) {
  const frames: Stage<string>[] = [];
  let shown = start;
  for (let frame = 0; frame < 100; frame++) {
    const stage = stageRows({ indices, target, shown, immediate: false, budget });
    frames.push(stage);
    shown = new Map(stage.rows.map((row, i) => [indices[i] as number, row]));
    if (!stage.behind) return frames;
  }
  throw new Error('never caught up');
}

describe('staging the rows of a list that traces arrive at', () => {
  it('moves a screen of new rows a few per frame, top first, the rest keeping what they showed', () => {
    const indices = range(0, 20);
    const before = new Map(indices.map((i) => [i, `old-${i}`]));
    const target = range(0, 40).map((i) => `new-${i}`);
    const frames = catchUp(indices, target, before, 8);
    expect(frames).toHaveLength(3);
    expect(frames[0]?.rows).toEqual([...range(0, 8).map((i) => `new-${i}`), ...range(8, 20).map((i) => `old-${i}`)]);
    expect(frames[0]?.behind).toBe(true);
    expect(frames.map((f) => f.staged)).toEqual([8, 8, 4]);
    expect(frames[1]?.rows.slice(8, 16)).toEqual(range(8, 16).map((i) => `new-${i}`));
    expect(frames[2]?.rows).toEqual(indices.map((i) => `new-${i}`));
    expect(frames[2]?.behind).toBe(false);
  });

  it('spends the budget only on rows that change', () => {
    const indices = range(0, 12);
    const before = new Map(indices.map((i) => [i, `t${i}`]));
    const unchanged = indices.map((i) => `t${i}`);
    expect(stageRows({ indices, target: unchanged, shown: before, immediate: false, budget: 4 })).toEqual({
      rows: unchanged,
      staged: 0,
      behind: false,
    });
    // One trace updated in place: only that row changes, at once.
    const one = unchanged.map((t, i) => (i === 9 ? `${t}-updated` : t));
    expect(stageRows({ indices, target: one, shown: before, immediate: false, budget: 4 }).rows).toEqual(one);
  });

  it('stages the first rows of a list, leaving the rest empty until their frame', () => {
    const indices = range(0, 10);
    const target = indices.map((i) => `t${i}`);
    const frames = catchUp(indices, target, new Map(), 4);
    expect(frames.map((f) => f.rows.filter((r) => r !== undefined).length)).toEqual([4, 8, 10]);
    expect(frames[0]?.rows.slice(4)).toEqual(Array(6).fill(undefined));
  });

  it('shows rows scrolled into view at once, whatever the budget', () => {
    const before = new Map(range(0, 10).map((i) => [i, `t${i}`]));
    const target = range(0, 100).map((i) => `t${i}`);
    const stage = stageRows({ indices: range(3, 13), target, shown: before, immediate: false, budget: 0 });
    expect(stage).toEqual({ rows: range(3, 13).map((i) => `t${i}`), staged: 0, behind: false });
  });

  it('shows everything at once when the user changed what the list shows', () => {
    const indices = range(0, 30);
    const before = new Map(indices.map((i) => [i, `t${i}`]));
    const filtered = indices.map((i) => `match-${i}`);
    expect(stageRows({ indices, target: filtered, shown: before, immediate: true, budget: 1 })).toEqual({
      rows: filtered,
      staged: 0,
      behind: false,
    });
  });

  it('catches up with every row even when new traces keep arriving between frames', () => {
    const indices = range(0, 30);
    let shown = new Map<number, string | undefined>(indices.map((i) => [i, `a${i}`]));
    // A new target each frame: three new traces on top every time.
    for (let frame = 0; frame < 6; frame++) {
      const target = range(0, 60).map((i) => `f${frame}-${i}`);
      const stage = stageRows({ indices, target, shown, immediate: false, budget: 8 });
      shown = new Map(stage.rows.map((row, i) => [indices[i] as number, row]));
    }
    const last = range(0, 60).map((i) => `f5-${i}`);
    const frames = catchUp(indices, last, shown, 8);
    expect(frames.at(-1)?.rows).toEqual(indices.map((i) => `f5-${i}`));
    expect(frames.length).toBeLessThanOrEqual(4);
  });
});

describe('the rows that fit in a frame', () => {
  it('starts with a few rows, before any frame was measured', () => {
    expect(new RowBudget().rows()).toBe(4);
  });

  it('fits the frame budget at the cost per row measured', () => {
    const budget = new RowBudget();
    // 4 rows in 8 ms: 2 ms a row.
    budget.measured(4, 8);
    expect(budget.rows()).toBe(Math.floor(FRAME_BUDGET_MS / 2));
  });

  it('takes a whole screen at once on a fast machine, and one row at a time on a very busy one', () => {
    const fast = new RowBudget();
    for (let i = 0; i < 10; i++) fast.measured(8, 2);
    expect(fast.rows()).toBeGreaterThanOrEqual(40);
    const busy = new RowBudget();
    for (let i = 0; i < 10; i++) busy.measured(2, 90);
    expect(busy.rows()).toBe(1);
  });

  it('moves halfway towards each new measurement: one slow frame does not stop the list', () => {
    const budget = new RowBudget();
    budget.measured(8, 8);
    budget.measured(1, 9);
    // (1 + 9) / 2 = 5 ms a row.
    expect(budget.rows()).toBe(Math.floor(FRAME_BUDGET_MS / 5));
  });

  it('ignores a frame that changed no row or could not be timed', () => {
    const budget = new RowBudget();
    budget.measured(0, 30);
    budget.measured(3, Number.NaN);
    budget.measured(3, -1);
    expect(budget.rows()).toBe(4);
  });
});
