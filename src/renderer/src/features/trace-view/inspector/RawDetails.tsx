import type { ObservationBody, ObservationRow } from '@core/model/types';
import { useState } from 'react';
import { LongText } from './LongText';

/** Collapsed by default, and serialized only once opened: raw attributes can be megabytes. */
function RawBlock({ title, value, count }: { title: string; value: unknown; count: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="raw" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {title} <span className="muted">({count})</span>
      </summary>
      {open && <LongText as="pre" className="code-block" text={JSON.stringify(value, null, 2)} />}
    </details>
  );
}

/** Everything as it was sent, for when the mapped view is not enough. */
export function RawDetails({ row, body }: { row: ObservationRow; body: ObservationBody }) {
  return (
    <section className="value-section">
      <h3 className="section-title">Raw</h3>
      <RawBlock title="Attributes" value={body.attributes} count={Object.keys(body.attributes).length} />
      <RawBlock title="Resource" value={body.resource} count={Object.keys(body.resource).length} />
      {body.events.length > 0 && <RawBlock title="Events" value={body.events} count={body.events.length} />}
      {body.links.length > 0 && <RawBlock title="Links" value={body.links} count={body.links.length} />}
      <div className="raw-scope muted">
        scope <span className="mono">{row.scope.name}</span>
        {row.scope.version && <span className="mono"> {row.scope.version}</span>}
      </div>
    </section>
  );
}
