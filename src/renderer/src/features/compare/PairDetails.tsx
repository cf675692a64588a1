import { pairDelta } from '@core/compare/deltas';
import type { AttrValue, ObservationBody, ObservationRow } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ReactNode } from 'react';
import { TypeBadge } from '../../components/TypeBadge';
import { useConnectionStore } from '../../connection/connection-store';
import { traceHash } from '../../route/route-store';
import { db } from '../../store/local-db';
import { observationBody } from '../../store/queries';
import { DeltaCell } from './CompareTable';
import { ValueDiffView } from './DiffView';
import { type DeltaUnit, formatValue } from './delta-format';
import { useValueDiffs } from './use-value-diffs';

function Head({ row, side }: { row: ObservationRow | null; side: 'A' | 'B' }) {
  return (
    <div className="pair-head" data-testid={`pair-head-${side.toLowerCase()}`}>
      <span className={`side-pill side-${side.toLowerCase()}`}>{side}</span>
      {row ? (
        <>
          <TypeBadge type={row.type} />
          <a className="pair-name" href={traceHash(row.traceId, row.id)} title="Open in its trace">
            {row.name}
          </a>
        </>
      ) : (
        <span className="muted">not in this run</span>
      )}
    </div>
  );
}

function Line({ label, a, b, delta }: { label: string; a: ReactNode; b: ReactNode; delta?: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{a}</td>
      <td>{b}</td>
      <td>{delta}</td>
    </tr>
  );
}

/**
 * The body of `row`: undefined while loading, and also while the query still holds the previously selected
 * observation's body (never diff one pair's texts under another's heading); null when none is stored.
 */
function current(body: ObservationBody | null | undefined, row: ObservationRow | null) {
  if (row === null) return null;
  if (body === undefined || body === null) return body;
  return body.traceId === row.traceId && body.id === row.id ? body : undefined;
}

const paramText = (v: AttrValue | undefined) => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));

/** The selected pair side by side: facts with their deltas, then the prompt and completion diffs. */
export function PairDetails({ a, b }: { a: ObservationRow | null; b: ObservationRow | null }) {
  const revision = useConnectionStore((s) => s.revision);
  const bodyA = useLiveQuery(
    async () => (a ? observationBody(db, a.traceId, a.id) : null),
    [a?.traceId, a?.id, revision],
  );
  const bodyB = useLiveQuery(
    async () => (b ? observationBody(db, b.traceId, b.id) : null),
    [b?.traceId, b?.id, revision],
  );
  const diffs = useValueDiffs(current(bodyA, a), current(bodyB, b));
  const d = pairDelta(a, b);
  const numbers: [string, keyof typeof d, DeltaUnit][] = [
    ['Latency', 'latencyMs', 'ms'],
    ['Input tokens', 'inputTokens', 'tokens'],
    ['Output tokens', 'outputTokens', 'tokens'],
    ['Total tokens', 'totalTokens', 'tokens'],
    ['Cost', 'cost', 'usd'],
  ];
  return (
    <section className="pair-details" data-testid="pair-details">
      <div className="pair-heads">
        <Head row={a} side="A" />
        <Head row={b} side="B" />
      </div>
      <table className="pair-facts" data-testid="pair-facts">
        <thead>
          <tr>
            <th />
            <th>A</th>
            <th>B</th>
            <th>B − A</th>
          </tr>
        </thead>
        <tbody>
          {(a?.model || b?.model) && (
            <Line
              label="Model"
              a={<span className="mono">{a?.model ?? '–'}</span>}
              b={<span className={`mono${d.model.changed ? ' changed' : ''}`}>{b?.model ?? '–'}</span>}
              delta={d.model.changed ? <span className="changed">changed</span> : null}
            />
          )}
          {numbers.map(([label, key, unit]) => {
            const delta = d[key] as (typeof d)['latencyMs'];
            if (delta.a === null && delta.b === null) return null;
            return (
              <Line
                key={key}
                label={label}
                a={formatValue(delta.a, unit)}
                b={formatValue(delta.b, unit)}
                delta={<DeltaCell delta={delta} unit={unit} testId={`pair-delta-${key}`} />}
              />
            );
          })}
          {d.level.changed && <Line label="Level" a={d.level.a} b={d.level.b} />}
          {d.parameters.map((p) => (
            <Line
              key={p.key}
              label={p.key}
              a={<span className="mono">{paramText(p.a)}</span>}
              b={<span className="mono changed">{paramText(p.b)}</span>}
              delta={<span className="changed">changed</span>}
            />
          ))}
        </tbody>
      </table>
      {diffs.status === 'done' ? (
        <>
          <ValueDiffView title="Input" diff={diffs.diffs.input} testId="diff-input" />
          <ValueDiffView title="Output" diff={diffs.diffs.output} testId="diff-output" />
        </>
      ) : diffs.status === 'error' ? (
        <p className="diff-notice" role="alert">
          {diffs.error}
        </p>
      ) : (
        <p className="muted">Comparing inputs and outputs…</p>
      )}
    </section>
  );
}
