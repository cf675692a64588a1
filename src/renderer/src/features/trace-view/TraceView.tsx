import { idOf } from '@core/tree/skeleton';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef } from 'react';
import { ViewBoundary } from '../../components/ErrorBoundary';
import { useConnectionStore } from '../../connection/connection-store';
import { describeStored, formatCount } from '../../lib/format';
import { usePrefsStore } from '../../lib/prefs-store';
import { LIST_HASH, TRACE_TABS, type TraceTab, traceHash, useRouteStore } from '../../route/route-store';
import { db } from '../../store/local-db';
import { observationRow, traceWithBody } from '../../store/queries';
import { GraphView } from './graph/GraphView';
import { Inspector } from './inspector/Inspector';
import { ObservationTree } from './ObservationTree';
import { SplitHandle } from './SplitHandle';
import { TraceHeader } from './TraceHeader';
import { TimelineView } from './timeline/TimelineView';
import { useTraceKeys } from './use-trace-keys';
import { useTraceSkeleton } from './use-trace-skeleton';
import './trace-view.css';

const TAB_LABELS: Record<TraceTab, string> = { tree: 'Tree', timeline: 'Timeline', graph: 'Graph' };

interface TraceViewProps {
  traceId: string;
  observationId: string | null;
  tab: TraceTab;
}

/**
 * One trace. Mounted per trace id (keyed by it), so nothing from the previously open trace lingers. The header
 * paints from the trace's summary row at once; the tree, timeline and graph read the trace's skeleton, built in a
 * worker, and only the inspected observation's row and body are read on the UI thread.
 */
export function TraceView({ traceId, observationId, tab }: TraceViewProps) {
  const revision = useConnectionStore((s) => s.revision);
  const data = useLiveQuery(() => traceWithBody(db, traceId), [traceId, revision]);
  const version = data
    ? `${describeStored(data.trace.updatedAt)}/${describeStored(data.trace.observationCount)}`
    : null;
  const root = data?.trace.rootObservationId;
  const { skeleton, error } = useTraceSkeleton(traceId, typeof root === 'string' ? root : null, version);
  const split = usePrefsStore((s) => s.split);
  const splitRef = useRef<HTMLDivElement>(null);
  const onSelect = useCallback(
    (id: string) => useRouteStore.getState().navigate(traceHash(traceId, id, tab), { replace: true }),
    [traceId, tab],
  );
  // Without a selection in the URL, the trace's root is inspected (else the earliest observation).
  const fallback = skeleton && skeleton.defaultIndex >= 0 ? idOf(skeleton, skeleton.defaultIndex) : null;
  const selectedId = observationId ?? fallback;
  const selectedRow = useLiveQuery(
    () => (selectedId ? observationRow(db, traceId, selectedId) : null),
    [traceId, selectedId, revision],
  );
  useTraceKeys({ traceId, tab, selectedId, skeleton, onSelect });
  useEffect(() => {
    if (typeof data?.trace.name === 'string' && data.trace.name) document.title = `${data.trace.name} · Loupe`;
    return () => {
      document.title = 'Loupe';
    };
  }, [data?.trace.name]);
  // Marks for the benchmarks (and the performance panel): the tree of the whole trace is on screen.
  useEffect(() => {
    if (!skeleton) return;
    // One mark at a time: a trace that keeps growing would otherwise add one per refresh.
    performance.clearMarks('loupe:trace:ready');
    performance.mark('loupe:trace:ready', { detail: { traceId, count: skeleton.count } });
  }, [skeleton, traceId]);

  if (data === undefined) {
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
  const count = formatCount(data.trace.observationCount);
  const ids: [string, unknown][] = [
    ['Trace id', traceId],
    ['Observation id', selectedId ?? 'none selected'],
  ];
  return (
    <div className="trace-view">
      <ViewBoundary title="The header of this trace could not be shown" ids={ids}>
        <TraceHeader trace={data.trace} body={data.body} />
      </ViewBoundary>
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
            {error && !skeleton && (
              <p className="page-message" role="alert">
                Could not load the observations of this trace: {error}
              </p>
            )}
            {!error && !skeleton && (
              <p className="page-message" data-testid="trace-loading">
                Loading {count} observations…
              </p>
            )}
            {skeleton && (
              <ViewBoundary title={`The ${TAB_LABELS[tab].toLowerCase()} of this trace could not be shown`} ids={ids}>
                {tab === 'tree' && (
                  <ObservationTree traceId={traceId} skeleton={skeleton} selectedId={selectedId} onSelect={onSelect} />
                )}
                {tab === 'timeline' && <TimelineView skeleton={skeleton} selectedId={selectedId} onSelect={onSelect} />}
                {tab === 'graph' && <GraphView skeleton={skeleton} selectedId={selectedId} onSelect={onSelect} />}
              </ViewBoundary>
            )}
          </div>
        </div>
        <SplitHandle container={() => splitRef.current} />
        <ViewBoundary title="This observation could not be shown" ids={ids} frame="inspector">
          <Inspector row={selectedRow ?? undefined} />
        </ViewBoundary>
      </div>
    </div>
  );
}
