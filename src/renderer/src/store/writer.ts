import { applyLogContent } from '@core/logs/log-content';
import { unpackObservation } from '@core/model/packed-values';
import {
  type LogRecord,
  type Observation,
  type ObservationBody,
  type ObservationRow,
  splitObservation,
  type TraceBody,
  type TraceSummary,
  type TraceUpsert,
} from '@core/model/types';
import { emptyTrace, mergeObservationIntoTrace, mergeTraceBody } from '@core/trace/merge';
import { type TracePreview, tracePreview } from '@core/trace/preview-text';
import { markSameCall, sameCallParentKeys } from '@core/trace/same-call';
import type { IngestBatch } from '@core/wire/protocol';
import { groupBy } from '../lib/group-by';
import { bodyPlacer, packBody, spansOf, unpackBody } from './body-chunks';
import type { BodyChunk, LoupeDb, ObservationKey, StoredBody } from './db';
import { putAnalysisDelta } from './generation-facts';
import { GuessedWrong, type KnownTraces } from './known-traces';
import { rawPut } from './raw-put';
import { putSkeletonLog } from './skeleton-log-store';

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

/** The stored observation again, whole: its row and its body. */
function joinStored(row: ObservationRow, body: ObservationBody | undefined, trace: Observation['trace']): Observation {
  const o: Observation = {
    ...row,
    input: body?.input ?? null,
    output: body?.output ?? null,
    metadata: body?.metadata ?? {},
    attributes: body?.attributes ?? {},
    resource: body?.resource ?? {},
    events: body?.events ?? [],
    links: body?.links ?? [],
    trace,
  };
  if (body?.logContent) o.logContent = body.logContent;
  return o;
}

/**
 * An update that carries only some fields, merged onto what is stored: those fields change, the rest stays.
 * With nothing stored yet (an update that arrived before its create) it is stored as it is, defaults included,
 * and the create merges its own fields over it later. Metadata objects are merged key by key.
 */
function mergePartial(update: Observation, row: ObservationRow | undefined, body: ObservationBody | undefined) {
  const { partial = [], ...next } = update;
  if (!row) return next;
  const merged = joinStored(row, body, next.trace);
  const target = merged as unknown as Record<string, unknown>;
  for (const field of partial) {
    if (field === 'metadata') merged.metadata = { ...merged.metadata, ...next.metadata };
    else if (field !== 'partial') target[field] = next[field];
  }
  return merged;
}

/**
 * A trace-level upsert (Langfuse `trace-create`) merged into the summary and body: a trace that has nothing else
 * still shows in the list. Its timestamp spans the trace only while no observation gave it real times.
 */
function upsertTrace(
  summary: TraceSummary | undefined,
  body: TraceBody | undefined,
  u: TraceUpsert,
  now: number,
): [TraceSummary, TraceBody] {
  const t = summary ? { ...summary } : emptyTrace(u.traceId, u.timestamp);
  const p = u.patch;
  if (t.observationCount === 0) {
    t.startTime = Math.min(t.startTime, u.timestamp);
    t.endTime = Math.max(t.endTime, u.timestamp);
    t.latencyMs = t.endTime - t.startTime;
  }
  if (p.name !== undefined) {
    t.name = p.name;
    t.nameIsExplicit = true;
  }
  if (p.userId !== undefined) t.userId = p.userId;
  if (p.sessionId !== undefined) t.sessionId = p.sessionId;
  if (p.release !== undefined) t.release = p.release;
  if (p.version !== undefined) t.version = p.version;
  if (p.environment !== undefined) t.environment = p.environment;
  if (p.tags?.some((tag) => !t.tags.includes(tag))) t.tags = [...new Set([...t.tags, ...p.tags])].sort();
  t.updatedAt = now;
  const b: TraceBody = body ? { ...body } : { id: u.traceId, input: null, output: null, metadata: {} };
  if (p.input !== undefined) b.input = p.input;
  if (p.output !== undefined) b.output = p.output;
  if (p.metadata) b.metadata = { ...b.metadata, ...p.metadata };
  return [t, b];
}

/**
 * A trace known so far only from its log records spans their times; its first observation replaces them, so that the
 * trace's times are its spans' whatever came first (a record can be stamped after its span ended).
 */
function startsFromSpans(t: TraceSummary | undefined, o: Observation): TraceSummary | undefined {
  if (!t?.timesFromLogs) return t;
  const { timesFromLogs: _replaced, ...rest } = t;
  if (t.observationCount > 0) return rest;
  const end = o.endTime ?? o.startTime;
  return { ...rest, startTime: o.startTime, endTime: end, latencyMs: end - o.startTime };
}

/**
 * The trace body without what the root observation gave it before its log records came: the records' content then
 * takes its place, as it would have had they come first. Explicit trace input and output (`langfuse.trace.*`) stay.
 */
function withoutRootContent(b: TraceBody | undefined, before: Observation): TraceBody | undefined {
  if (!b || !before.isRoot) return b;
  const same = (x: unknown, y: unknown) => x === y || JSON.stringify(x) === JSON.stringify(y);
  const out = { ...b };
  if (before.trace.input === undefined && same(b.input, before.input)) out.input = null;
  if (before.trace.output === undefined && same(b.output, before.output)) out.output = null;
  return out;
}

/**
 * Log records counted into their trace: a trace known only from its records (they may come before the spans) still
 * shows in the list, spanning their times until an observation gives it real ones.
 */
function addLogsToTrace(summary: TraceSummary | undefined, records: readonly LogRecord[], now: number): TraceSummary {
  const first = records[0] as LogRecord;
  const t = summary ? { ...summary } : emptyTrace(first.traceId, first.time);
  t.logCount = (t.logCount ?? 0) + records.length;
  if (t.observationCount === 0) {
    if (!summary || summary.timesFromLogs) t.timesFromLogs = true;
    for (const r of records) {
      t.startTime = Math.min(t.startTime, r.time);
      t.endTime = Math.max(t.endTime, r.time);
    }
    t.latencyMs = t.endTime - t.startTime;
  }
  t.updatedAt = now;
  return t;
}

/** What a committed transaction changed: the traces to refresh, and the summaries it stored for them. */
export interface Written {
  /** Every trace whose stored data changed, scores included. */
  traceIds: string[];
  /**
   * The summaries as this transaction stored them, so that the list can show them without reading them back; traces
   * whose scores alone changed have none here.
   */
  summaries: TraceSummary[];
  /** The list's previews of these traces' input and output, from the bodies this transaction stored. */
  previews: TracePreview[];
}

const NOTHING_WRITTEN: Written = { traceIds: [], summaries: [], previews: [] };

/** Observations per grouped transaction at most: bigger ones hold the database longer than a frame's worth of reads. */
export const MAX_GROUP_OBSERVATIONS = 8_192;

/** Whether `batch` may share a transaction with others (see `applyBatches`). */
export function groupable(batch: IngestBatch): boolean {
  return (batch.traces ?? []).length === 0;
}

/**
 * Several batches in one transaction, in arrival order, for the cost of one commit: under load the commit is a good
 * part of what storing costs. The result equals applying them one by one (a span in two of them merges twice, in
 * order, as within one batch), which holds for batches without trace-level upserts (`groupable`): those are merged
 * before observations, so they are written alone. All or none of the batches are stored.
 */
export function applyBatches(db: LoupeDb, batches: readonly IngestBatch[], known?: KnownTraces): Promise<Written> {
  const [first] = batches;
  if (!first) return Promise.resolve(NOTHING_WRITTEN);
  if (batches.length === 1) return applyBatch(db, first, known);
  if (!batches.every(groupable)) throw new Error('batches with trace upserts are written one at a time');
  return applyBatch(
    db,
    {
      ...first,
      observations: batches.flatMap((b) => b.observations),
      scores: batches.flatMap((b) => b.scores ?? []),
      logs: batches.flatMap((b) => b.logs ?? []),
    },
    known,
  );
}

/**
 * Writes one batch in a single read-write transaction, so a batch is either fully stored or not at all (the batch
 * writer acks only after this resolves). Writing is idempotent: each observation is merged into its trace together
 * with the row stored for it before, which lets the merge take the old contribution out before adding the new one.
 * A span that appears twice in one batch is merged twice in arrival order, the second time against the first.
 *
 * With `known` (the batch writer's), spans of traces it does not know are written as new traces without waiting for
 * the stored summaries, which are read meanwhile to check the guess (known-traces.ts); batches with log records or
 * trace upserts are always written the careful way.
 */
export async function applyBatch(db: LoupeDb, batch: IngestBatch, known?: KnownTraces): Promise<Written> {
  const observations = batch.observations;
  const upserts = batch.traces ?? [];
  const scores = batch.scores ?? [];
  const logs = batch.logs ?? [];
  if (observations.length === 0 && upserts.length === 0 && scores.length === 0 && logs.length === 0) {
    return NOTHING_WRITTEN;
  }

  const obsKeys = new Map<string, ObservationKey>();
  const traceIds = new Set<string>();
  for (const o of observations) {
    const key = keyOf(o.traceId, o.id);
    obsKeys.set(key, [o.traceId, o.id]);
    traceIds.add(o.traceId);
  }
  for (const u of upserts) traceIds.add(u.traceId);
  for (const r of logs) if (r.traceId !== '') traceIds.add(r.traceId);
  const traceIdList = [...traceIds];
  // Traces whose scores changed are reported too, so open views refresh; no summary is made for them.
  const reported = new Set(traceIds);
  for (const s of scores) if (s.traceId) reported.add(s.traceId);
  const tables = [db.traces, db.traceBodies, db.bodyChunks, db.scores, db.analysisDeltas, db.logs, db.skeletonLog];

  const guess = known !== undefined && upserts.length === 0 && logs.length === 0 && known.allUnknown(traceIdList);
  // Set by the transaction that commits (a wrong guess is written again).
  let summaries: TraceSummary[] = [];
  let previews: TracePreview[] = [];
  try {
    await write(guess);
  } catch (error) {
    if (!(error instanceof GuessedWrong)) throw error;
    await write(false);
  }
  known?.add(traceIdList);
  return { traceIds: [...reported], summaries, previews };

  async function write(guess: boolean) {
    await db.transaction('rw', tables, async (tx) => {
      // Asked first, so that they answer from the store as it was before this transaction's writes.
      const reads = Promise.all([db.traces.bulkGet(traceIdList), db.traceBodies.bulkGet(traceIdList)]);
      const [storedTraces, storedBodies] = guess ? [[], []] : await reads;
      const traces = new Map<string, TraceSummary>();
      for (const t of storedTraces) if (t) traces.set(t.id, t);
      // Observations are only ever stored together with their trace's summary, and deleted with it: a trace with no
      // summary has none, so its spans need no lookup. Spans of new traces, most of a live stream, cost no reads.
      const stored = (keys: Map<string, ObservationKey>) =>
        [...keys.values()].filter(([traceId]) => traces.has(traceId));

      // Log records: the new ones (a redelivered record is already stored), and every span they or the incoming
      // observations touch whose records must be read to fill its content. Traces without records need no lookup.
      const spanLogs = groupBy(
        logs.filter((l) => l.spanId !== ''),
        (l) => keyOf(l.traceId, l.spanId),
      );
      const logSpanKeys = new Map<string, ObservationKey>();
      for (const [key, [first]] of spanLogs) if (first) logSpanKeys.set(key, [first.traceId, first.spanId]);
      for (const [key, k] of obsKeys) if ((traces.get(k[0])?.logCount ?? 0) > 0) logSpanKeys.set(key, k);
      // Spans whose records arrived without them: their stored row and body get the content.
      const logOnlyKeys = new Map([...logSpanKeys].filter(([key]) => !obsKeys.has(key)));
      // The parents of incoming provider SDK call spans, which may record the same calls (see same-call.ts).
      const sameCallParents = new Map(sameCallParentKeys(observations).map((k) => [keyOf(...k), k]));
      // Each span asked for is found by its key in its chunk's index; the chunk brings its row and body at once.
      const asked = [...stored(obsKeys), ...stored(logOnlyKeys), ...stored(sameCallParents)];
      const [storedChunks, storedLogs, knownLogs] = await Promise.all([
        asked.length > 0 ? db.bodyChunks.where('spans').anyOf(asked).distinct().toArray() : [],
        logSpanKeys.size > 0
          ? db.logs
              .where('[traceId+spanId]')
              .anyOf([...logSpanKeys.values()])
              .toArray()
          : Promise.resolve([] as LogRecord[]),
        logs.length > 0 ? db.logs.bulkGet(logs.map((l) => l.id)) : Promise.resolve([]),
      ]);
      const knownLogIds = new Set<string>();
      for (const r of knownLogs) if (r) knownLogIds.add(r.id);
      const newLogs = [...new Map(logs.filter((l) => !knownLogIds.has(l.id)).map((l) => [l.id, l])).values()];
      const logsOfSpan = groupBy(new Map([...storedLogs, ...newLogs].map((l) => [l.id, l])).values(), (l) =>
        keyOf(l.traceId, l.spanId),
      );

      // What is stored of the spans asked for (their chunks hold others too: those are left alone).
      const storedSpans = spansOf(storedChunks);
      const previousRows = new Map<string, ObservationRow>();
      // The chunk holding each stored span: a span written again rewrites it there (body-chunks.ts).
      const storedChunkOf = new Map<string, string>();
      const rewritten = new Set<BodyChunk>();
      // Updates need the stored input, output and metadata (they keep what they do not replace), records their content.
      // As stored: read back from their attributes only where a value is needed (`valuesOf`).
      const previousBodies = new Map<string, StoredBody>();
      for (const [traceId, id] of asked) {
        const key = keyOf(traceId, id);
        const span = storedSpans.get(key);
        if (!span) continue;
        previousRows.set(key, span.row);
        if (!(obsKeys.has(key) || logOnlyKeys.has(key))) continue;
        storedChunkOf.set(key, span.chunk.chunk);
        rewritten.add(span.chunk);
        previousBodies.set(key, span.body);
      }
      const valuesOf = (key: string) => {
        const stored = previousBodies.get(key);
        return stored && unpackBody(stored);
      };
      const traceBodies = new Map<string, TraceBody>();
      for (const b of storedBodies) if (b) traceBodies.set(b.id, b);

      const now = Date.now();
      const touchedTraces = new Set<string>();
      for (const u of upserts) {
        const [t, b] = upsertTrace(traces.get(u.traceId), traceBodies.get(u.traceId), u, now);
        traces.set(u.traceId, t);
        traceBodies.set(u.traceId, b);
        touchedTraces.add(u.traceId);
      }

      for (const [traceId, records] of groupBy(
        newLogs.filter((l) => l.traceId !== ''),
        (l) => l.traceId,
      )) {
        traces.set(traceId, addLogsToTrace(traces.get(traceId), records, now));
        touchedTraces.add(traceId);
      }

      const rowsOut = new Map<string, ObservationRow>();
      const bodiesOut = new Map<string, StoredBody>();
      // Log records may fill an input or output, so the values the server left to attributes are read back first.
      const withLogs = (o: Observation, key: string): Observation => {
        const records = logsOfSpan.get(key);
        return records ? applyLogContent(unpackObservation(o), records) : o;
      };
      const withSameCall = (o: Observation, previous: ObservationRow | undefined): Observation =>
        markSameCall(o, previous, traces.get(o.traceId), (id) => previousRows.get(keyOf(o.traceId, id)));
      for (const arrived of observations) {
        // An observation the server sent packed (packed-values.ts) stays packed into its stored body, its prompt never
        // parsed here, unless its values are needed: a root gives its trace their input and output, an update merges.
        const incoming = arrived.from && (arrived.isRoot || arrived.partial) ? unpackObservation(arrived) : arrived;
        const key = keyOf(incoming.traceId, incoming.id);
        const previous = previousRows.get(key);
        if (!incoming.partial && !supersedes(incoming, previous)) continue;
        const updated = incoming.partial ? mergePartial(incoming, previous, valuesOf(key)) : incoming;
        const o = withSameCall(withLogs(updated, key), previous);
        const parentStored = o.parentId !== null && previousRows.has(keyOf(o.traceId, o.parentId));
        traces.set(
          o.traceId,
          mergeObservationIntoTrace(startsFromSpans(traces.get(o.traceId), o), o, previous, now, parentStored),
        );
        traceBodies.set(o.traceId, mergeTraceBody(traceBodies.get(o.traceId), o));
        touchedTraces.add(o.traceId);
        const { row, body } = splitObservation(o);
        const stored = packBody(body, o.from);
        previousRows.set(key, row);
        previousBodies.set(key, stored);
        rowsOut.set(key, row);
        bodiesOut.set(key, stored);
      }
      for (const [key] of logOnlyKeys) {
        const row = previousRows.get(key);
        if (!row) continue;
        const before = joinStored(row, valuesOf(key), {});
        const o = withLogs(before, key);
        if (o === before) continue;
        traces.set(o.traceId, mergeObservationIntoTrace(traces.get(o.traceId), o, row, now));
        traceBodies.set(o.traceId, mergeTraceBody(withoutRootContent(traceBodies.get(o.traceId), before), o));
        touchedTraces.add(o.traceId);
        bodiesOut.set(key, packBody(splitObservation(o).body));
      }

      // Each span into its chunk, or a new chunk of its trace: a span whose records alone changed keeps its row.
      const placer = bodyPlacer(rewritten);
      for (const [key, body] of bodiesOut) {
        const row = rowsOut.get(key) ?? previousRows.get(key);
        if (row) placer.place(row, body, storedChunkOf.get(key));
      }

      const pick = <T>(m: Map<string, T>): T[] => [...touchedTraces].flatMap((id) => m.get(id) ?? []);
      summaries = pick(traces);
      const bodies = pick(traceBodies);
      const writes = Promise.all([
        db.traces.bulkPut(summaries),
        db.traceBodies.bulkPut(bodies),
        rawPut(tx, 'bodyChunks', placer.chunks()),
        db.scores.bulkPut(scores),
        db.logs.bulkPut(newLogs),
        putAnalysisDelta(db, rowsOut.values(), summaries, now),
        putSkeletonLog(db, rowsOut.values()),
      ]);
      // While the database writes: the list shows these with the summaries, without reading the bodies back.
      previews = bodies.map(tracePreview);
      if (guess) {
        const [t, b] = await reads;
        if (t.some(Boolean) || b.some(Boolean)) {
          // The writes fail with the transaction; the batch is written again, reading first.
          writes.catch(() => undefined);
          throw new GuessedWrong();
        }
      }
      await writes;
    });
  }
}
