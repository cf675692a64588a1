import { LEVELS, OBSERVATION_TYPES } from '@core/model/types';
import {
  clampView,
  layoutTimeline,
  pan,
  type TimelineLayout,
  timeAt,
  type Viewport,
  zoom,
} from '@core/timeline/layout';
import { overviewLanes } from '@core/timeline/merge-bars';
import { idOf, nameOf, nodeOfId, stringOf, type TraceSkeleton } from '@core/tree/skeleton';
import { useEffect, useMemo, useRef } from 'react';
import { formatDuration } from '../../../lib/format';
import {
  AXIS_HEIGHT,
  drawMain,
  drawMinimap,
  MAX_LANES,
  type Palette,
  ROW_HEIGHT,
  readPalette,
  tickLabel,
} from './draw-timeline';
import './timeline.css';

const MINIMAP_HEIGHT = 40;
/** Pointer travel below which a press is a click, not a drag. */
const CLICK_SLOP = 3;

interface TimelineViewProps {
  skeleton: TraceSkeleton;
  selectedId: string | null;
  onSelect(id: string): void;
}

/** A status message's first line, at most 200 characters: the tooltip names the error, the inspector has it all. */
function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 || line.length < text.trimEnd().length ? `${line.slice(0, 200)}…` : line;
}

/** Everything a frame reads; mutated by input handlers and drawn on the next animation frame, outside React. */
interface Scene {
  layout: TimelineLayout;
  view: Viewport;
  scrollTop: number;
  selected: number;
  hovered: number;
  palette: Palette | null;
  frame: number;
  /** The overview's merged lanes, for the width they were computed at. */
  lanes: { width: number; runs: Float64Array[] } | null;
}

/** A canvas waterfall of every observation on one time axis, with a minimap; zoom, pan, hover and select. */
export function TimelineView({ skeleton, selectedId, onSelect }: TimelineViewProps) {
  const layout = useMemo(() => layoutTimeline(skeleton), [skeleton]);
  const mainRef = useRef<HTMLCanvasElement>(null);
  const miniRef = useRef<HTMLCanvasElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const rangeRef = useRef<HTMLSpanElement>(null);
  const scene = useRef<Scene>({
    layout,
    view: { from: 0, to: layout.span },
    scrollTop: 0,
    selected: -1,
    hovered: -1,
    palette: null,
    frame: 0,
    lanes: null,
  });
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  const schedule = useRef(() => {
    const s = scene.current;
    if (s.frame) return;
    s.frame = requestAnimationFrame(() => {
      s.frame = 0;
      const main = mainRef.current;
      const mini = miniRef.current;
      if (!main || !mini) return;
      s.palette ??= readPalette(main);
      const dpr = window.devicePixelRatio || 1;
      const width = main.clientWidth;
      const height = main.clientHeight;
      for (const [canvas, h] of [
        [main, height],
        [mini, MINIMAP_HEIGHT],
      ] as const) {
        if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(h * dpr)) {
          canvas.width = Math.round(width * dpr);
          canvas.height = Math.round(h * dpr);
        }
      }
      const ctx = main.getContext('2d');
      const mctx = mini.getContext('2d');
      if (!ctx || !mctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      mctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const step = drawMain(ctx, { ...s, width, height }, s.palette);
      // The canvas says what it shows, axis included, for screen readers (and tests that read like one).
      // It changes only with the tick step, not on every frame of a pan.
      const label = `Waterfall of ${s.layout.count.toLocaleString('en-US')} observations over ${formatDuration(s.layout.span)}, time axis ticks every ${tickLabel(step, step)}`;
      if (main.getAttribute('aria-label') !== label) main.setAttribute('aria-label', label);
      if (s.lanes?.width !== width) {
        s.lanes = { width, runs: overviewLanes(s.layout.skeleton, width, MAX_LANES) };
      }
      drawMinimap(mctx, s.lanes.runs, s.layout.span, s.view, width, MINIMAP_HEIGHT, s.palette);
      if (rangeRef.current) {
        rangeRef.current.textContent = `${formatDuration(s.view.from)} – ${formatDuration(s.view.to)} of ${formatDuration(s.layout.span)}`;
      }
    });
  }).current;

  // A new layout (spans arrived) keeps the zoom where it is unless it showed the whole trace.
  useEffect(() => {
    const s = scene.current;
    const wasFull = s.view.from === 0 && s.view.to >= s.layout.span;
    s.layout = layout;
    s.lanes = null;
    s.view = wasFull ? { from: 0, to: layout.span } : clampView(s.view, layout.span);
    schedule();
  }, [layout, schedule]);

  useEffect(() => {
    const s = scene.current;
    const node = selectedId ? nodeOfId(s.layout.skeleton, selectedId) : -1;
    s.selected = node < 0 ? -1 : (s.layout.rowOf[node] as number);
    const main = mainRef.current;
    if (main && s.selected >= 0) {
      const y = s.selected * ROW_HEIGHT;
      const rowsHeight = main.clientHeight - AXIS_HEIGHT;
      if (y < s.scrollTop || y + ROW_HEIGHT > s.scrollTop + rowsHeight) {
        const maxScroll = Math.max(0, s.layout.count * ROW_HEIGHT - rowsHeight);
        s.scrollTop = Math.min(maxScroll, Math.max(0, y - rowsHeight / 2));
      }
    }
    schedule();
  }, [selectedId, schedule]);

  useEffect(() => {
    const main = mainRef.current;
    const mini = miniRef.current;
    if (!main || !mini) return;
    const s = scene.current;
    const maxScroll = () => Math.max(0, s.layout.count * ROW_HEIGHT - (main.clientHeight - AXIS_HEIGHT));
    const rowAt = (y: number) => {
      if (y < AXIS_HEIGHT) return -1;
      const i = Math.floor((y - AXIS_HEIGHT + s.scrollTop) / ROW_HEIGHT);
      return i >= 0 && i < s.layout.count ? i : -1;
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const width = main.clientWidth;
      if (e.ctrlKey || e.metaKey) {
        s.view = zoom(s.view, Math.exp(e.deltaY * 0.002), e.offsetX, width, s.layout.span);
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        s.view = pan(s.view, -(e.shiftKey ? e.deltaY : e.deltaX), width, s.layout.span);
      } else {
        s.scrollTop = Math.min(maxScroll(), Math.max(0, s.scrollTop + e.deltaY));
      }
      schedule();
    };
    let drag: { x: number; y: number; moved: boolean } | null = null;
    const onDown = (e: PointerEvent) => {
      main.setPointerCapture(e.pointerId);
      drag = { x: e.clientX, y: e.clientY, moved: false };
    };
    const onMove = (e: PointerEvent) => {
      if (drag) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (drag.moved || Math.hypot(dx, dy) > CLICK_SLOP) {
          drag.moved = true;
          s.view = pan(s.view, dx, main.clientWidth, s.layout.span);
          s.scrollTop = Math.min(maxScroll(), Math.max(0, s.scrollTop - dy));
          drag.x = e.clientX;
          drag.y = e.clientY;
          schedule();
        }
        return;
      }
      const i = rowAt(e.offsetY);
      if (i !== s.hovered) {
        s.hovered = i;
        schedule();
      }
      showTip(i, e.offsetX, e.offsetY);
    };
    const onUp = (e: PointerEvent) => {
      if (drag && !drag.moved) {
        const i = rowAt(e.offsetY);
        const id = i >= 0 ? idOf(s.layout.skeleton, s.layout.rows[i] as number) : undefined;
        if (id) onSelectRef.current(id);
      }
      drag = null;
    };
    const onLeave = () => {
      s.hovered = -1;
      if (tipRef.current) tipRef.current.hidden = true;
      schedule();
    };
    const showTip = (i: number, x: number, y: number) => {
      const tip = tipRef.current;
      if (!tip) return;
      if (i < 0) {
        tip.hidden = true;
        return;
      }
      const l = s.layout.skeleton;
      const node = s.layout.rows[i] as number;
      const start = l.start[node] as number;
      const ttft = l.firstToken[node] as number;
      const type = OBSERVATION_TYPES[l.type[node] as number] ?? '';
      const level = LEVELS[l.level[node] as number] ?? 'DEFAULT';
      const status = stringOf(l, l.status[node] as number);
      tip.textContent = [
        `${type} ${nameOf(l, node)}`,
        `${l.open[node] ? 'not ended' : formatDuration((l.end[node] as number) - start)} · starts at +${formatDuration(start)}`,
        Number.isNaN(ttft) ? '' : `first token after ${formatDuration(ttft - start)}`,
        level === 'DEFAULT' ? '' : `${level}${status ? `: ${firstLine(status)}` : ''}`,
      ]
        .filter(Boolean)
        .join('\n');
      tip.hidden = false;
      tip.classList.toggle('is-error', level === 'ERROR');
      tip.style.transform = `translate(${Math.min(x + 12, main.clientWidth - 260)}px, ${y + 14}px)`;
    };
    const onMini = (e: PointerEvent) => {
      if (e.type === 'pointerdown') mini.setPointerCapture(e.pointerId);
      else if (!(e.buttons & 1)) return;
      const center = timeAt(e.offsetX, { from: 0, to: s.layout.span }, mini.clientWidth);
      const half = (s.view.to - s.view.from) / 2;
      s.view = clampView({ from: center - half, to: center + half }, s.layout.span);
      schedule();
    };
    const resize = new ResizeObserver(() => schedule());
    resize.observe(main);
    // The palette comes from CSS variables: read it again when the theme changes.
    const theme = new MutationObserver(() => {
      s.palette = null;
      schedule();
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    main.addEventListener('wheel', onWheel, { passive: false });
    main.addEventListener('pointerdown', onDown);
    main.addEventListener('pointermove', onMove);
    main.addEventListener('pointerup', onUp);
    main.addEventListener('pointerleave', onLeave);
    mini.addEventListener('pointerdown', onMini);
    mini.addEventListener('pointermove', onMini);
    return () => {
      resize.disconnect();
      theme.disconnect();
      main.removeEventListener('wheel', onWheel);
      main.removeEventListener('pointerdown', onDown);
      main.removeEventListener('pointermove', onMove);
      main.removeEventListener('pointerup', onUp);
      main.removeEventListener('pointerleave', onLeave);
      mini.removeEventListener('pointerdown', onMini);
      mini.removeEventListener('pointermove', onMini);
      cancelAnimationFrame(s.frame);
      s.frame = 0;
    };
  }, [schedule]);

  const zoomBy = (factor: number) => {
    const s = scene.current;
    const width = mainRef.current?.clientWidth ?? 1;
    s.view = zoom(s.view, factor, width / 2, width, s.layout.span);
    schedule();
  };
  const reset = () => {
    scene.current.view = { from: 0, to: scene.current.layout.span };
    schedule();
  };

  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-toolbar">
        <span ref={rangeRef} className="muted mono" data-testid="timeline-range" />
        <span className="filter-spacer" />
        <span className="muted timeline-hint">Ctrl+wheel zooms · drag pans · wheel scrolls</span>
        <button type="button" className="icon-button" aria-label="Zoom in" onClick={() => zoomBy(0.5)}>
          +
        </button>
        <button type="button" className="icon-button" aria-label="Zoom out" onClick={() => zoomBy(2)}>
          −
        </button>
        <button type="button" className="link-button" onClick={reset}>
          Fit
        </button>
      </div>
      <canvas ref={miniRef} className="timeline-minimap" data-testid="timeline-minimap" />
      <div className="timeline-main">
        <canvas ref={mainRef} className="timeline-canvas" data-testid="timeline-canvas" role="img" />
        <div ref={tipRef} className="timeline-tip" data-testid="timeline-tip" hidden />
      </div>
    </div>
  );
}
