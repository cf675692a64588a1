import { severityLabel, severityLevel } from '@core/logs/severity';
import type { LogRecord } from '@core/model/types';
import { useState } from 'react';
import { ErrorBoundary, RowError } from '../../../components/ErrorBoundary';
import { LevelChip } from '../../../components/LevelChip';
import { Invalid, StoredText } from '../../../components/StoredValue';
import { describeStored, formatCount, formatDuration, formatTimestamp, isCount, isTime } from '../../../lib/format';
import { traceHash } from '../../../route/route-store';
import type { LogPage } from '../../../store/queries';
import { JsonTree } from './JsonTree';
import { LongText } from './LongText';
import { RawBlock } from './RawDetails';

const PREVIEW_CHARS = 240;

/** Compact JSON; a value JSON cannot hold (a BigInt from an old store) is described instead. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return describeStored(value);
  }
}

/** One line of what the record says: a text body as it is, a structured one as compact JSON. */
function preview(body: LogRecord['body']): string {
  if (body === null || body === undefined) return '';
  const text = typeof body === 'string' ? body : json(body);
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS)}…` : line;
}

/**
 * One record per line (time, severity, event name, what it says), opened for the whole body and the attributes, and
 * built only once opened: a span can log hundreds of records.
 */
function RecordItem({ record, start, withTrace }: { record: LogRecord; start?: number; withTrace: boolean }) {
  const [open, setOpen] = useState(false);
  // Read as stored: a severity that is not a number or a string (an older store, an import) counts as none.
  const level = {
    severityNumber: typeof record.severityNumber === 'number' ? record.severityNumber : 0,
    severityText: typeof record.severityText === 'string' ? record.severityText : null,
  };
  const severity = severityLabel(level);
  const text = preview(record.body);
  return (
    <li className="log-record" data-testid="log-record">
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="log-line">
          <span className="mono muted log-time" title={formatTimestamp(record.time)}>
            {!isTime(record.time) ? (
              <Invalid kind="time" value={record.time} />
            ) : start === undefined || !isTime(start) ? (
              formatTimestamp(record.time)
            ) : (
              `+${formatDuration(record.time - start)}`
            )}
          </span>
          {severity && (
            <LevelChip level={severityLevel(level)} title="Severity">
              {severity}
            </LevelChip>
          )}
          {record.eventName && (
            <strong className="mono">
              <StoredText value={record.eventName} />
            </strong>
          )}
          {text && <span className="log-preview">{text}</span>}
        </summary>
        {open && (
          <div className="log-detail">
            {withTrace && record.traceId && (
              <a className="mono" href={traceHash(record.traceId, record.spanId || null)}>
                Open trace {record.traceId}
              </a>
            )}
            {typeof record.body === 'string' ? (
              <LongText className="log-text" text={record.body} />
            ) : (
              record.body !== null && <JsonTree value={record.body} />
            )}
            {Object.keys(record.attributes).length > 0 && (
              <RawBlock title="Attributes" value={record.attributes} count={Object.keys(record.attributes).length} />
            )}
            <div className="raw-scope muted">
              scope <span className="mono">{record.scope.name}</span>
              {record.scope.version && <span className="mono"> {record.scope.version}</span>}
            </div>
          </div>
        )}
      </details>
    </li>
  );
}

/** A page of log records: time (relative to `start` when given), severity, event name, body and attributes. */
export function LogRecordList({
  page,
  start,
  withTrace = false,
}: {
  page: LogPage;
  start?: number;
  withTrace?: boolean;
}) {
  const hidden = isCount(page.total) ? page.total - page.records.length : 0;
  return (
    <>
      <ul className="event-list log-list">
        {page.records.map((r) => (
          <ErrorBoundary
            key={r.id}
            fallback={(error) => (
              <li className="log-record">
                <RowError error={error} id={`record ${describeStored(r.id)} of trace ${describeStored(r.traceId)}`} />
              </li>
            )}
          >
            <RecordItem record={r} start={start} withTrace={withTrace} />
          </ErrorBoundary>
        ))}
      </ul>
      {hidden > 0 && <p className="muted">{formatCount(hidden)} more not shown; export the trace to read them all.</p>}
    </>
  );
}

/** The inspector's "Logs" section: what the span logged (OTLP log records sent with its ids). */
export function LogsSection({
  title,
  page,
  start,
  testId,
}: {
  title: string;
  page: LogPage | undefined;
  start: number;
  testId: string;
}) {
  if (!page || page.total === 0) return null;
  return (
    <section className="value-section" data-testid={testId}>
      <h3 className="section-title">
        {title} ({formatCount(page.total)})
      </h3>
      <LogRecordList page={page} start={start} />
    </section>
  );
}
