import { LEVELS, OBSERVATION_TYPES } from '@core/model/types';
import { type TimelineLayout, type Viewport, visibleRows, xOf } from '@core/timeline/layout';
import { nameOf } from '@core/tree/skeleton';
import { formatDuration } from '../../../lib/format';

export const ROW_HEIGHT = 22;
/** The time axis above the rows: tick labels with units, drawn over the gridlines. */
export const AXIS_HEIGHT = 20;
const ERROR_LEVEL = LEVELS.indexOf('ERROR');
const WARNING_LEVEL = LEVELS.indexOf('WARNING');
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
  bgSubtle: string;
  error: string;
  warn: string;
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
    bgSubtle: v('--bg-subtle'),
    error: v('--error'),
    warn: v('--warn'),
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

/**
 * One frame of the waterfall: only rows in view, text only where it fits. Rows start below the time axis.
 * Returns the axis's tick step in milliseconds.
 */
export function drawMain(ctx: CanvasRenderingContext2D, f: MainFrame, p: Palette): number {
  const { layout, view, width, height, scrollTop } = f;
  ctx.clearRect(0, 0, width, height);
  const step = tickStep(view, width);
  drawGrid(ctx, view, step, width, height, p);
  const [first, last] = visibleRows(scrollTop, height - AXIS_HEIGHT, ROW_HEIGHT, layout.count);
  const s = layout.skeleton;
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_HEIGHT, width, height - AXIS_HEIGHT);
  ctx.clip();
  for (let i = first; i < last; i++) {
    const y = AXIS_HEIGHT + i * ROW_HEIGHT - scrollTop;
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
    const level = s.level[node] as number;
    ctx.fillStyle = level === ERROR_LEVEL ? p.error : (p.types[s.type[node] as number] ?? p.muted);
    ctx.globalAlpha = s.open[node] ? 0.45 : 0.9;
    ctx.fillRect(left, y + 4, w, ROW_HEIGHT - 8);
    ctx.globalAlpha = 1;
    if (level === WARNING_LEVEL) {
      ctx.strokeStyle = p.warn;
      ctx.lineWidth = 2;
      ctx.strokeRect(left + 1, y + 5, Math.max(1, w - 2), ROW_HEIGHT - 10);
    }
    const ttft = s.firstToken[node] as number;
    if (!Number.isNaN(ttft)) {
      const tx = xOf(ttft, view, width);
      if (tx >= 0 && tx <= width) {
        ctx.fillStyle = p.firstToken;
        ctx.fillRect(tx - 1, y + 2, 2, ROW_HEIGHT - 4);
      }
    }
    drawLabel(ctx, barLabel(s, node, level), left, w, y + ROW_HEIGHT / 2, width, p);
  }
  ctx.restore();
  drawAxis(ctx, view, step, width, p);
  return step;
}

function barLabel(s: TimelineLayout['skeleton'], node: number, level: number): { name: string; detail: string } {
  const duration = s.open[node] ? 'running' : formatDuration((s.end[node] as number) - (s.start[node] as number));
  return { name: nameOf(s, node), detail: level === ERROR_LEVEL ? `${duration} · ERROR` : duration };
}

/**
 * Name and duration inside the bar when both fit, else the name inside and the duration after it, else both
 * beside the bar (right, or left near the right edge), else the name alone where it fits.
 */
function drawLabel(
  ctx: CanvasRenderingContext2D,
  label: { name: string; detail: string },
  left: number,
  w: number,
  y: number,
  width: number,
  p: Palette,
): void {
  const gap = 6;
  const nameWidth = ctx.measureText(label.name).width;
  const detailWidth = ctx.measureText(label.detail).width;
  const both = nameWidth + gap + detailWidth;
  const right = left + w + 4;
  if (both + 8 <= w) {
    ctx.fillStyle = '#fff';
    ctx.fillText(label.name, left + 4, y);
    ctx.globalAlpha = 0.85;
    ctx.fillText(label.detail, left + 4 + nameWidth + gap, y);
    ctx.globalAlpha = 1;
    return;
  }
  if (nameWidth + 8 <= w && right + detailWidth <= width) {
    ctx.fillStyle = '#fff';
    ctx.fillText(label.name, left + 4, y);
    ctx.fillStyle = p.muted;
    ctx.fillText(label.detail, right, y);
    return;
  }
  for (const [text, textWidth] of [
    [`${label.name}  ${label.detail}`, both],
    [label.name, nameWidth],
  ] as const) {
    if (right + textWidth <= width) {
      ctx.fillStyle = p.text;
      ctx.fillText(text, right, y);
      return;
    }
    if (left - 4 - textWidth >= 0) {
      // Bars near the right edge carry their label on the left.
      ctx.fillStyle = p.text;
      ctx.fillText(text, left - 4 - textWidth, y);
      return;
    }
  }
}

/** Ticks at least 90 px apart: room for a label such as "1.25s" or "12m 30s". */
function tickStep(view: Viewport, width: number): number {
  return niceStep((view.to - view.from) / Math.max(1, width / 90));
}

function drawGrid(
  ctx: CanvasRenderingContext2D,
  view: Viewport,
  step: number,
  width: number,
  height: number,
  p: Palette,
) {
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
    const x = Math.round(xOf(t, view, width)) + 0.5;
    ctx.moveTo(x, AXIS_HEIGHT);
    ctx.lineTo(x, height);
  }
  ctx.stroke();
}

/** The axis band: a label at each gridline, its time from the trace's start with a unit. */
function drawAxis(ctx: CanvasRenderingContext2D, view: Viewport, step: number, width: number, p: Palette) {
  ctx.fillStyle = p.bgSubtle;
  ctx.fillRect(0, 0, width, AXIS_HEIGHT);
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, AXIS_HEIGHT - 0.5);
  ctx.lineTo(width, AXIS_HEIGHT - 0.5);
  ctx.stroke();
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = p.muted;
  for (let t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
    const x = Math.round(xOf(t, view, width));
    const text = tickLabel(t, step);
    const textWidth = ctx.measureText(text).width;
    // The last label ends at the edge instead of running off it.
    const at = Math.min(x + 3, width - textWidth - 2);
    if (at < 0) continue;
    ctx.beginPath();
    ctx.moveTo(x + 0.5, AXIS_HEIGHT - 5);
    ctx.lineTo(x + 0.5, AXIS_HEIGHT);
    ctx.stroke();
    ctx.fillText(text, at, AXIS_HEIGHT / 2);
  }
}

/** A tick's time with the decimals its step needs: "250ms", "1.5s", "2m 30s". */
export function tickLabel(t: number, step: number): string {
  if (t === 0) return '0';
  const decimals = (unit: number) => Math.max(0, Math.min(3, Math.ceil(-Math.log10(step / unit) - 1e-9)));
  if (t < 1000) return `${Number(t.toFixed(decimals(1)))}ms`;
  if (t < 60_000) return `${Number((t / 1000).toFixed(decimals(1000)))}s`;
  return formatDuration(t);
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
