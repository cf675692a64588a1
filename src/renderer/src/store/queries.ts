import type { ObservationBody, ObservationRow, TraceBody, TraceSummary } from '@core/model/types';
import type { LoupeDb } from './db';

/** The newest traces first, by start time. */
export function recentTraces(db: LoupeDb, limit: number): Promise<TraceSummary[]> {
  return db.traces.orderBy('startTime').reverse().limit(limit).toArray();
}

export interface TraceWithBody {
  trace: TraceSummary;
  body: TraceBody | null;
}

/** One trace and its body; null when no observation of it has been stored yet. */
export async function traceWithBody(db: LoupeDb, traceId: string): Promise<TraceWithBody | null> {
  return db.transaction('r', [db.traces, db.traceBodies], async () => {
    const [trace, body] = await Promise.all([db.traces.get(traceId), db.traceBodies.get(traceId)]);
    return trace ? { trace, body: body ?? null } : null;
  });
}

/** Every observation row of one trace, in no particular order (the tree builder sorts). */
export function traceObservations(db: LoupeDb, traceId: string): Promise<ObservationRow[]> {
  return db.observations.where('traceId').equals(traceId).toArray();
}

export async function observationBody(
  db: LoupeDb,
  traceId: string,
  observationId: string,
): Promise<ObservationBody | null> {
  return (await db.observationBodies.get([traceId, observationId])) ?? null;
}
