import type { TraceSummary } from '@core/model/types';
import { useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useConnectionStore } from '../../connection/connection-store';
import { textOf } from '../../lib/format';
import { traceHash, useRouteStore } from '../../route/route-store';
import { LooseLogsLink } from '../logs/LogsPage';
import { confirmAndDeleteTrace } from '../trace-view/DeleteTraceButton';
import { TransferToolbar } from '../transfer/ExportMenu';
import { COLUMN_BY_ID, type Column } from './columns';
import { EmptyState } from './EmptyState';
import { ColumnsMenu, FilterBar } from './FilterBar';
import { filterAndSort } from './filter-traces';
import { tracesMayArrive } from './first-run';
import { scrollExceptOnMount } from './scroll-list';
import { useStagedRows } from './staged-rows';
import { rowId, TraceListRow } from './TraceListRow';
import { TraceTableHeader } from './TraceTableHeader';
import {
  COMPACT_BELOW,
  COMPACT_WIDTHS,
  DEFAULT_WIDTHS,
  FLEX,
  useFilterLookups,
  useListPrefsStore,
  useTraceFilterStore,
} from './trace-list-store';
import { useStoredTraces } from './use-stored-traces';
import { useTextMatches } from './use-trace-matches';
import './trace-list.css';

const ROW_HEIGHT = 30;

/**
 * Whether the element is narrower than `below` px, followed as the window resizes: the window's width until the
 * element is laid out. Its width is read only when the browser reports it (a read while React mounts the list would
 * lay the whole new list out there and then).
 */
function useNarrow(ref: RefObject<HTMLElement | null>, below: number): boolean {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && window.innerWidth < below);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setNarrow(el.clientWidth < below));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, below]);
  return narrow;
}

/**
 * The virtualizer's view of the list's size, as the browser reports it once laid out, never read while React mounts
 * it (the read would lay the new list out inside the commit); `initialRect` stands in until then.
 */
function observeRectWhenLaidOut(
  instance: Virtualizer<HTMLDivElement, Element>,
  cb: (rect: { width: number; height: number }) => void,
): (() => void) | undefined {
  const element = instance.scrollElement;
  if (!element) return undefined;
  // Inside the observer's callback the layout is fresh: reading it costs nothing more.
  const observer = new ResizeObserver(() => cb({ width: element.offsetWidth, height: element.offsetHeight }));
  observer.observe(element, { box: 'content-box' });
  return () => observer.disconnect();
}

/**
 * Every stored trace, newest first: the first page paints from one indexed read while the rest loads in chunks;
 * filtering happens in memory over the summaries (small rows: 100k filter in tens of milliseconds).
 */
export function TraceList() {
  const { traces, complete } = useStoredTraces();
  const shownOnce = traces !== undefined;
  // A mark for the benchmarks (and the performance panel): the first rows are on screen.
  useEffect(() => {
    if (shownOnce) performance.mark('loupe:list:first-page');
  }, [shownOnce]);
  const arriving = useConnectionStore(tracesMayArrive);
  if (traces?.length === 0 && complete && !arriving) return <EmptyState />;
  // The list's frame (filters, header) shows before the first read returns: during a drain that read waits behind
  // the writer's transactions, and the frame then paints while the machine is quieter, not with the first rows.
  return <TraceTable traces={traces ?? NO_TRACES} loading={traces === undefined} complete={complete} />;
}

const NO_TRACES: TraceSummary[] = [];

function TraceTable({ traces, loading, complete }: { traces: TraceSummary[]; loading: boolean; complete: boolean }) {
  const filters = useTraceFilterStore((s) => s.filters);
  const { visible, widths: savedWidths, sort } = useListPrefsStore();
  const text = useTextMatches(filters.search);
  const { modelMatches, observationMatches, scoreMatches } = useFilterLookups(filters);
  const shown = useMemo(
    () =>
      filterAndSort(traces, filters, sort, {
        now: Date.now(),
        modelMatches,
        observationMatches,
        scoreMatches,
        textMatches: text.matches,
      }),
    [traces, filters, sort, modelMatches, observationMatches, scoreMatches, text.matches],
  );
  const columns = useMemo(
    () => visible.flatMap((id) => COLUMN_BY_ID.get(id) ?? []).filter((c): c is Column => c !== undefined),
    [visible],
  );
  // Changes only when the user changed what the list shows: the rows then show it at once, not staged as arrivals.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the dependencies are what the key stands for
  const chosen = useMemo(
    () => ({}),
    [filters, sort, columns, modelMatches, observationMatches, scoreMatches, text.matches],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const compact = useNarrow(scrollRef, COMPACT_BELOW);
  const defaults = compact ? COMPACT_WIDTHS : DEFAULT_WIDTHS;
  const widths = columns.map((c) => savedWidths[c.id] ?? defaults[c.id]);
  // Narrower than this the list scrolls sideways; wider, the text columns share the spare width.
  const rowWidth = widths.reduce((sum, w) => sum + w, 0);
  // The text columns share the spare width; their width is their minimum.
  const template = columns
    .map((c, i) => (FLEX[c.id] ? `minmax(${widths[i]}px, ${FLEX[c.id]}fr)` : `${widths[i]}px`))
    .join(' ');

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // The window's size until the list is measured: the first render already holds the rows on screen, so the
    // measurement that follows changes a row or two instead of rendering them all again at once.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    observeElementRect: observeRectWhenLaidOut,
    scrollToFn: scrollExceptOnMount,
    // A few rows past each edge: every row mounted is laid out again each time traces arrive at the top.
    overscan: 6,
    // No `getItemKey`: rows are keyed by their place, not their trace. Traces arriving at the top move every trace
    // down a row, and each row then takes the values of the trace now in its place, instead of the whole window
    // being built again.
  });

  // Live arrivals insert rows above the one being read: keep that row where it was on screen.
  const anchor = useRef<{ id: string; offset: number } | null>(null);
  const rememberAnchor = () => {
    const el = scrollRef.current;
    if (!el || el.scrollTop === 0) {
      anchor.current = null;
      return;
    }
    const index = Math.floor(el.scrollTop / ROW_HEIGHT);
    const row = shown[index];
    anchor.current = row ? { id: rowId(row), offset: el.scrollTop - index * ROW_HEIGHT } : null;
  };
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const a = anchor.current;
    if (!el || !a) return;
    const index = shown.findIndex((t) => rowId(t) === a.id);
    if (index >= 0) el.scrollTop = index * ROW_HEIGHT + a.offset;
  }, [shown]);

  // Back from a trace (Esc, "← All traces") the focus went with the page that closed: give it to the list, on the
  // trace that was open, so j/k and Enter carry on at once. A focus somewhere else (a tab, the search) stays put.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the list appears
  useEffect(() => {
    const el = scrollRef.current;
    const focused = document.activeElement;
    if (!el || (focused && focused !== document.body && focused.isConnected)) return;
    el.focus({ preventScroll: true });
    const { selectedId } = useTraceFilterStore.getState();
    const index = selectedId === null ? -1 : shown.findIndex((t) => rowId(t) === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const { selectedId, select } = useTraceFilterStore.getState();
    const current = shown.findIndex((t) => rowId(t) === selectedId);
    const step = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
    if (step !== 0) {
      const next = shown[Math.max(0, Math.min(shown.length - 1, current + step))];
      if (next) {
        select(rowId(next));
        virtualizer.scrollToIndex(shown.indexOf(next));
      }
    } else if (e.key === 'Enter' && selectedId) {
      useRouteStore.getState().navigate(traceHash(selectedId));
    } else if (e.key === 'Delete' && selectedId) {
      void confirmAndDeleteTrace(selectedId, textOf(shown[current]?.name) ?? '');
    } else return;
    e.preventDefault();
  };

  return (
    <div className={`trace-list${compact ? ' compact' : ''}`}>
      <FilterBar traces={traces} />
      <div className="trace-list-caption">
        {loading ? (
          <span>Loading traces…</span>
        ) : (
          <span data-testid="trace-count">
            {shown.length === traces.length
              ? `${traces.length.toLocaleString('en-US')} trace${traces.length === 1 ? '' : 's'}`
              : `${shown.length.toLocaleString('en-US')} of ${traces.length.toLocaleString('en-US')} traces`}
          </span>
        )}
        {!loading && !complete && <span className="muted"> · loading the rest…</span>}
        {text.scanning && <span className="muted"> · searching inputs and outputs…</span>}
        <LooseLogsLink />
        <span className="filter-spacer" />
        <TransferToolbar shownIds={shown.map(rowId)} />
        <ColumnsMenu />
      </div>
      <div
        className="trace-scroll"
        ref={scrollRef}
        data-testid="trace-grid"
        role="listbox"
        aria-label="Traces"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={rememberAnchor}
      >
        <TraceTableHeader columns={columns} widths={widths} template={template} minWidth={rowWidth} />
        <div className="trace-rows" style={{ height: virtualizer.getTotalSize(), minWidth: rowWidth }}>
          <TraceRows
            items={virtualizer.getVirtualItems()}
            shown={shown}
            chosen={chosen}
            columns={columns}
            template={template}
          />
        </div>
        {shown.length === 0 && traces.length > 0 && <p className="page-message">No trace matches these filters.</p>}
        {traces.length === 0 && !loading && <p className="page-message">Traces show here as they are stored.</p>}
      </div>
    </div>
  );
}

/** The rows on screen; a burst of arrivals reaches them a few rows per frame (staged-rows.ts). */
function TraceRows(props: {
  items: VirtualItem[];
  shown: TraceSummary[];
  chosen: object;
  columns: Column[];
  template: string;
}) {
  const { items, shown, chosen, columns, template } = props;
  const indices = useMemo(() => items.map((item) => item.index), [items]);
  const rows = useStagedRows(indices, shown, chosen);
  return items.map((item, i) => {
    const trace = rows[i];
    return (
      trace !== undefined && (
        <TraceListRow
          key={item.key}
          trace={trace}
          columns={columns}
          template={template}
          top={item.start}
          height={ROW_HEIGHT}
        />
      )
    );
  });
}
