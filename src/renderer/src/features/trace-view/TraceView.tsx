import type { ObservationRow, TraceSummary } from '@core/model/types';
import { buildTree, flattenTree } from '@core/tree/build-tree';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useBridgeStore } from '../../bridge/bridge-store';
import { usePrefsStore } from '../../lib/prefs-store';
import { LIST_HASH, TRACE_TABS, type TraceTab, traceHash, useRouteStore } from '../../route/route-store';
import { db } from '../../store/local-db';
import { traceObservations, traceWithBody } from '../../store/queries';
import { GraphView } from './graph/GraphView';
import { Inspector } from './inspector/Inspector';
import { ObservationTree } from './ObservationTree';
import { SplitHandle } from './SplitHandle';
import { TraceHeader } from './TraceHeader';
import { TimelineView } from './timeline/TimelineView';
import { useTraceKeys } from './use-trace-keys';
import './trace-view.css';

const TAB_LABELS: Record<TraceTab, string> = { tree: 'Tree', timeline: 'Timeline', graph: 'Graph' };

/** Without a selection in the URL, the trace's root is inspected (else the earliest observation). */
function defaultSelection(trace: TraceSummary, rows: ObservationRow[]): string | null {
  if (trace.rootObservationId && rows.some((r) => r.id === trace.rootObservationId)) return trace.rootObservationId;
  let earliest: ObservationRow | undefined;
  for (const r of rows) if (!earliest || r.startTime < earliest.startTime) earliest = r;
  return earliest?.id ?? null;
}

interface TraceViewProps {
  traceId: string;
  observationId: string | null;
  tab: TraceTab;
}

/** One trace. Mounted per trace id (keyed by it), so nothing from the previously open trace lingers. */
export function TraceView({ traceId, observationId, tab }: TraceViewProps) {
  const revision = useBridgeStore((s) => s.revision);
  const data = useLiveQuery(() => traceWithBody(db, traceId), [traceId, revision]);
  const rows = useLiveQuery(() => traceObservations(db, traceId), [traceId, revision]);
  const split = usePrefsStore((s) => s.split);
  const splitRef = useRef<HTMLDivElement>(null);
  const onSelect = useCallback(
    (id: string) => useRouteStore.getState().navigate(traceHash(traceId, id, tab), { replace: true }),
    [traceId, tab],
  );
  const selectedId = useMemo(
    () => observationId ?? (data && rows ? defaultSelection(data.trace, rows) : null),
    [observationId, data, rows],
  );
  // Tree order of every observation, for j/k wherever the focus is.
  const order = useMemo(
    () => (rows ? flattenTree(buildTree(rows), new Set()).flatMap((f) => (f.node.row ? [f.node.row.id] : [])) : []),
    [rows],
  );
  useTraceKeys({ traceId, tab, selectedId, order, onSelect });
  useEffect(() => {
    if (data?.trace.name) document.title = `${data.trace.name} · Loupe`;
    return () => {
      document.title = 'Loupe';
    };
  }, [data?.trace.name]);

  if (data === undefined || rows === undefined) {
    return <div className="page-message">Loading…</div>;
  }
  if (data === null) {
    return (
      <div className="page-message">
        <p>
          Trace <span className="mono">{traceId}</span> is not stored (yet). It shows here as soon as one of its spans
          arrives.
        </p>
        <a href={LIST_HASH}>← All traces</a>
      </div>
    );
  }
  const selectedRow = rows.find((r) => r.id === selectedId);
  return (
    <div className="trace-view">
      <TraceHeader trace={data.trace} body={data.body} />
      <div className="trace-split" ref={splitRef}>
        <div className="split-left" style={{ flexBasis: `${split * 100}%` }}>
          <div className="view-tabs" role="tablist" aria-label="Trace view">
            {TRACE_TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={t === tab}
                data-testid={`view-${t}`}
                className={`view-tab${t === tab ? ' active' : ''}`}
                onClick={() => useRouteStore.getState().navigate(traceHash(traceId, selectedId, t), { replace: true })}
              >
                {TAB_LABELS[t]}
              </button>
            ))}
          </div>
          <div className="view-panel">
            {tab === 'tree' && (
              <ObservationTree traceId={traceId} rows={rows} selectedId={selectedId} onSelect={onSelect} />
            )}
            {tab === 'timeline' && <TimelineView rows={rows} selectedId={selectedId} onSelect={onSelect} />}
            {tab === 'graph' && <GraphView rows={rows} selectedId={selectedId} onSelect={onSelect} />}
          </div>
        </div>
        <SplitHandle container={() => splitRef.current} />
        <Inspector row={selectedRow} />
      </div>
    </div>
  );
}
