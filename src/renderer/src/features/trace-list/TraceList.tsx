import { useLiveQuery } from 'dexie-react-hooks';
import { useBridgeStore } from '../../bridge/bridge-store';
import { db } from '../../store/local-db';
import { countTraces, recentTraces } from '../../store/queries';
import { EmptyState } from './EmptyState';
import { TraceListRow } from './TraceListRow';
import './trace-list.css';

/** Enough to scroll back through a working session; older traces stay stored. */
const LIMIT = 500;

export function TraceList() {
  // The revision makes the queries run again when a batch is stored in another context (the preload).
  const revision = useBridgeStore((s) => s.revision);
  const traces = useLiveQuery(() => recentTraces(db, LIMIT), [revision]);
  const total = useLiveQuery(() => countTraces(db), [revision]);

  if (traces === undefined) return <div className="page-message">Loading…</div>;
  if (traces.length === 0) return <EmptyState />;
  return (
    <div className="trace-list">
      <div className="trace-list-caption">
        {total !== undefined && total > traces.length
          ? `Newest ${traces.length} of ${total.toLocaleString('en-US')} traces`
          : `${traces.length} trace${traces.length === 1 ? '' : 's'}`}
      </div>
      <table className="trace-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Start</th>
            <th className="num">Latency</th>
            <th className="num">Observations</th>
            <th className="num">Tokens</th>
            <th className="num">Cost</th>
            <th>Level</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <TraceListRow key={t.id} trace={t} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
