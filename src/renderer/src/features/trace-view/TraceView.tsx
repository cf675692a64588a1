import type { ObservationRow, TraceSummary } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo } from 'react';
import { useBridgeStore } from '../../bridge/bridge-store';
import { LIST_HASH, traceHash, useRouteStore } from '../../route/route-store';
import { db } from '../../store/local-db';
import { traceObservations, traceWithBody } from '../../store/queries';
import { Inspector } from './inspector/Inspector';
import { ObservationTree } from './ObservationTree';
import { TraceHeader } from './TraceHeader';
import './trace-view.css';

/** Without a selection in the URL, the trace's root is inspected (else the earliest observation). */
function defaultSelection(trace: TraceSummary, rows: ObservationRow[]): string | null {
  if (trace.rootObservationId && rows.some((r) => r.id === trace.rootObservationId)) return trace.rootObservationId;
  let earliest: ObservationRow | undefined;
  for (const r of rows) if (!earliest || r.startTime < earliest.startTime) earliest = r;
  return earliest?.id ?? null;
}

/** One trace. Mounted per trace id (keyed by it), so nothing from the previously open trace lingers. */
export function TraceView({ traceId, observationId }: { traceId: string; observationId: string | null }) {
  const revision = useBridgeStore((s) => s.revision);
  const data = useLiveQuery(() => traceWithBody(db, traceId), [traceId, revision]);
  const rows = useLiveQuery(() => traceObservations(db, traceId), [traceId, revision]);

  const onSelect = useCallback(
    (id: string) => useRouteStore.getState().navigate(traceHash(traceId, id), { replace: true }),
    [traceId],
  );
  const selectedId = useMemo(
    () => observationId ?? (data && rows ? defaultSelection(data.trace, rows) : null),
    [observationId, data, rows],
  );

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
      <div className="trace-split">
        <ObservationTree traceId={traceId} rows={rows} selectedId={selectedId} onSelect={onSelect} />
        <Inspector row={selectedRow} />
      </div>
    </div>
  );
}
