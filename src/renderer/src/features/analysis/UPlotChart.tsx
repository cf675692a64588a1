import { type ReactNode, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type ChartTheme, readChartTheme } from './chart-theme';

export interface ChartSpec {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}

interface Props {
  testId: string;
  label: string;
  height: number;
  /** Builds the chart for the current theme; called again when the theme or the inputs change. */
  build: (theme: ChartTheme) => ChartSpec;
  /** Tooltip content for the data index under the cursor; null hides it. */
  tooltip: (idx: number, u: uPlot) => ReactNode;
  /** A click on the plot, with the data index and the value of the y scale at the cursor. */
  onPick: (idx: number, y: number, u: uPlot) => void;
}

/** Watches `data-theme` on the document: the charts redraw with the other palette when it flips. */
function useThemeKey(): string {
  const [key, setKey] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const observer = new MutationObserver(() => setKey(document.documentElement.dataset.theme ?? 'light'));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return key;
}

/**
 * A uPlot chart in React: created on mount and on new inputs, resized with its box, destroyed on unmount. uPlot
 * draws on a canvas; the tooltip is an element over it, placed from uPlot's cursor.
 */
export function UPlotChart({ testId, label, height, build, tooltip, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const themeKey = useThemeKey();
  const [hover, setHover] = useState<{ idx: number; left: number; top: number } | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme key rebuilds with the new colors
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { options, data } = build(readChartTheme());
    const u = new uPlot(
      {
        ...options,
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: false },
        hooks: {
          ...options.hooks,
          setCursor: [
            (self) => {
              const { idx, left, top } = self.cursor;
              setHover(idx == null || left == null || left < 0 ? null : { idx, left: left ?? 0, top: top ?? 0 });
            },
          ],
        },
      },
      data,
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
      setHover(null);
    };
  }, [build, height, themeKey]);

  const onClick = () => {
    const u = plot.current;
    const idx = u?.cursor.idx;
    const top = u?.cursor.top;
    if (!u || idx == null || top == null || top < 0) return;
    pick.current(idx, u.posToVal(top, 'y'), u);
  };

  const u = plot.current;
  const tip = hover && u ? tooltip(hover.idx, u) : null;
  // The cursor is relative to the plot area, which sits inside the chart after the axis.
  const offsetLeft = u?.over.offsetLeft ?? 0;
  const offsetTop = u?.over.offsetTop ?? 0;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: every point is also reachable through the tables and links below the charts
    <figure className="chart" data-testid={testId} aria-label={label} onClick={onClick}>
      <div ref={box} className="chart-canvas" />
      {tip && hover && (
        <div
          className="chart-tooltip"
          data-testid={`${testId}-tooltip`}
          style={{
            left: Math.min(offsetLeft + hover.left + 14, (box.current?.clientWidth ?? 400) - 230),
            top: Math.max(0, offsetTop + hover.top - 10),
          }}
        >
          {tip}
        </div>
      )}
    </figure>
  );
}
