import type { ObservationRow, TraceSummary } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { TypeIcon } from '../../components/TypeIcon';
import { formatCost, formatDuration, formatStart, formatTokens } from '../../lib/format';
import { compareHash, useRouteStore } from '../../route/route-store';
import { db } from '../../store/local-db';
import {
  type GenerationCandidate,
  generationCandidates,
  type TraceCandidate,
  traceCandidates,
} from './compare-queries';
import { PickerDialog } from './PickerDialog';
import './compare.css';

function TracePicker({ trace, onClose }: { trace: TraceSummary; onClose(): void }) {
  const items = useLiveQuery(() => traceCandidates(db, trace.id), [trace.id]);
  return (
    <PickerDialog<TraceCandidate>
      title="Compare with…"
      items={items}
      referenceName={trace.name}
      placeholder="Search traces by name, id, user, session or tag"
      emptyText="No other trace is stored yet."
      onClose={onClose}
      onPick={(picked) => useRouteStore.getState().navigate(compareHash(trace.id, picked.id))}
      renderItem={(t) => (
        <>
          <span className="picker-name">{t.name ?? 'unnamed trace'}</span>
          <span className="picker-meta">{formatStart(t.startTime)}</span>
          <span className="picker-meta">{formatDuration(t.trace.latencyMs)}</span>
          <span className="picker-meta">
            {t.trace.totalTokens > 0 ? `${formatTokens(t.trace.totalTokens)} tok` : ''}
          </span>
          <span className="picker-meta">{formatCost(t.trace.totalCost)}</span>
          <span className="picker-id mono">{t.id.slice(0, 8)}</span>
        </>
      )}
    />
  );
}

/** "Compare with…" in the trace header: another trace, same name first, newest first. */
export function CompareTraceButton({ trace }: { trace: TraceSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="compare-button" onClick={() => setOpen(true)} data-testid="compare-trace">
        Compare with…
      </button>
      {open && <TracePicker trace={trace} onClose={() => setOpen(false)} />}
    </>
  );
}

function GenerationPicker({ row, onClose }: { row: ObservationRow; onClose(): void }) {
  const items = useLiveQuery(() => generationCandidates(db, row), [row.traceId, row.id]);
  return (
    <PickerDialog<GenerationCandidate>
      title="Compare this generation with…"
      items={items}
      referenceName={row.name}
      placeholder="Search generations by name, model or trace"
      emptyText="No other generation is stored yet."
      onClose={onClose}
      onPick={(picked) =>
        useRouteStore.getState().navigate(compareHash(row.traceId, picked.row.traceId, row.id, picked.row.id))
      }
      renderItem={(g) => (
        <>
          <TypeIcon type={g.row.type} />
          <span className="picker-name">{g.row.name}</span>
          <span className="picker-meta mono">{g.row.model ?? ''}</span>
          <span className="picker-meta">
            {g.row.traceId === row.traceId ? 'this trace' : (g.traceName ?? 'unnamed trace')}
          </span>
          <span className="picker-meta">{formatStart(g.startTime)}</span>
          <span className="picker-meta">
            {formatDuration(g.row.endTime === null ? null : g.row.endTime - g.row.startTime)}
          </span>
        </>
      )}
    />
  );
}

/** "Compare with…" on a generation in the inspector: another generation of this trace or of a recent one. */
export function CompareGenerationButton({ row }: { row: ObservationRow }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="compare-button" onClick={() => setOpen(true)} data-testid="compare-generation">
        Compare with…
      </button>
      {open && <GenerationPicker row={row} onClose={() => setOpen(false)} />}
    </>
  );
}
