import { OBSERVATION_TYPES } from '@core/model/types';
import { type TimelineLayout, type Viewport, visibleRows, xOf } from '@core/timeline/layout';
import { nameOf } from '@core/tree/skeleton';

export const ROW_HEIGHT = 22;
const LABEL_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Colors read from the stylesheet, so the canvas follows the theme. */
export interface Palette {
  types: string[];
  text: string;
  muted: string;
  grid: string;
  selected: string;
  firstToken: string;
  bg: string;
}

export function readPalette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim() || '#888';
  return {
    types: OBSERVATION_TYPES.map((t) => v(`--type-${t.toLowerCase()}`)),
    text: v('--text'),
    muted: v('--text-muted'),
    grid: v('--border'),
    selected: v('--bg-selected'),
    firstToken: v('--warn'),
    bg: v('--bg'),
  };
}

export interface MainFrame {
  layout: TimelineLayout;
  view: Viewport;
  scrollTop: number;
  width: number;
  height: number;
  selected: number;
  hovered: number;
}

/** One frame of the waterfall: only rows in view, text only where it fits. */
export function drawMain(ctx: CanvasRenderingContext2D, f: MainFrame, p: Palette): void {
  const { layout, view, width, height, scrollTop } = f;
  ctx.clearRect(0, 0, width, height);
  drawGrid(ctx, view, width, height, p);
  const [first, last] = visibleRows(scrollTop, height, ROW_HEIGHT, layout.count);
  const s = layout.skeleton;
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  for (let i = first; i < last; i++) {
    const y = i * ROW_HEIGHT - scrollTop;
    if (i === f.selected || i === f.hovered) {
      ctx.fillStyle = p.selected;
      ctx.globalAlpha = i === f.selected ? 1 : 0.5;
      ctx.fillRect(0, y, width, ROW_HEIGHT);
      ctx.globalAlpha = 1;
    }
    const node = layout.rows[i] as number;
    const x0 = xOf(s.start[node] as number, view, width);
    const x1 = xOf(s.end[node] as number, view, width);
    if (x1 < 0 || x0 > width) continue;
    const left = Math.max(0, x0);
    const w = Math.max(1, Math.min(width, x1) - left);
    ctx.fillStyle = p.types[s.type[node] as number] ?? p.muted;
    ctx.globalAlpha = s.open[node] ? 0.45 : 0.9;
    ctx.fillRect(left, y + 4, w, ROW_HEIGHT - 8);
    ctx.globalAlpha = 1;
    const ttft = s.firstToken[node] as number;
    if (!Number.isNaN(ttft)) {
      const tx = xOf(ttft, view, width);
      if (tx >= 0 && tx <= width) {
        ctx.fillStyle = p.firstToken;
        ctx.fillRect(tx - 1, y + 2, 2, ROW_HEIGHT - 4);
      }
    }
    const label = nameOf(s, node);
    const textWidth = ctx.measureText(label).width;
    if (textWidth + 8 <= w) {
      ctx.fillStyle = '#fff';
      ctx.fillText(label, left + 4, y + ROW_HEIGHT / 2);
    } else if (left + w + 4 + textWidth <= width) {
      ctx.fillStyle = p.text;
      ctx.fillText(label, left + w + 4, y + ROW_HEIGHT / 2);
    } else if (left - 4 - textWidth >= 0) {
      // Bars near the right edge carry their label on the left.
      ctx.fillStyle = p.text;
      ctx.fillText(label, left - 4 - textWidth, y + ROW_HEIGHT / 2);
    }
  }
}

function drawGrid(ctx: CanvasRenderingContext2D, view: Viewport, width: number, height: number, p: Palette) {
  const step = niceStep((view.to - view.from) / Math.max(1, width / 120));
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
    const x = Math.round(xOf(t, view, width)) + 0.5;
    ctx.moveTo(x, 0);
    ctx.lineTo(x, height);
  }
  ctx.stroke();
}

/** 1, 2 or 5 times a power of ten: ticks people can read. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-6)));
  const n = raw / power;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power;
}

/** Overview lanes: at most this many, each at most 6 px high. */
export const MAX_LANES = 36;

/**
 * The whole trace squeezed into a strip: one lane per depth, and the viewport as a frame. The lanes (sub-pixel
 * bars merged, see `overviewLanes`) are computed once per trace and width by the caller, so a frame draws a few
 * hundred rectangles whatever the trace's size.
 */
export function drawMinimap(
  ctx: CanvasRenderingContext2D,
  lanes: readonly Float64Array[],
  span: number,
  view: Viewport,
  width: number,
  height: number,
  p: Palette,
): void {
  ctx.clearRect(0, 0, width, height);
  const full = { from: 0, to: span };
  const laneHeight = Math.max(1, Math.min(6, (height - 4) / Math.max(1, lanes.length)));
  ctx.fillStyle = p.muted;
  ctx.globalAlpha = 0.7;
  lanes.forEach((runs, lane) => {
    for (let r = 0; r < runs.length; r += 2) {
      ctx.fillRect(
        runs[r] as number,
        2 + lane * laneHeight,
        (runs[r + 1] as number) - (runs[r] as number),
        Math.max(1, laneHeight - 1),
      );
    }
  });
  ctx.globalAlpha = 1;
  const vx0 = xOf(view.from, full, width);
  const vx1 = xOf(view.to, full, width);
  ctx.strokeStyle = p.text;
  ctx.lineWidth = 1;
  ctx.strokeRect(Math.round(vx0) + 0.5, 0.5, Math.max(2, vx1 - vx0 - 1), height - 1);
}
