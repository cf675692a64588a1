import { type UIEvent, useCallback, useLayoutEffect, useRef, useState } from 'react';

/** Rows drawn beyond each edge of the viewport, so fast scrolling does not flash empty space. */
const OVERSCAN = 8;
/** A height every list here has at least: rows within it are in view at the top without measuring. */
const MIN_VIEW = 200;

/**
 * Fixed-height windowing for lists with one row per observation: only the rows in view (plus overscan)
 * are mounted, so a trace with thousands of spans scrolls as smoothly as one with ten.
 *
 * Nothing here reads the layout while React mounts the list: the viewport's height comes from a ResizeObserver
 * (the window's height stands in until its first report), and the scroll position from scroll events. A read in the
 * commit would lay the new rows out there and then, in the same task as rendering them; the first layout of a
 * trace's tree is 20-26 ms of CPU on a two-core machine, so together they made one long task.
 */
export function useVirtualRows(count: number, rowHeight: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(() => (typeof window === 'undefined' ? 600 : window.innerHeight));
  /** What the handlers read instead of the layout, as last rendered; `measured` once the observer reported. */
  const view = useRef({ scrollTop, height, measured: false });
  view.current.scrollTop = scrollTop;
  view.current.height = height;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Inside the observer's callback the layout is fresh: reading it costs nothing more.
    const observer = new ResizeObserver(() => {
      view.current.measured = true;
      setHeight(el.clientHeight);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = ref.current;
      if (!el) return;
      const { scrollTop: at, height, measured } = view.current;
      const top = index * rowHeight;
      if (top < at) {
        el.scrollTop = top;
        return;
      }
      // Before the observer's first report the height is a guess: a row near the top is in view in any list taller
      // than a few rows, and one further down reads the real height (one layout, in this rare case).
      const shown = measured ? height : top + rowHeight <= MIN_VIEW ? MIN_VIEW : el.clientHeight;
      if (top + rowHeight > at + shown) el.scrollTop = top + rowHeight - shown;
    },
    [rowHeight],
  );

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  return { ref, onScroll, first, last, totalHeight: count * rowHeight, scrollToIndex };
}
