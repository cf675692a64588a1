import { extractToolDefinitions, type ToolDefinition } from '@core/messages/tool-definitions';
import type { ObservationBody, ObservationRow } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { StoredText } from '../../../components/StoredValue';
import { TypeBadge } from '../../../components/TypeBadge';
import { useConnectionStore } from '../../../connection/connection-store';
import { db } from '../../../store/local-db';
import { observationBody, spanLogs } from '../../../store/queries';
import { CompareGenerationButton } from '../../compare/CompareButtons';
import { ObservationScoreChips } from '../scores/ScoreChips';
import { LogsSection } from './LogRecords';
import { ObservationFacts, ObservationHeadFacts } from './ObservationFacts';
import { RawDetails } from './RawDetails';
import { ToolList, ToolNumbers, toolNumbers } from './ToolList';
import { ValueView } from './ValueView';
import './inspector.css';

/** Tool definitions offered to the model; a value the extractor cannot read offers none. */
function toolDefinitions(body: ObservationBody): ToolDefinition[] {
  try {
    return extractToolDefinitions(body.input, body.attributes);
  } catch {
    return [];
  }
}

function BodySections({ row, body }: { row: ObservationRow; body: ObservationBody }) {
  const tools = useMemo(() => toolDefinitions(body), [body]);
  const numbers = useMemo(() => toolNumbers(tools), [tools]);
  const revision = useConnectionStore((s) => s.revision);
  const logs = useLiveQuery(() => spanLogs(db, row.traceId, row.id), [row.traceId, row.id, revision]);
  return (
    <ToolNumbers.Provider value={numbers}>
      <ValueView
        title="Input"
        value={body.input}
        testId="inspector-input"
        lead={tools.length > 0 ? <ToolList tools={tools} /> : null}
      />
      <ValueView title="Output" value={body.output} testId="inspector-output" />
      {Object.keys(body.metadata).length > 0 && <ValueView title="Metadata" value={body.metadata} />}
      <LogsSection title="Logs" page={logs} start={row.startTime} testId="inspector-logs" />
      <RawDetails row={row} body={body} />
    </ToolNumbers.Provider>
  );
}

/** The selected observation: its facts from the row at once, its big values from the body when loaded. */
export function Inspector({ row }: { row: ObservationRow | undefined }) {
  const revision = useConnectionStore((s) => s.revision);
  const traceId = row?.traceId;
  const id = row?.id;
  // Each result names the observation it was read for, found or not: the hook keeps the previous result while the
  // next one loads, and that may be another observation's body, or the empty result of the moment no row was given
  // yet (a trace opens on its root before the root's row is read), which must not read as "nothing stored" here.
  const loaded = useLiveQuery(
    async () => (traceId && id ? { traceId, id, body: await observationBody(db, traceId, id) } : null),
    [traceId, id, revision],
  );
  const current = loaded && loaded.traceId === traceId && loaded.id === id ? loaded : null;
  const body = current?.body ?? null;
  const scrollRef = useRef<HTMLElement>(null);
  // Another observation starts at its top, where its name, level and status message are; the panel is one
  // element for every selection, so it would otherwise keep the previous one's scroll position.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a change of selection, not of its content
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [traceId, id]);
  if (!row) {
    return (
      <aside className="inspector" data-testid="inspector">
        <p className="page-message">Select an observation.</p>
      </aside>
    );
  }
  return (
    <aside className="inspector" data-testid="inspector" ref={scrollRef}>
      <header className="inspector-head">
        <TypeBadge type={row.type} />
        <h2 className="inspector-name">
          <StoredText value={row.name} kind="name" />
        </h2>
        <span className="mono muted inspector-id">{row.id}</span>
        <ObservationHeadFacts row={row} />
        {row.type === 'GENERATION' && <CompareGenerationButton row={row} />}
      </header>
      <ObservationFacts row={row} />
      <ObservationScoreChips traceId={row.traceId} observationId={row.id} />
      {body ? (
        // Keyed by observation: tabs and expanded JSON paths belong to the value they were opened on.
        <BodySections key={`${row.traceId}/${row.id}`} row={row} body={body} />
      ) : (
        <p className="muted">{current ? 'No input, output or attributes stored.' : 'Loading…'}</p>
      )}
    </aside>
  );
}
