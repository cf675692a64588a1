import { useLayoutEffect, useReducer, useRef } from 'react';

/**
 * Which trace each row on screen shows while a burst of arrivals changes them all. New traces land at the top of a
 * newest-first list, so one take of the store worker's summaries changes every row on screen at once. Rendering a
 * screen of new rows costs 26-30 ms of the page's thread on an idle machine; during a drain the store worker, the
 * database and the server keep both cores busy and the same work takes 3-5 times as long on the clock (traced: tasks
 * of 13-40 ms of CPU took 45-200 ms), past what a page may hold its thread without stuttering.
 *
 * So rows take their new trace a few at a time, top first, one group per frame, as many as fit the frame budget
 * at the cost per row measured in the frames before. On a fast machine that is the whole screen at once; on a busy
 * one a row or two per frame. Rows move on to a newer take only once they all show the one they follow: the screen
 * never mixes more than two takes, and a slow machine simply shows fewer of them.
 *
 * Only arrivals are staged. What the user does (scrolling to new rows, filtering, sorting, choosing columns) shows
 * in full at once, as does any row scrolled into view; the list's very first rows are staged too.
 */

/** Page work one frame of rows may take, in ms: one display frame, a third of what counts as a long task. */
export const FRAME_BUDGET_MS = 16;
/** Rows per frame until a frame has been measured. */
const FIRST_BUDGET = 4;
/** At most this many rows per frame: more than any screen shows. */
const MAX_ROWS = 200;

/**
 * How many rows fit in a frame, from what the last frames cost: each staged frame reports the rows it changed and
 * the ms it took, and the cost per row moves halfway towards each new measurement (one slow frame shrinks the next
 * group, and the frames after it grow it back).
 */
export class RowBudget {
  private msPerRow: number | null = null;

  rows(): number {
    if (this.msPerRow === null) return FIRST_BUDGET;
    return Math.max(1, Math.min(MAX_ROWS, Math.floor(FRAME_BUDGET_MS / this.msPerRow)));
  }

  measured(rows: number, ms: number): void {
    if (rows <= 0 || !Number.isFinite(ms) || ms < 0) return;
    const perRow = ms / rows;
    this.msPerRow = this.msPerRow === null ? perRow : (this.msPerRow + perRow) / 2;
  }
}

export interface StageInput<T> {
  /** The indices of the rows on screen (and just past it), in order. */
  indices: readonly number[];
  /** What each index shows once caught up. */
  target: readonly T[];
  /** What each index on screen in the last frame showed there; undefined: it waited, drawn empty. */
  shown: ReadonlyMap<number, T | undefined>;
  /** Show everything now: the user changed what the list shows. */
  immediate: boolean;
  budget: number;
}

export interface Stage<T> {
  /** Per index in `indices`, what it shows in this frame; undefined: the row waits, drawn empty. */
  rows: (T | undefined)[];
  /** Rows that take a new trace in this frame through the budget. */
  staged: number;
  /** Some row still shows an older trace or none: another frame is needed. */
  behind: boolean;
}

/**
 * This frame's rows: each index already showing its target keeps it, an index new on screen (scrolled into view)
 * shows its target at once, and the rest take their target in index order as long as the budget lasts; the others
 * keep what they showed. Pure: React may render a frame more than once.
 */
export function stageRows<T>({ indices, target, shown, immediate, budget }: StageInput<T>): Stage<T> {
  // Nothing on screen yet: the list's first rows are staged too (they are a whole screen at once).
  const first = shown.size === 0;
  let staged = 0;
  let behind = false;
  const rows = indices.map((index) => {
    const next = target[index];
    const before = shown.get(index);
    if (immediate || before === next || (!first && !shown.has(index))) return next;
    if (staged < budget) {
      staged++;
      return next;
    }
    behind = true;
    return before;
  });
  return { rows, staged, behind };
}

const budget = new RowBudget();

/**
 * The staged rows of a list as a hook: `key` changes when the user changed what the list shows (filters, sort,
 * columns), which is shown at once. Rows follow one list at a time: a newer `target` waits until they all show the
 * one they follow, so the screen never mixes more than two takes and no row is left behind by takes that arrive
 * faster than a busy machine draws them (the list's caption and count follow the newest at once). While rows are
 * behind, the next group renders once this one is drawn.
 */
export function useStagedRows<T>(indices: readonly number[], target: readonly T[], key: unknown): (T | undefined)[] {
  const shown = useRef<Map<number, T | undefined>>(new Map());
  const lastKey = useRef<unknown>(key);
  const following = useRef<readonly T[]>(target);
  const behind = useRef(false);
  const [, nextFrame] = useReducer((n: number) => n + 1, 0);
  const renderStart = performance.now();
  const immediate = key !== lastKey.current;
  const list = immediate || !behind.current ? target : following.current;
  const stage = stageRows({ indices, target: list, shown: shown.current, immediate, budget: budget.rows() });
  useLayoutEffect(() => {
    shown.current = new Map(stage.rows.map((row, i) => [indices[i] as number, row]));
    lastKey.current = key;
    following.current = list;
    behind.current = stage.behind;
    // Caught up with a list older than the newest: the newest starts in the next frame.
    const again = stage.behind || list !== target;
    if (stage.staged === 0 && !again) return;
    // This group's cost: React's render and commit until now, then the frame that draws it, from its first callback
    // to a task queued there, which runs once the frame is done. The wait for the frame in between is not work.
    const committed = performance.now() - renderStart;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      const drawing = performance.now();
      timer = setTimeout(() => {
        budget.measured(stage.staged, committed + performance.now() - drawing);
        if (again) nextFrame();
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  });
  return stage.rows;
}
