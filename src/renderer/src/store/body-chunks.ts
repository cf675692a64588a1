import { type PackedValues, sourcesOf, unpackValues } from '@core/model/packed-values';
import type { ObservationBody, ObservationRow } from '@core/model/types';
import { Dexie, type Transaction } from 'dexie';
import type { BodyChunk, BodyChunkKey, ObservationKey, StoredBody, StoredRow } from './db';

/**
 * A trace's spans stored a chunk at a time (ADR 0016, ADR 0024): one record holds the rows and bodies of up to
 * CHUNK_BODIES spans of one trace written in one transaction. A span stays in the chunk it was first written to: a
 * later version of the span rewrites that chunk, so there is one copy of every span. A chunk is named by the id of the
 * first span put in it, which no other chunk of the trace can have (a span gets a new chunk only when it was not
 * stored before). A span is found by its key in the chunk's `spans` index. Storing 8 spans as one record instead of
 * 8 rows and a chunk of bodies halved what IndexedDB spends on a drain.
 */

/** Spans per chunk at most: rewriting one span rewrites its chunk, so chunks stay a few hundred KB. */
export const CHUNK_BODIES = 64;

const keyOf = (traceId: string, id: string) => `${traceId}/${id}`;

/** One stored span: its row, its body as stored, and the chunk that holds them. */
export interface StoredSpan {
  row: ObservationRow;
  body: StoredBody;
  chunk: BodyChunk;
}

/** Every span the chunks hold, by `traceId/id`. */
export function spansOf(chunks: Iterable<BodyChunk | undefined>): Map<string, StoredSpan> {
  const out = new Map<string, StoredSpan>();
  for (const chunk of chunks) {
    if (!chunk) continue;
    chunk.rows.forEach((row, i) => {
      out.set(keyOf(row.traceId, row.id), { row, body: chunk.bodies[i] as StoredBody, chunk });
    });
  }
  return out;
}

/** The chunk with its index fields filled from its rows. */
function indexed(chunk: Pick<BodyChunk, 'traceId' | 'chunk' | 'rows' | 'bodies'>): BodyChunk {
  const names = new Set<string>();
  const models = new Set<string>();
  for (const r of chunk.rows) {
    names.add(r.name);
    if (typeof r.model === 'string' && r.model !== '') models.add(r.model);
  }
  return {
    traceId: chunk.traceId,
    chunk: chunk.chunk,
    rows: chunk.rows,
    bodies: chunk.bodies,
    spans: chunk.rows.map((r): ObservationKey => [r.traceId, r.id]),
    names: [...names],
    models: [...models],
  };
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

/**
 * Where the writer puts spans within one transaction. Start from the stored chunks of the spans being written again
 * (`stored`); `place` then puts each span into its chunk, or a new chunk of its trace, and returns the chunk's name;
 * `chunks` are the records to write.
 */
export function bodyPlacer(stored: Iterable<BodyChunk | undefined>) {
  type Open = { chunk: Pick<BodyChunk, 'traceId' | 'chunk' | 'rows' | 'bodies'>; index: Map<string, number> };
  const chunks = new Map<string, Open>();
  const open = new Map<string, Open>();
  const add = (chunk: Open['chunk']) => {
    const entry = { chunk, index: new Map(chunk.rows.map((r, i) => [r.id, i])) };
    chunks.set(keyOf(chunk.traceId, chunk.chunk), entry);
    return entry;
  };
  for (const chunk of stored)
    if (chunk && !chunks.has(keyOf(chunk.traceId, chunk.chunk)))
      add({ traceId: chunk.traceId, chunk: chunk.chunk, rows: [...chunk.rows], bodies: [...chunk.bodies] });
  return {
    /** Puts the span where it belongs: the chunk `current` names when it holds it, else a chunk of new spans. */
    place(row: ObservationRow, body: StoredBody, current: string | undefined): string {
      const held = current === undefined ? undefined : chunks.get(keyOf(row.traceId, current));
      const at = held?.index.get(row.id);
      if (held && at !== undefined) {
        held.chunk.rows[at] = row;
        held.chunk.bodies[at] = body;
        return held.chunk.chunk;
      }
      let target = open.get(row.traceId);
      if (!target || target.chunk.rows.length >= CHUNK_BODIES) {
        target = add({ traceId: row.traceId, chunk: row.id, rows: [], bodies: [] });
        open.set(row.traceId, target);
      }
      target.index.set(row.id, target.chunk.rows.length);
      target.chunk.rows.push(row);
      target.chunk.bodies.push(body);
      return target.chunk.chunk;
    },
    chunks: (): BodyChunk[] => [...chunks.values()].map((e) => indexed(e.chunk)),
  };
}

/** Bodies of stores before version 7, one record per span. */
type LegacyChunk = { traceId: string; chunk: string; bodies: StoredBody[] };

/**
 * Upgrade step from stores with one body record per span: the bodies of each trace go into chunks in key order, and
 * every row names its chunk. A row without a body names none. Version 10 then moves the rows into those chunks.
 */
export async function chunkStoredBodies(tx: Transaction): Promise<void> {
  const traceIds = (await tx.table('traces').toCollection().primaryKeys()) as string[];
  const rowsTable = tx.table<StoredRow>('observations');
  const bodiesTable = tx.table<ObservationBody>('observationBodies');
  const chunksTable = tx.table<LegacyChunk>('bodyChunks');
  // Bodies of spans whose trace has no summary (none should exist) are left behind with the old table.
  for (const traceId of traceIds) {
    const lower = [traceId, Dexie.minKey];
    const upper = [traceId, Dexie.maxKey];
    const [rows, bodies] = await Promise.all([
      rowsTable.where('[traceId+id]').between(lower, upper, true, true).toArray(),
      bodiesTable.where('[traceId+id]').between(lower, upper, true, true).toArray(),
    ]);
    if (bodies.length === 0) continue;
    const chunks: LegacyChunk[] = [];
    const chunkOf = new Map<string, string>();
    for (let i = 0; i < bodies.length; i += CHUNK_BODIES) {
      const some = bodies.slice(i, i + CHUNK_BODIES).map((b) => packBody(b));
      const chunk = (some[0] as StoredBody).id;
      for (const b of some) chunkOf.set(b.id, chunk);
      chunks.push({ traceId, chunk, bodies: some });
    }
    await Promise.all([
      chunksTable.bulkPut(chunks),
      rowsTable.bulkPut(rows.map((r) => (chunkOf.has(r.id) ? { ...r, bodyChunk: chunkOf.get(r.id) } : r))),
    ]);
  }
}

/** The body of a span stored with none (a store before version 7 could hold a row without its body). */
const emptyBody = (row: ObservationRow): StoredBody => ({
  traceId: row.traceId,
  id: row.id,
  input: null,
  output: null,
  metadata: {},
  attributes: {},
  resource: {},
  events: [],
  links: [],
});

/**
 * Upgrade step to version 10: each row moves into the chunk that holds its body, a row without one into a new chunk of
 * its trace with an empty body, and every chunk gets its index fields; a chunk left with no row (bodies of spans not
 * stored) goes. A trace at a time; the rows' table is dropped by version 11.
 */
export async function foldRowsIntoChunks(tx: Transaction): Promise<void> {
  const rowsTable = tx.table<StoredRow>('observations');
  const chunksTable = tx.table<BodyChunk | LegacyChunk>('bodyChunks');
  // Every trace with rows or chunks, whether or not its summary is there: no chunk may be left without rows.
  const traceIds = new Set<string>();
  for (const [table, index] of [
    [rowsTable, '[traceId+id]'],
    [chunksTable, '[traceId+chunk]'],
  ] as const) {
    for (let after: unknown = Dexie.minKey; ; ) {
      const [key] = (await table.where(index).above(after).limit(1).primaryKeys()) as [string, string][];
      if (!key) break;
      traceIds.add(key[0]);
      after = [key[0], Dexie.maxKey];
    }
  }
  for (const traceId of traceIds) {
    const lower = [traceId, Dexie.minKey];
    const upper = [traceId, Dexie.maxKey];
    const [rows, chunks] = await Promise.all([
      rowsTable.where('[traceId+id]').between(lower, upper, true, true).toArray(),
      chunksTable.where('[traceId+chunk]').between(lower, upper, true, true).toArray(),
    ]);
    if (rows.length === 0 && chunks.length === 0) continue;
    const bodies = new Map<string, StoredBody>();
    for (const c of chunks) for (const b of c.bodies) bodies.set(keyOf(c.chunk, b.id), b);
    const folded = new Map<string, Pick<BodyChunk, 'traceId' | 'chunk' | 'rows' | 'bodies'>>();
    const loose: ObservationRow[] = [];
    for (const stored of rows) {
      const { bodyChunk, ...row } = stored;
      const body = bodyChunk === undefined ? undefined : bodies.get(keyOf(bodyChunk, row.id));
      if (bodyChunk === undefined || !body) {
        loose.push(row);
        continue;
      }
      let chunk = folded.get(bodyChunk);
      if (!chunk) {
        chunk = { traceId, chunk: bodyChunk, rows: [], bodies: [] };
        folded.set(bodyChunk, chunk);
      }
      chunk.rows.push(row);
      chunk.bodies.push(body);
    }
    for (let i = 0; i < loose.length; i += CHUNK_BODIES) {
      const some = loose.slice(i, i + CHUNK_BODIES);
      const name = (some[0] as ObservationRow).id;
      // A chunk of that name already holds other spans: the loose ones join it.
      const chunk = folded.get(name) ?? { traceId, chunk: name, rows: [], bodies: [] };
      folded.set(name, chunk);
      for (const row of some) {
        chunk.rows.push(row);
        chunk.bodies.push(emptyBody(row));
      }
    }
    // Chunks left with no row held bodies of no stored span.
    const gone = chunks.flatMap((c) => (folded.has(c.chunk) ? [] : [[traceId, c.chunk] as BodyChunkKey]));
    await Promise.all([chunksTable.bulkPut([...folded.values()].map(indexed)), chunksTable.bulkDelete(gone)]);
  }
}

/**
 * Chunks holding `spans` as the writer would have stored them in one transaction: for seeding a store, and for
 * tests. A span given no body gets an empty one.
 */
export function chunksOf(spans: Iterable<{ row: ObservationRow; body?: StoredBody }>): BodyChunk[] {
  const placer = bodyPlacer([]);
  for (const { row, body } of spans) placer.place(row, body ?? emptyBody(row), undefined);
  return placer.chunks();
}
