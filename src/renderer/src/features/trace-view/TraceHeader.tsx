import type { TraceBody, TraceSummary } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ReactNode } from 'react';
import { LevelChip } from '../../components/LevelChip';
import { useConnectionStore } from '../../connection/connection-store';
import { formatCost, formatDuration, formatTimestamp, formatTokens } from '../../lib/format';
import { LIST_HASH } from '../../route/route-store';
import { db } from '../../store/local-db';
import { traceOnlyLogs } from '../../store/queries';
import { CompareTraceButton } from '../compare/CompareButtons';
import { ExportMenu } from '../transfer/ExportMenu';
import { DeleteTraceButton } from './DeleteTraceButton';
import { LogRecordList } from './inspector/LogRecords';
import { ValueView } from './inspector/ValueView';
import { TraceScoreChips } from './scores/ScoreChips';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <span className="fact-label">{label}</span>
      <span className="fact-value">{children}</span>
    </div>
  );
}

const hasValue = (v: unknown) => v !== null && v !== undefined && v !== '';

/** Records of the trace that belong to none of its observations, collapsed: they are the exception. */
function TraceOnlyLogs({ trace }: { trace: TraceSummary }) {
  const revision = useConnectionStore((s) => s.revision);
  const page = useLiveQuery(
    () => ((trace.logCount ?? 0) > 0 ? traceOnlyLogs(db, trace.id) : null),
    [trace.id, trace.logCount, revision],
  );
  if (!page || page.total === 0) return null;
  return (
    <details className="raw trace-logs" data-testid="trace-logs">
      <summary>
        Logs not tied to an observation <span className="muted">({page.total.toLocaleString('en-US')})</span>
      </summary>
      <LogRecordList page={page} start={trace.startTime} />
    </details>
  );
}

export function TraceHeader({ trace, body }: { trace: TraceSummary; body: TraceBody | null }) {
  const showBody = body && (hasValue(body.input) || hasValue(body.output) || Object.keys(body.metadata).length > 0);
  return (
    <section className="trace-header">
      <div className="trace-title-row">
        <a className="back-link" href={LIST_HASH}>
          ← Traces
        </a>
        <h1 className="trace-title">{trace.name ?? 'unnamed trace'}</h1>
        {trace.worstLevel !== 'DEFAULT' && <LevelChip level={trace.worstLevel} />}
        <span className="trace-id mono" title="Trace id">
          {trace.id}
        </span>
        <CompareTraceButton trace={trace} />
        <ExportMenu label="Export" traceIds={() => [trace.id]} />
        <DeleteTraceButton traceId={trace.id} />
      </div>
      <TraceScoreChips traceId={trace.id} />
      <div className="facts">
        <Fact label="Start">{formatTimestamp(trace.startTime)}</Fact>
        <Fact label="Latency">{formatDuration(trace.latencyMs)}</Fact>
        <Fact label="Observations">{trace.observationCount}</Fact>
        <Fact label="Tokens">
          {trace.totalTokens > 0 ? (
            <>
              {formatTokens(trace.totalTokens)}{' '}
              <span className="muted">
                ({formatTokens(trace.inputTokens)} in / {formatTokens(trace.outputTokens)} out)
              </span>
            </>
          ) : (
            '–'
          )}
        </Fact>
        <Fact label="Cost">{formatCost(trace.totalCost)}</Fact>
        {trace.userId && (
          <Fact label="User">
            <span className="mono">{trace.userId}</span>
          </Fact>
        )}
        {trace.sessionId && (
          <Fact label="Session">
            <span className="mono">{trace.sessionId}</span>
          </Fact>
        )}
        {(trace.logCount ?? 0) > 0 && <Fact label="Logs">{(trace.logCount ?? 0).toLocaleString('en-US')}</Fact>}
        {trace.environment !== 'default' && <Fact label="Environment">{trace.environment}</Fact>}
        {trace.release && <Fact label="Release">{trace.release}</Fact>}
        {trace.tags.length > 0 && (
          <Fact label="Tags">
            {trace.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </Fact>
        )}
      </div>
      {showBody && (
        <details className="trace-body">
          <summary>Trace input, output and metadata</summary>
          <div className="trace-body-grid">
            <ValueView title="Input" value={body.input} />
            <ValueView title="Output" value={body.output} />
            {Object.keys(body.metadata).length > 0 && <ValueView title="Metadata" value={body.metadata} />}
          </div>
        </details>
      )}
      <TraceOnlyLogs trace={trace} />
    </section>
  );
}
