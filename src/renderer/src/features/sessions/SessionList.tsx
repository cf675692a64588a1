import { failedStepsText } from '@core/trace/status';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { ErrorBoundary, RowError } from '../../components/ErrorBoundary';
import { LevelChip } from '../../components/LevelChip';
import { CostText, CountText, DurationText, TimeText, TokensText } from '../../components/StoredValue';
import { useConnectionStore } from '../../connection/connection-store';
import { sessionHash } from '../../route/route-store';
import { db } from '../../store/local-db';
import { type SessionSummary, summarizeSessions } from './sessions';
import '../trace-list/trace-status.css';
import './sessions.css';

const COLUMN_COUNT = 8;

/** Runs that failed in red, failed steps of runs that recovered muted beside them: the list's rule (trace/status.ts). */
function SessionStatus({ session: s }: { session: SessionSummary }) {
  const steps = failedStepsText(s.failedSteps);
  if (s.failedRuns === 0 && !steps) return <span className="muted">–</span>;
  return (
    <span className="trace-status">
      {s.failedRuns > 0 && (
        <LevelChip level="ERROR">{`${s.failedRuns} of ${s.traceCount} run${s.traceCount === 1 ? '' : 's'} failed`}</LevelChip>
      )}
      {steps && <span className="failed-steps">{steps}</span>}
    </span>
  );
}

/** One session; its values are totals over stored traces, so any of them may be a broken number. */
export function SessionRow({ session: s }: { session: SessionSummary }) {
  return (
    <tr data-testid="session-row" onClick={() => (location.hash = sessionHash(s.id))}>
      <td>
        <a href={sessionHash(s.id)} className="mono">
          {s.id}
        </a>
      </td>
      <td>
        <TimeText value={s.lastEnd} />
      </td>
      <td className="num">
        <CountText value={s.traceCount} />
      </td>
      <td className="num">
        <DurationText value={s.lastEnd - s.firstStart} />
      </td>
      <td className="num">
        <TokensText value={s.totalTokens} />
      </td>
      <td className="num">
        <CostText value={s.totalCost} />
      </td>
      <td>
        <SessionStatus session={s} />
      </td>
      <td className="mono">{s.userIds.join(', ')}</td>
    </tr>
  );
}

/** Sessions found in the stored traces, most recently active first. */
export function SessionList() {
  const revision = useConnectionStore((s) => s.revision);
  const traces = useLiveQuery(() => db.traces.toArray(), [revision]);
  const sessions = useMemo(() => (traces ? summarizeSessions(traces) : undefined), [traces]);
  if (sessions === undefined) return <div className="page-message">Loading…</div>;
  if (sessions.length === 0) {
    return (
      <div className="page-message">
        No sessions yet. Traces join a session when they carry a session id (Langfuse: <code>sessionId</code> in{' '}
        <code>propagateAttributes</code>; OpenTelemetry: the <code>session.id</code> attribute).
      </div>
    );
  }
  return (
    <div className="session-page">
      <div className="trace-list-caption">
        {sessions.length} session{sessions.length === 1 ? '' : 's'}
      </div>
      <table className="session-table">
        <thead>
          <tr>
            <th>Session</th>
            <th>Last activity</th>
            <th className="num">Traces</th>
            <th className="num">Duration</th>
            <th className="num">Tokens</th>
            <th className="num">Cost</th>
            <th>Status</th>
            <th>Users</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <ErrorBoundary
              key={s.id}
              fallback={(error) => (
                <tr>
                  <td colSpan={COLUMN_COUNT}>
                    <RowError error={error} id={s.id} />
                  </td>
                </tr>
              )}
            >
              <SessionRow session={s} />
            </ErrorBoundary>
          ))}
        </tbody>
      </table>
    </div>
  );
}
