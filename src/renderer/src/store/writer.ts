import type { IngestBatch } from '@core/bridge/protocol';
import {
  type Observation,
  type ObservationBody,
  type ObservationRow,
  splitObservation,
  type TraceBody,
  type TraceSummary,
} from '@core/model/types';
import { mergeObservationIntoTrace, mergeTraceBody } from '@core/trace/merge';
import type { LoupeDb, ObservationKey } from './db';

const keyOf = (traceId: string, id: string): string => `${traceId}/${id}`;

/**
 * Whether `next` should replace the stored version of the same span. A later delivery wins unless it is
 * less complete: a batch replayed after a restart can bring back a version without an end time after the
 * ended one was already stored, and that must not undo the fuller data.
 */
function supersedes(next: Observation, previous: ObservationRow | undefined): boolean {
  if (!previous) return true;
  return !(previous.endTime !== null && next.endTime === null);
}

/**
 * Writes one batch in a single read-write transaction over the four tables, so a batch is either fully
 * stored or not at all (the sender acks only after this resolves). Writing is idempotent: each observation
 * is merged into its trace together with the row stored for it before, which lets the merge take the old
 * contribution out before adding the new one. A span that appears twice in one batch is merged twice in
 * arrival order, the second time against the first.
 */
export async function applyBatch(db: LoupeDb, batch: IngestBatch): Promise<{ traceIds: string[] }> {
  const observations = batch.observations;
  if (observations.length === 0) return { traceIds: [] };

  const obsKeys = new Map<string, ObservationKey>();
  const traceIds = new Set<string>();
  for (const o of observations) {
    obsKeys.set(keyOf(o.traceId, o.id), [o.traceId, o.id]);
    traceIds.add(o.traceId);
  }
  const traceIdList = [...traceIds];
  const keyList = [...obsKeys.values()];

  await db.transaction('rw', [db.traces, db.traceBodies, db.observations, db.observationBodies], async () => {
    const [storedRows, storedTraces, storedBodies] = await Promise.all([
      db.observations.bulkGet(keyList),
      db.traces.bulkGet(traceIdList),
      db.traceBodies.bulkGet(traceIdList),
    ]);

    const previousRows = new Map<string, ObservationRow>();
    storedRows.forEach((row) => {
      if (row) previousRows.set(keyOf(row.traceId, row.id), row);
    });
    const traces = new Map<string, TraceSummary>();
    storedTraces.forEach((t) => {
      if (t) traces.set(t.id, t);
    });
    const traceBodies = new Map<string, TraceBody>();
    storedBodies.forEach((b) => {
      if (b) traceBodies.set(b.id, b);
    });

    const now = Date.now();
    const rowsOut = new Map<string, ObservationRow>();
    const bodiesOut = new Map<string, ObservationBody>();
    const touchedTraces = new Set<string>();
    for (const o of observations) {
      const key = keyOf(o.traceId, o.id);
      const previous = previousRows.get(key);
      if (!supersedes(o, previous)) continue;
      traces.set(o.traceId, mergeObservationIntoTrace(traces.get(o.traceId), o, previous, now));
      traceBodies.set(o.traceId, mergeTraceBody(traceBodies.get(o.traceId), o));
      touchedTraces.add(o.traceId);
      const { row, body } = splitObservation(o);
      previousRows.set(key, row);
      rowsOut.set(key, row);
      bodiesOut.set(key, body);
    }

    const pick = <T>(m: Map<string, T>): T[] => [...touchedTraces].flatMap((id) => m.get(id) ?? []);
    await Promise.all([
      db.traces.bulkPut(pick(traces)),
      db.traceBodies.bulkPut(pick(traceBodies)),
      db.observations.bulkPut([...rowsOut.values()]),
      db.observationBodies.bulkPut([...bodiesOut.values()]),
    ]);
  });
  return { traceIds: traceIdList };
}
