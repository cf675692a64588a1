import type { ObservationRow, TraceSummary } from '@core/model/types';
import type { LoupeDb } from '../../store/db';
import { traceObservations } from '../../store/queries';
import type { Candidate } from './picker-order';

/** How many recent traces the pickers offer; the search narrows them down. */
const RECENT_TRACES = 2000;
/** Generations are looked up in this many recent traces (each trace's rows are read to find them). */
const GENERATION_TRACES = 200;

export interface TraceCandidate extends Candidate {
  trace: TraceSummary;
}

export interface GenerationCandidate extends Candidate {
  row: ObservationRow;
  traceName: string | null;
}

/** Every recent trace but `excludeId`, for the trace picker. */
export async function traceCandidates(db: LoupeDb, excludeId: string): Promise<TraceCandidate[]> {
  const traces = await db.traces.orderBy('startTime').reverse().limit(RECENT_TRACES).toArray();
  return traces
    .filter((t) => t.id !== excludeId)
    .map((t) => ({
      id: t.id,
      name: t.name,
      startTime: t.startTime,
      searchText: [t.userId, t.sessionId, t.release, ...t.tags].filter(Boolean).join(' '),
      trace: t,
    }));
}

/** Generations of the reference's trace and of recent traces, except the reference itself. */
export async function generationCandidates(db: LoupeDb, reference: ObservationRow): Promise<GenerationCandidate[]> {
  const recent = await db.traces.orderBy('startTime').reverse().limit(GENERATION_TRACES).toArray();
  const names = new Map<string, string | null>(recent.map((t) => [t.id, t.name]));
  if (!names.has(reference.traceId))
    names.set(reference.traceId, (await db.traces.get(reference.traceId))?.name ?? null);
  const perTrace = await Promise.all(
    [...names.keys()].map((traceId) =>
      traceObservations(db, traceId).then((rows) =>
        rows.filter((r) => r.type === 'GENERATION' && !(r.traceId === reference.traceId && r.id === reference.id)),
      ),
    ),
  );
  const rows = perTrace.flat();
  return rows.map((row) => ({
    id: `${row.traceId}/${row.id}`,
    name: row.name,
    startTime: row.startTime,
    searchText: `${row.model ?? ''} ${names.get(row.traceId) ?? ''} ${row.traceId}`,
    row,
    traceName: names.get(row.traceId) ?? null,
  }));
}
