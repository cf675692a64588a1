import { toLangfuseTrace } from '@core/export/langfuse-json';
import { loupeHeaderLine, loupeTraceLines } from '@core/export/loupe-format';
import { type StoredObservation, traceResourceSpans } from '@core/export/otlp-json';
import { LOG_RECORDS_PER_LINE, logRequestLines } from '@core/export/otlp-logs-json';
import type { LogRecord, Score, TraceBody, TraceSummary } from '@core/model/types';
import { spansOf, unpackBody } from '../../store/body-chunks';
import type { LoupeDb } from '../../store/db';
import { traceChunks } from '../../store/queries';

/**
 * Exports from the local store, one trace at a time: each trace becomes a few strings, and the strings become Blob
 * parts, collapsed into a Blob every few megabytes, so even "everything" is never one giant string in memory.
 *
 * - `otlp`: OTLP/JSON, per trace one ExportLogsServiceRequest line with its log records and one
 *   ExportTraceServiceRequest line with its spans (JSON Lines, the Collector's file format; a single trace without
 *   records is one line, which is also a plain OTLP/JSON document). Raw attributes, resource, scope, events and links
 *   as received; the trace's own fields for ingestion-only traces on its root span. Scores are not OTLP.
 * - `langfuse`: the Langfuse public API's trace shape (with observations and scores); an array for several traces.
 *   The shape has no place for log records: they are left out (the observations keep the input and output they gave).
 * - `loupe`: Loupe's own export (core/export/loupe-format.ts): OTLP lines plus ingestion events for what OTLP cannot
 *   carry, scores included. Reads back without loss.
 * An export of everything adds, in the two formats that carry them, the log records that belong to no trace.
 */

export type ExportFormat = 'otlp' | 'langfuse' | 'loupe';

export const EXPORT_FORMATS: { id: ExportFormat; label: string; hint: string }[] = [
  { id: 'otlp', label: 'OTLP/JSON', hint: 'spans and log records as received; for any OpenTelemetry tool' },
  { id: 'langfuse', label: 'Langfuse JSON', hint: 'the Langfuse API trace shape, with scores; no log records' },
  { id: 'loupe', label: 'Loupe export', hint: 'everything, scores and log records included; re-imports without loss' },
];

export interface TraceExport {
  trace: TraceSummary;
  body: TraceBody | null;
  observations: StoredObservation[];
  scores: Score[];
  logs: LogRecord[];
}

/** One trace with every observation whole (row and body joined), its scores and its log records. */
async function loadTraceExport(db: LoupeDb, traceId: string): Promise<TraceExport | null> {
  return db.transaction('r', [db.traces, db.traceBodies, db.bodyChunks, db.scores, db.logs], async () => {
    const trace = await db.traces.get(traceId);
    if (!trace) return null;
    const [body, chunks, scores, logs] = await Promise.all([
      db.traceBodies.get(traceId),
      traceChunks(db, traceId).toArray(),
      db.scores.where('traceId').equals(traceId).toArray(),
      // Most traces have no records, and the summary says so.
      trace.logCount ? db.logs.where('traceId').equals(traceId).toArray() : [],
    ]);
    const observations = [...spansOf(chunks).values()].map(({ row, body: stored }): StoredObservation => {
      const b = unpackBody(stored);
      return {
        ...row,
        input: b.input ?? null,
        output: b.output ?? null,
        metadata: b.metadata ?? {},
        attributes: b.attributes ?? {},
        resource: b.resource ?? {},
        events: b.events ?? [],
        links: b.links ?? [],
      };
    });
    // A call recorded twice counts through the record stored first (core/trace/same-call.ts): the one that counts
    // goes out before its twin, so an import stores them in that order and counts the same one.
    // In key order first (as the rows' own table kept them), so that the order does not depend on the chunks.
    observations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    observations.sort(
      (a, b) => Number(a.sameCallAs !== undefined) - Number(b.sameCallAs !== undefined) || a.startTime - b.startTime,
    );
    scores.sort((a, b) => a.timestamp - b.timestamp);
    return { trace, body: body ?? null, observations, scores, logs };
  });
}

export interface ExportFile {
  blob: Blob;
  fileName: string;
  traces: number;
  /** Traces that have nothing the format can carry (an OTLP export of a trace without observations or records). */
  skipped: number;
  /** Log records without a trace that were written (an export of everything). */
  untracedLogs: number;
}

export interface ExportOptions {
  onProgress?: (done: number) => void;
  /** Everything stored is being exported: add the log records that belong to no trace (OTLP and Loupe formats). */
  untracedLogs?: boolean;
}

const FLUSH_BYTES = 8 * 1024 * 1024;

/** Log records without a trace, a line at a time: there can be far too many to hold at once. */
async function* untracedLogLines(db: LoupeDb): AsyncGenerator<{ line: string; records: number }> {
  const ids = (await db.logs.where('traceId').equals('').primaryKeys()) as string[];
  for (let i = 0; i < ids.length; i += LOG_RECORDS_PER_LINE) {
    const records = (await db.logs.bulkGet(ids.slice(i, i + LOG_RECORDS_PER_LINE))).filter((r) => r !== undefined);
    for (const line of logRequestLines(records)) yield { line, records: records.length };
  }
}

/** `oneDocument`: an OTLP export of one line, which is plain OTLP/JSON as well as JSON Lines. */
function fileNameFor(format: ExportFormat, traceIds: string[], now: Date, oneDocument: boolean): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const what = traceIds.length === 1 ? `trace-${traceIds[0]?.slice(0, 16)}` : `${traceIds.length}-traces-${stamp}`;
  if (format === 'otlp') return `loupe-${what}.otlp.${oneDocument ? 'json' : 'jsonl'}`;
  if (format === 'langfuse') return `loupe-${what}.langfuse.json`;
  return `loupe-${what}.loupe.jsonl`;
}

export async function buildExport(
  db: LoupeDb,
  traceIds: string[],
  format: ExportFormat,
  { onProgress, untracedLogs = false }: ExportOptions = {},
): Promise<ExportFile> {
  const blobs: Blob[] = [];
  let parts: string[] = [];
  let pendingBytes = 0;
  const write = (text: string) => {
    parts.push(text);
    pendingBytes += text.length;
    if (pendingBytes >= FLUSH_BYTES) {
      blobs.push(new Blob(parts));
      parts = [];
      pendingBytes = 0;
    }
  };
  const several = traceIds.length !== 1;
  if (format === 'loupe') write(loupeHeaderLine(traceIds.length));
  if (format === 'langfuse' && several) write('[\n');
  let written = 0;
  let skipped = 0;
  let otlpLines = 0;
  for (let i = 0; i < traceIds.length; i++) {
    const item = await loadTraceExport(db, traceIds[i] as string);
    onProgress?.(i + 1);
    if (!item) continue;
    if (format === 'otlp') {
      if (item.observations.length === 0 && item.logs.length === 0) {
        skipped++;
        continue;
      }
      const spans = traceResourceSpans(item.observations, item.trace, item.body);
      // Records before spans, as SDKs deliver them (see loupe-format.ts).
      const lines = logRequestLines(item.logs);
      if (spans.length > 0) lines.push(`${JSON.stringify({ resourceSpans: spans })}\n`);
      for (const line of lines) write(line);
      otlpLines += lines.length;
    } else if (format === 'langfuse') {
      const json = JSON.stringify(
        toLangfuseTrace(item.trace, item.body, item.observations, item.scores),
        null,
        several ? 0 : 2,
      );
      write(several && written > 0 ? `,\n${json}` : json);
    } else {
      for (const line of loupeTraceLines(item.trace, item.body, item.observations, item.scores, item.logs)) write(line);
    }
    written++;
  }
  let untraced = 0;
  if (untracedLogs && format !== 'langfuse') {
    for await (const { line, records } of untracedLogLines(db)) {
      write(line);
      otlpLines++;
      untraced += records;
    }
  }
  if (format === 'langfuse') write(several ? '\n]\n' : '\n');
  blobs.push(new Blob(parts));
  const oneDocument = format === 'otlp' && !several && otlpLines <= 1;
  const type = format === 'langfuse' || oneDocument ? 'application/json' : 'application/x-ndjson';
  return {
    blob: new Blob(blobs, { type }),
    fileName: fileNameFor(format, traceIds, new Date(), oneDocument),
    traces: written,
    skipped,
    untracedLogs: untraced,
  };
}

/** Saves a Blob as a download: a temporary object URL and a click, which works in Electron and in a browser. */
export function download(file: ExportFile): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the Blob by now; a minute is far more than it needs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
