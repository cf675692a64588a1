import type { TraceBody, TraceSummary } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ReactNode } from 'react';
import {
  CostText,
  CountText,
  DurationText,
  StoredText,
  Tags,
  TimeText,
  TokensText,
} from '../../components/StoredValue';
import { useConnectionStore } from '../../connection/connection-store';
import { formatTokens, isCount, isTime } from '../../lib/format';
import { LIST_HASH } from '../../route/route-store';
import { db } from '../../store/local-db';
import { traceOnlyLogs } from '../../store/queries';
import { CompareTraceButton } from '../compare/CompareButtons';
import { TraceStatusText } from '../trace-list/TraceStatusText';
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
const logCount = (t: TraceSummary) => (isCount(t.logCount) ? t.logCount : 0);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Records of the trace that belong to none of its observations, collapsed: they are the exception. */
function TraceOnlyLogs({ trace }: { trace: TraceSummary }) {
  const revision = useConnectionStore((s) => s.revision);
  const page = useLiveQuery(
    () => (logCount(trace) > 0 ? traceOnlyLogs(db, trace.id) : null),
    [trace.id, trace.logCount, revision],
  );
  if (!page || page.total === 0) return null;
  return (
    <details className="raw trace-logs" data-testid="trace-logs">
      <summary>
        Logs not tied to an observation <span className="muted">({page.total.toLocaleString('en-US')})</span>
      </summary>
      <LogRecordList page={page} start={isTime(trace.startTime) ? trace.startTime : undefined} />
    </details>
  );
}

export function TraceHeader({ trace, body }: { trace: TraceSummary; body: TraceBody | null }) {
  const metadata = body && isRecord(body.metadata) && Object.keys(body.metadata).length > 0 ? body.metadata : null;
  const showBody = body && (hasValue(body.input) || hasValue(body.output) || metadata !== null);
  return (
    <section className="trace-header">
      <div className="trace-title-row">
        <a className="back-link" href={LIST_HASH}>
          ← Traces
        </a>
        <h1 className="trace-title">
          <StoredText value={trace.name} kind="name" empty="unnamed trace" />
        </h1>
        <TraceStatusText trace={trace} showDefault={false} />
        <span className="trace-id mono" title="Trace id">
          {trace.id}
        </span>
        <CompareTraceButton trace={trace} />
        <ExportMenu label="Export" traceIds={() => [trace.id]} />
        <DeleteTraceButton traceId={trace.id} />
      </div>
      <TraceScoreChips traceId={trace.id} />
      <div className="facts">
        <Fact label="Start">
          <TimeText value={trace.startTime} precise />
        </Fact>
        <Fact label="Latency">
          <DurationText value={trace.latencyMs} />
        </Fact>
        <Fact label="Observations">
          <CountText value={trace.observationCount} />
        </Fact>
        <Fact label="Tokens">
          {!isCount(trace.totalTokens) ? (
            <TokensText value={trace.totalTokens} />
          ) : trace.totalTokens > 0 ? (
            <>
              {formatTokens(trace.totalTokens)}{' '}
              <span className="muted">
                (<TokensText value={trace.inputTokens} /> in / <TokensText value={trace.outputTokens} /> out)
              </span>
            </>
          ) : (
            '–'
          )}
        </Fact>
        <Fact label="Cost">
          <CostText value={trace.totalCost} />
        </Fact>
        {hasValue(trace.userId) && (
          <Fact label="User">
            <span className="mono">
              <StoredText value={trace.userId} />
            </span>
          </Fact>
        )}
        {hasValue(trace.sessionId) && (
          <Fact label="Session">
            <span className="mono">
              <StoredText value={trace.sessionId} />
            </span>
          </Fact>
        )}
        {logCount(trace) > 0 && (
          <Fact label="Logs">
            <CountText value={trace.logCount} />
          </Fact>
        )}
        {trace.environment !== 'default' && (
          <Fact label="Environment">
            <StoredText value={trace.environment} empty="–" />
          </Fact>
        )}
        {hasValue(trace.release) && (
          <Fact label="Release">
            <StoredText value={trace.release} />
          </Fact>
        )}
        {hasValue(trace.version) && (
          <Fact label="Version">
            <span className="mono" data-testid="trace-version">
              <StoredText value={trace.version} />
            </span>
          </Fact>
        )}
        {!(Array.isArray(trace.tags) && trace.tags.length === 0) && (
          <Fact label="Tags">
            <Tags value={trace.tags} empty="–" />
          </Fact>
        )}
      </div>
      {showBody && (
        <details className="trace-body">
          <summary>Trace input, output and metadata</summary>
          <div className="trace-body-grid">
            <ValueView title="Input" value={body.input} />
            <ValueView title="Output" value={body.output} />
            {metadata && <ValueView title="Metadata" value={metadata} />}
          </div>
        </details>
      )}
      <TraceOnlyLogs trace={trace} />
    </section>
  );
}
