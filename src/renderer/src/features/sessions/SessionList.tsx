import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { LevelChip } from '../../components/LevelChip';
import { useConnectionStore } from '../../connection/connection-store';
import { formatCost, formatDuration, formatStart, formatTokens } from '../../lib/format';
import { sessionHash } from '../../route/route-store';
import { db } from '../../store/local-db';
import { summarizeSessions } from './sessions';
import './sessions.css';

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
            <th>Level</th>
            <th>Users</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row" onClick={() => (location.hash = sessionHash(s.id))}>
              <td>
                <a href={sessionHash(s.id)} className="mono">
                  {s.id}
                </a>
              </td>
              <td>{formatStart(s.lastEnd)}</td>
              <td className="num">{s.traceCount}</td>
              <td className="num">{formatDuration(s.lastEnd - s.firstStart)}</td>
              <td className="num">{formatTokens(s.totalTokens)}</td>
              <td className="num">{formatCost(s.totalCost)}</td>
              <td>
                <LevelChip level={s.worstLevel} />
              </td>
              <td className="mono">{s.userIds.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
