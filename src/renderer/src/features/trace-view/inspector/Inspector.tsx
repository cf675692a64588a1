import type { ObservationRow } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { useBridgeStore } from '../../../bridge/bridge-store';
import { TypeBadge } from '../../../components/TypeBadge';
import { db } from '../../../store/local-db';
import { observationBody } from '../../../store/queries';
import { ObservationFacts } from './ObservationFacts';
import { RawDetails } from './RawDetails';
import { ValueView } from './ValueView';
import './inspector.css';

/** The selected observation: its facts from the row at once, its big values from the body when loaded. */
export function Inspector({ row }: { row: ObservationRow | undefined }) {
  const revision = useBridgeStore((s) => s.revision);
  const traceId = row?.traceId;
  const id = row?.id;
  const loaded = useLiveQuery(() => (traceId && id ? observationBody(db, traceId, id) : null), [traceId, id, revision]);
  // The hook keeps the previous result while the next one loads: never show one observation's body under another.
  const body = loaded && loaded.traceId === traceId && loaded.id === id ? loaded : null;

  if (!row) {
    return (
      <aside className="inspector" data-testid="inspector">
        <p className="page-message">Select an observation.</p>
      </aside>
    );
  }
  return (
    <aside className="inspector" data-testid="inspector">
      <header className="inspector-head">
        <TypeBadge type={row.type} />
        <h2 className="inspector-name">{row.name}</h2>
        <span className="mono muted inspector-id">{row.id}</span>
      </header>
      <ObservationFacts row={row} />
      {body ? (
        <>
          <ValueView title="Input" value={body.input} testId="inspector-input" />
          <ValueView title="Output" value={body.output} testId="inspector-output" />
          {Object.keys(body.metadata).length > 0 && <ValueView title="Metadata" value={body.metadata} />}
          <RawDetails row={row} body={body} />
        </>
      ) : (
        <p className="muted">{loaded === null ? 'No input, output or attributes stored.' : 'Loading…'}</p>
      )}
    </aside>
  );
}
