import { type PackedValues, sourcesOf, unpackValues } from '@core/model/packed-values';
import type { ObservationBody, ObservationRow } from '@core/model/types';
import { Dexie, type Transaction } from 'dexie';
import type { BodyChunk, BodyChunkKey, LoupeDb, StoredBody, StoredRow } from './db';

/**
 * Observation bodies stored a chunk at a time (ADR 0016): one record holds the bodies of up to CHUNK_BODIES spans of
 * one trace written in one transaction, and each row names its chunk (`bodyChunk`). A span's body stays in the chunk
 * it was first written to: a later version of the span rewrites that chunk, so there is one copy of every body. A
 * chunk is named by the id of the first span put in it, which no other chunk of the trace can have (a span gets a new
 * chunk only when it was not stored before). Storing 8 bodies as one record instead of 8 cut the drain's records per
 * span from 2.75 to 1.9; a body is read with its row, which the inspector reads anyway.
 */

/** Bodies per chunk at most: rewriting one span's body rewrites its chunk, so chunks stay a few hundred KB. */
export const CHUNK_BODIES = 64;

const keyOf = (traceId: string, id: string) => `${traceId}/${id}`;

/** A row as the views know it: without the store's own chunk reference. */
export function rowOf(stored: StoredRow): ObservationRow {
  const { bodyChunk: _chunk, ...row } = stored;
  return row;
}

/**
 * The body as stored: an input or output that one of its attributes holds exactly (a prompt sent as an attribute's
 * JSON text and parsed by the mapping) is left to that attribute. IndexedDB's cost of a put grows with its bytes, and
 * such a body held every prompt twice.
 */
export function packBody(body: ObservationBody, sent?: PackedValues): StoredBody {
  const from = sourcesOf(body, sent);
  if (!from) return body;
  const { input, output, ...rest } = body;
  const stored: StoredBody = { ...rest, from };
  if (!from.input) stored.input = input;
  if (!from.output) stored.output = output;
  return stored;
}

/** The body `packBody` stored, whole again. */
export function unpackBody(stored: StoredBody): ObservationBody {
  return unpackValues(stored);
}

/**
 * A stored body's input or output as searchable text: the attribute's own text where it holds the value (the text
 * the value's JSON would be), else the value as stored.
 */
export function storedValue(stored: StoredBody, which: 'input' | 'output'): unknown {
  const source = stored.from?.[which];
  return source ? stored.attributes[source.key] : stored[which];
}

/** The chunks that `rows` name, read in one go: every body found, by `traceId/id`. */
export async function readBodies(db: LoupeDb, rows: Iterable<StoredRow>): Promise<Map<string, ObservationBody>> {
  const keys = new Map<string, BodyChunkKey>();
  for (const row of rows)
    if (row.bodyChunk !== undefined) keys.set(keyOf(row.traceId, row.bodyChunk), [row.traceId, row.bodyChunk]);
  const chunks = keys.size > 0 ? await db.bodyChunks.bulkGet([...keys.values()]) : [];
  const out = new Map<string, ObservationBody>();
  for (const chunk of chunks)
    for (const body of chunk?.bodies ?? []) out.set(keyOf(body.traceId, body.id), unpackBody(body));
  return out;
}

/**
 * Where the writer puts bodies within one transaction. Start from the stored chunks of the spans being written again
 * (`stored`); `place` then puts each body into its span's chunk, or a new chunk of its trace, and returns the chunk's
 * name for its row; `chunks` are the records to write.
 */
export function bodyPlacer(stored: Iterable<BodyChunk | undefined>) {
  const chunks = new Map<string, { chunk: BodyChunk; index: Map<string, number> }>();
  const open = new Map<string, { chunk: BodyChunk; index: Map<string, number> }>();
  const add = (chunk: BodyChunk) => {
    const entry = { chunk, index: new Map(chunk.bodies.map((b, i) => [b.id, i])) };
    chunks.set(keyOf(chunk.traceId, chunk.chunk), entry);
    return entry;
  };
  for (const chunk of stored) if (chunk) add({ ...chunk, bodies: [...chunk.bodies] });
  return {
    /** Puts `body` where it belongs: the chunk `current` names when it holds it, else a chunk of new spans. */
    place(body: StoredBody, current: string | undefined): string {
      const held = current === undefined ? undefined : chunks.get(keyOf(body.traceId, current));
      const at = held?.index.get(body.id);
      if (held && at !== undefined) {
        held.chunk.bodies[at] = body;
        return held.chunk.chunk;
      }
      let target = open.get(body.traceId);
      if (!target || target.chunk.bodies.length >= CHUNK_BODIES) {
        target = add({ traceId: body.traceId, chunk: body.id, bodies: [] });
        open.set(body.traceId, target);
      }
      target.index.set(body.id, target.chunk.bodies.length);
      target.chunk.bodies.push(body);
      return target.chunk.chunk;
    },
    chunks: () => [...chunks.values()].map((e) => e.chunk),
  };
}

/**
 * Upgrade step from stores with one body record per span: the bodies of each trace go into chunks in key order, and
 * every row names its chunk. A row without a body names none (the writer gives it one when it writes it again).
 */
export async function chunkStoredBodies(tx: Transaction): Promise<void> {
  const traceIds = (await tx.table('traces').toCollection().primaryKeys()) as string[];
  const rowsTable = tx.table<StoredRow>('observations');
  const bodiesTable = tx.table<ObservationBody>('observationBodies');
  const chunksTable = tx.table<BodyChunk>('bodyChunks');
  // Bodies of spans whose trace has no summary (none should exist) are left behind with the old table.
  for (const traceId of traceIds) {
    const lower = [traceId, Dexie.minKey];
    const upper = [traceId, Dexie.maxKey];
    const [rows, bodies] = await Promise.all([
      rowsTable.where('[traceId+id]').between(lower, upper, true, true).toArray(),
      bodiesTable.where('[traceId+id]').between(lower, upper, true, true).toArray(),
    ]);
    if (bodies.length === 0) continue;
    const placer = bodyPlacer([]);
    const chunkOf = new Map(bodies.map((b) => [b.id, placer.place(packBody(b), undefined)]));
    await Promise.all([
      chunksTable.bulkPut(placer.chunks()),
      rowsTable.bulkPut(rows.map((r) => (chunkOf.has(r.id) ? { ...r, bodyChunk: chunkOf.get(r.id) } : r))),
    ]);
  }
}
