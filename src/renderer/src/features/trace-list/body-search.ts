import type { TraceBody } from '@core/model/types';
import { storedValue } from '../../store/body-chunks';
import type { BodyChunk, LoupeDb, StoredBody } from '../../store/db';

/** Rows read per step; small enough that a step takes a few milliseconds and typing stays responsive. */
const CHUNK = 200;
/** Body chunks read per step: about CHUNK bodies, at the eight spans a chunk holds in a typical trace. */
const BODY_CHUNKS = 25;

function contains(value: unknown, q: string): boolean {
  if (value === null || value === undefined) return false;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text?.toLowerCase().includes(q) ?? false;
}

/**
 * Whether a trace's or an observation's input or output holds `q` (lowercase): the list's text search, and an
 * agent's (list_traces), so both find the same traces.
 */
export function bodyHasText(body: { input: unknown; output: unknown }, q: string): boolean {
  return contains(body.input, q) || contains(body.output, q);
}

/** The same test over a body as stored, whose input or output may be left to an attribute's text (body-chunks.ts). */
export function storedBodyHasText(body: StoredBody, q: string): boolean {
  return contains(storedValue(body, 'input'), q) || contains(storedValue(body, 'output'), q);
}

/**
 * Finds the traces whose inputs or outputs (trace-level or any observation's) contain `query`, reading the
 * bodies in small chunks between which the page gets control back. Reports matches as they are found;
 * stops when `signal` aborts (the query changed).
 */
export async function scanBodies(
  db: LoupeDb,
  query: string,
  signal: AbortSignal,
  onMatches: (traceIds: ReadonlySet<string>) => void,
): Promise<void> {
  const q = query.toLowerCase();
  const found = new Set<string>();
  const step = async <T>(rows: T[], traceIdOf: (row: T) => string, hit: (row: T) => boolean) => {
    let grew = false;
    for (const row of rows) {
      const id = traceIdOf(row);
      if (!found.has(id) && hit(row)) {
        found.add(id);
        grew = true;
      }
    }
    if (grew) onMatches(new Set(found));
    await new Promise((done) => setTimeout(done, 0));
  };
  let traceKey: string | null = null;
  while (!signal.aborted) {
    const rows: TraceBody[] = await (traceKey === null
      ? db.traceBodies.limit(CHUNK)
      : db.traceBodies.where(':id').above(traceKey).limit(CHUNK)
    ).toArray();
    if (signal.aborted || rows.length === 0) break;
    traceKey = rows[rows.length - 1]?.id ?? null;
    await step(
      rows,
      (r) => r.id,
      (r) => bodyHasText(r, q),
    );
  }
  // Observation bodies are stored a few dozen to a record (store/body-chunks.ts): a step reads fewer records.
  let chunkKey: [string, string] | null = null;
  while (!signal.aborted) {
    const chunks: BodyChunk[] = await (chunkKey === null
      ? db.bodyChunks.limit(BODY_CHUNKS)
      : db.bodyChunks.where(':id').above(chunkKey).limit(BODY_CHUNKS)
    ).toArray();
    if (signal.aborted || chunks.length === 0) break;
    const last: BodyChunk | undefined = chunks[chunks.length - 1];
    chunkKey = last ? [last.traceId, last.chunk] : null;
    await step(
      chunks.flatMap((c) => c.bodies),
      (r) => r.traceId,
      (r) => storedBodyHasText(r, q),
    );
  }
}
