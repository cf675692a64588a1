import { type AlignedRow, alignTrees } from '@core/compare/align';
import { type NumberDelta, traceDelta } from '@core/compare/deltas';
import type { ObservationRow, TraceSummary } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo } from 'react';
import { useConnectionStore } from '../../connection/connection-store';
import { formatStart } from '../../lib/format';
import { isTypingTarget } from '../../lib/keys';
import { compareHash, LIST_HASH, traceHash, useRouteStore } from '../../route/route-store';
import { db } from '../../store/local-db';
import { traceObservations, traceWithBody } from '../../store/queries';
import { CompareTable, DeltaCell } from './CompareTable';
import { type DeltaUnit, formatValue } from './delta-format';
import { PairDetails } from './PairDetails';
import './compare.css';

interface ComparePageProps {
  traceA: string;
  traceB: string;
  observationA: string | null;
  observationB: string | null;
}

function TraceCard({ trace, side }: { trace: TraceSummary; side: 'A' | 'B' }) {
  return (
    <div className="cmp-card" data-testid={`compare-trace-${side.toLowerCase()}`}>
      <span className={`side-pill side-${side.toLowerCase()}`}>{side}</span>
      <a className="cmp-card-name" href={traceHash(trace.id)}>
        {trace.name ?? 'unnamed trace'}
      </a>
      <span className="muted">{formatStart(trace.startTime)}</span>
      <span className="mono muted cmp-card-id">{trace.id}</span>
    </div>
  );
}

function Summary({ a, b, rows }: { a: TraceSummary; b: TraceSummary; rows: AlignedRow[] }) {
  const d = traceDelta(a, b);
  const items: [string, NumberDelta, DeltaUnit][] = [
    ['Latency', d.latencyMs, 'ms'],
    ['Tokens', d.totalTokens, 'tokens'],
    ['Cost', d.cost, 'usd'],
    ['Observations', d.observations, 'count'],
    ['Errors', d.errors, 'count'],
  ];
  const count = (status: AlignedRow['status']) => rows.filter((r) => r.status === status).length;
  return (
    <div className="cmp-summary" data-testid="compare-summary">
      {items.map(([label, delta, unit]) => (
        <div key={label} className="fact">
          <span className="fact-label">{label}</span>
          <span className="fact-value cmp-summary-value">
            {formatValue(delta.a, unit)} → {formatValue(delta.b, unit)}
            <DeltaCell delta={delta} unit={unit} testId={`summary-${label.toLowerCase()}`} />
          </span>
        </div>
      ))}
      <div className="fact">
        <span className="fact-label">Aligned</span>
        <span className="fact-value" data-testid="compare-counts">
          {count('matched')} matched · <span className="delta-better">{count('added')} added</span> ·{' '}
          <span className="delta-worse">{count('removed')} removed</span>
        </span>
      </div>
    </div>
  );
}

/**
 * Which pair is shown: the one in the URL, even when the two are not aligned with each other (two generations
 * picked by hand); otherwise the first pair of generations, where prompts usually changed; else the first row.
 */
function selection(
  rows: AlignedRow[],
  rowsA: ObservationRow[],
  rowsB: ObservationRow[],
  observationA: string | null,
  observationB: string | null,
): { index: number; a: ObservationRow | null; b: ObservationRow | null; aligned: boolean } {
  if (observationA || observationB) {
    const index = rows.findIndex((r) => (r.a?.id ?? null) === observationA && (r.b?.id ?? null) === observationB);
    if (index >= 0) return { index, a: rows[index]?.a ?? null, b: rows[index]?.b ?? null, aligned: true };
    const a = rowsA.find((r) => r.id === observationA) ?? null;
    const b = rowsB.find((r) => r.id === observationB) ?? null;
    // A pair picked by hand that the alignment did not pair: no row stands for it.
    if (a || b) return { index: -1, a, b, aligned: false };
  }
  let index = rows.findIndex((r) => r.status === 'matched' && r.a?.type === 'GENERATION');
  if (index < 0) index = rows.length > 0 ? 0 : -1;
  return { index, a: rows[index]?.a ?? null, b: rows[index]?.b ?? null, aligned: true };
}

/** Two runs side by side: aligned trees with deltas, and the selected pair's details and diffs. */
export function ComparePage({ traceA, traceB, observationA, observationB }: ComparePageProps) {
  const revision = useConnectionStore((s) => s.revision);
  const dataA = useLiveQuery(() => traceWithBody(db, traceA), [traceA, revision]);
  const dataB = useLiveQuery(() => traceWithBody(db, traceB), [traceB, revision]);
  const rowsA = useLiveQuery(() => traceObservations(db, traceA), [traceA, revision]);
  const rowsB = useLiveQuery(() => traceObservations(db, traceB), [traceB, revision]);
  const aligned = useMemo(() => (rowsA && rowsB ? alignTrees(rowsA, rowsB) : []), [rowsA, rowsB]);
  const selected = useMemo(
    () => selection(aligned, rowsA ?? [], rowsB ?? [], observationA, observationB),
    [aligned, rowsA, rowsB, observationA, observationB],
  );
  const onSelect = useCallback(
    (row: AlignedRow) =>
      useRouteStore.getState().navigate(compareHash(traceA, traceB, row.a?.id, row.b?.id), { replace: true }),
    [traceA, traceB],
  );
  const swap = () => useRouteStore.getState().navigate(compareHash(traceB, traceA, observationB, observationA));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[data-overlay-open]')) return;
      const move = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
      if (move !== 0) {
        const next = aligned[Math.max(0, Math.min(aligned.length - 1, selected.index + move))];
        if (next) onSelect(next);
      } else if (e.key === 'Escape') history.back();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [aligned, selected.index, onSelect]);
  useEffect(() => {
    document.title = 'Compare · Loupe';
    return () => {
      document.title = 'Loupe';
    };
  }, []);

  if (dataA === undefined || dataB === undefined || rowsA === undefined || rowsB === undefined) {
    return <div className="page-message">Loading…</div>;
  }
  const missing = [dataA === null ? traceA : null, dataB === null ? traceB : null].filter(Boolean);
  if (dataA === null || dataB === null) {
    return (
      <div className="page-message" data-testid="compare-missing">
        <p>
          {missing.map((id) => (
            <span key={id} className="mono">
              {id}{' '}
            </span>
          ))}
          {missing.length === 1 ? 'is' : 'are'} not stored (yet): the comparison shows as soon as both traces have
          arrived.
        </p>
        <a href={LIST_HASH}>← All traces</a>
      </div>
    );
  }
  return (
    <div className="compare-page" data-testid="compare-page">
      <section className="cmp-top">
        <div className="cmp-title-row">
          <a className="back-link" href={traceHash(traceA)}>
            ← Trace A
          </a>
          <h1 className="trace-title">Compare</h1>
          <TraceCard trace={dataA.trace} side="A" />
          <button
            type="button"
            className="compare-button"
            onClick={swap}
            data-testid="compare-swap"
            title="Swap A and B"
          >
            ⇄ Swap sides
          </button>
          <TraceCard trace={dataB.trace} side="B" />
        </div>
        <Summary a={dataA.trace} b={dataB.trace} rows={aligned} />
      </section>
      <CompareTable rows={aligned} selectedIndex={selected.index} onSelect={onSelect} />
      {!selected.aligned && (
        <p className="cmp-picked muted" data-testid="compare-picked">
          Comparing <strong>{selected.a?.name ?? 'nothing'}</strong> (A) with{' '}
          <strong>{selected.b?.name ?? 'nothing'}</strong> (B), picked by hand: the trees do not pair them, so no row
          above is selected.
        </p>
      )}
      {selected.a || selected.b ? (
        <PairDetails a={selected.a} b={selected.b} />
      ) : (
        <p className="page-message">Neither trace has observations yet.</p>
      )}
    </div>
  );
}
