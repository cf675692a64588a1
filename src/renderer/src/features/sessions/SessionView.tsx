import type { TraceBody, TraceSummary } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { ErrorBoundary, RowError } from '../../components/ErrorBoundary';
import { CostText, CountText, DurationText, StoredText, TimeText, TokensText } from '../../components/StoredValue';
import { useConnectionStore } from '../../connection/connection-store';
import { SESSIONS_HASH, traceHash } from '../../route/route-store';
import { db } from '../../store/local-db';
import { TraceStatusText } from '../trace-list/TraceStatusText';
import { Markdown } from '../trace-view/inspector/Markdown';
import { FormattedValue } from '../trace-view/inspector/ValueView';
import { sessionTraces, summarizeSessions, turnText } from './sessions';
import './sessions.css';

async function loadSession(sessionId: string): Promise<{ traces: TraceSummary[]; bodies: (TraceBody | undefined)[] }> {
  const traces = sessionTraces(await db.traces.where('sessionId').equals(sessionId).toArray(), sessionId);
  const bodies = await db.traceBodies.bulkGet(traces.map((t) => t.id));
  return { traces, bodies };
}

function TurnValue({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') return <span className="muted">none</span>;
  const text = turnText(value);
  return text !== null ? <Markdown text={text} /> : <FormattedValue value={value} />;
}

function Turn({ trace, body }: { trace: TraceSummary; body: TraceBody | undefined }) {
  return (
    <article className="session-turn" data-testid="session-turn">
      <header className="session-turn-head">
        <a href={traceHash(trace.id)} className="trace-name">
          <StoredText value={trace.name} kind="name" empty="unnamed trace" />
        </a>
        <span className="muted">
          <TimeText value={trace.startTime} precise />
        </span>
        <span className="muted">
          <DurationText value={trace.latencyMs} />
        </span>
        {!(trace.totalTokens === 0) && (
          <span className="muted">
            <TokensText value={trace.totalTokens} /> tokens
          </span>
        )}
        {!(trace.totalCost === 0) && (
          <span className="muted">
            <CostText value={trace.totalCost} />
          </span>
        )}
        <TraceStatusText trace={trace} showDefault={false} />
      </header>
      <div className="session-io">
        <div className="session-in">
          <div className="section-title">Input</div>
          <TurnValue value={body?.input} />
        </div>
        <div className="session-out">
          <div className="section-title">Output</div>
          <TurnValue value={body?.output} />
        </div>
      </div>
    </article>
  );
}

/** A session as a conversation: each trace's input then its output, in order, with the session's totals. */
export function SessionView({ sessionId }: { sessionId: string }) {
  const revision = useConnectionStore((s) => s.revision);
  const data = useLiveQuery(() => loadSession(sessionId), [sessionId, revision]);
  if (data === undefined) return <div className="page-message">Loading…</div>;
  const summary = summarizeSessions(data.traces)[0];
  return (
    <div className="session-page">
      <div className="session-title-row">
        <a className="back-link" href={SESSIONS_HASH}>
          ← Sessions
        </a>
        <h1 className="session-title mono">{sessionId}</h1>
      </div>
      {summary ? (
        <div className="facts session-totals" data-testid="session-totals">
          <span>
            <CountText value={summary.traceCount} /> traces
          </span>
          <span>
            <DurationText value={summary.lastEnd - summary.firstStart} />
          </span>
          <span>
            <TokensText value={summary.totalTokens} /> tokens
          </span>
          <span>
            <CostText value={summary.totalCost} />
          </span>
          {summary.userIds.length > 0 && <span className="mono">{summary.userIds.join(', ')}</span>}
        </div>
      ) : (
        <p className="muted">No trace of this session is stored.</p>
      )}
      <div className="session-turns">
        {data.traces.map((t, i) => (
          <ErrorBoundary key={t.id} fallback={(error) => <RowError error={error} id={t.id} />}>
            <Turn trace={t} body={data.bodies[i]} />
          </ErrorBoundary>
        ))}
      </div>
    </div>
  );
}
