import { useLiveQuery } from 'dexie-react-hooks';
import { useConnectionStore } from '../../connection/connection-store';
import { LIST_HASH } from '../../route/route-store';
import { db } from '../../store/local-db';
import { logsWithoutTrace } from '../../store/queries';
import { LogRecordList } from '../trace-view/inspector/LogRecords';
import '../trace-view/inspector/inspector.css';

export const LOGS_HASH = '#/logs';

function useLooseLogCount(): number | undefined {
  const revision = useConnectionStore((s) => s.revision);
  return useLiveQuery(() => db.logs.where('traceId').equals('').count(), [revision]);
}

/** A quiet pointer from the trace list to the records that belong to no trace; nothing when there are none. */
export function LooseLogsLink() {
  const count = useLooseLogCount();
  if (!count) return null;
  return (
    <a className="muted" href={LOGS_HASH} data-testid="loose-logs-link">
      {' '}
      · {count.toLocaleString('en-US')} log record{count === 1 ? '' : 's'} without a trace
    </a>
  );
}

/**
 * OTLP log records sent without a trace id (an app's own logs, exported with the same SDK): kept, newest first,
 * so that nothing a sender sent is dropped unseen.
 */
export function LogsPage() {
  const revision = useConnectionStore((s) => s.revision);
  const page = useLiveQuery(() => logsWithoutTrace(db), [revision]);
  return (
    <div className="logs-page">
      <header className="trace-title-row">
        <a className="back-link" href={LIST_HASH}>
          ← Traces
        </a>
        <h1 className="trace-title">Log records without a trace</h1>
      </header>
      {page === undefined && <p className="page-message">Loading…</p>}
      {page && page.total === 0 && (
        <p className="page-message">
          No log records without a trace. Records sent with a trace id show on their trace and observation.
        </p>
      )}
      {page && page.total > 0 && <LogRecordList page={page} />}
    </div>
  );
}
