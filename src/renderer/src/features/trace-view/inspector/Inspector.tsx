import * as normalize from '@core/messages/normalize';
import type { ObservationBody, ObservationRow } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { StoredText } from '../../../components/StoredValue';
import { TypeBadge } from '../../../components/TypeBadge';
import { useConnectionStore } from '../../../connection/connection-store';
import { db } from '../../../store/local-db';
import { observationBody, spanLogs } from '../../../store/queries';
import { CompareGenerationButton } from '../../compare/CompareButtons';
import { ObservationScoreChips } from '../scores/ScoreChips';
import { JsonTree } from './JsonTree';
import { LogsSection } from './LogRecords';
import { ObservationFacts } from './ObservationFacts';
import { RawDetails } from './RawDetails';
import { ValueView } from './ValueView';
import './inspector.css';

/**
 * Tool definitions offered to the model, when the normalizer can extract them. Looked up by name so the
 * inspector works with normalizers that do not have the function.
 */
function toolDefinitions(body: ObservationBody): unknown[] {
  const extract = (normalize as Record<string, unknown>).extractToolDefinitions;
  if (typeof extract !== 'function') return [];
  try {
    const found: unknown = extract(body.input, body.attributes);
    return Array.isArray(found) ? found : [];
  } catch {
    return [];
  }
}

function BodySections({ row, body }: { row: ObservationRow; body: ObservationBody }) {
  const tools = useMemo(() => toolDefinitions(body), [body]);
  const revision = useConnectionStore((s) => s.revision);
  const logs = useLiveQuery(() => spanLogs(db, row.traceId, row.id), [row.traceId, row.id, revision]);
  return (
    <>
      <ValueView title="Input" value={body.input} testId="inspector-input" />
      <ValueView title="Output" value={body.output} testId="inspector-output" />
      {tools.length > 0 && (
        <section className="value-section" data-testid="inspector-tools">
          <h3 className="section-title">Tools ({tools.length})</h3>
          <JsonTree value={tools} />
        </section>
      )}
      {Object.keys(body.metadata).length > 0 && <ValueView title="Metadata" value={body.metadata} />}
      <LogsSection title="Logs" page={logs} start={row.startTime} testId="inspector-logs" />
      <RawDetails row={row} body={body} />
    </>
  );
}

/** The selected observation: its facts from the row at once, its big values from the body when loaded. */
export function Inspector({ row }: { row: ObservationRow | undefined }) {
  const revision = useConnectionStore((s) => s.revision);
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
        <h2 className="inspector-name">
          <StoredText value={row.name} kind="name" />
        </h2>
        <span className="mono muted inspector-id">{row.id}</span>
        {row.type === 'GENERATION' && <CompareGenerationButton row={row} />}
      </header>
      <ObservationFacts row={row} />
      <ObservationScoreChips traceId={row.traceId} observationId={row.id} />
      {body ? (
        // Keyed by observation: tabs and expanded JSON paths belong to the value they were opened on.
        <BodySections key={`${row.traceId}/${row.id}`} row={row} body={body} />
      ) : (
        <p className="muted">{loaded === null ? 'No input, output or attributes stored.' : 'Loading…'}</p>
      )}
    </aside>
  );
}
