import type { ObservationBody, ObservationRow, SpanEvent } from '@core/model/types';
import { useState } from 'react';
import { formatDuration } from '../../../lib/format';
import { JsonTree } from './JsonTree';

/** Collapsed by default, and built only once opened: raw attributes can be megabytes. */
export function RawBlock({ title, value, count }: { title: string; value: unknown; count: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="raw" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {title} <span className="muted">({count})</span>
      </summary>
      {open && <JsonTree value={value} />}
    </details>
  );
}

function EventItem({ event, start }: { event: SpanEvent; start: number }) {
  const exception = event.name === 'exception';
  const message = event.attributes['exception.message'];
  const stack = event.attributes['exception.stacktrace'];
  return (
    <li className={`event${exception ? ' event-exception' : ''}`}>
      <div className="event-head">
        <span className="mono muted">+{formatDuration(event.time - start)}</span> <strong>{event.name}</strong>
        {exception && typeof event.attributes['exception.type'] === 'string' && (
          <span className="mono"> {event.attributes['exception.type']}</span>
        )}
      </div>
      {exception && typeof message === 'string' && <div className="event-message">{message}</div>}
      {exception && typeof stack === 'string' && <pre className="code-block">{stack.slice(0, 20_000)}</pre>}
      {Object.keys(event.attributes).length > 0 && (
        <RawBlock title="Attributes" value={event.attributes} count={Object.keys(event.attributes).length} />
      )}
    </li>
  );
}

/** Events, links and everything as it was sent, for when the mapped view is not enough. */
export function RawDetails({ row, body }: { row: ObservationRow; body: ObservationBody }) {
  return (
    <>
      {body.events.length > 0 && (
        <section className="value-section" data-testid="inspector-events">
          <h3 className="section-title">Events ({body.events.length})</h3>
          <ul className="event-list">
            {body.events.slice(0, 500).map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no ids; their order is their identity
              <EventItem key={i} event={e} start={row.startTime} />
            ))}
          </ul>
        </section>
      )}
      {body.links.length > 0 && (
        <section className="value-section">
          <h3 className="section-title">Links ({body.links.length})</h3>
          <ul className="event-list">
            {body.links.map((l) => (
              <li key={`${l.traceId}/${l.spanId}`} className="mono">
                trace {l.traceId} span {l.spanId}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="value-section" data-testid="inspector-raw">
        <h3 className="section-title">Raw</h3>
        <RawBlock title="Attributes" value={body.attributes} count={Object.keys(body.attributes).length} />
        <RawBlock title="Resource" value={body.resource} count={Object.keys(body.resource).length} />
        <div className="raw-scope muted">
          scope <span className="mono">{row.scope.name}</span>
          {row.scope.version && <span className="mono"> {row.scope.version}</span>}
          {row.serviceName && (
            <>
              {' '}
              · service <span className="mono">{row.serviceName}</span>
            </>
          )}
        </div>
      </section>
    </>
  );
}
