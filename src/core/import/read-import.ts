import { isLoupeHeader, LOUPE_EXPORT_VERSION } from '../export/loupe-format';
import type { OtlpSpan } from '../model/types';
import { decodeJsonRoot } from '../otlp/decode-json';
import { type DecodedLogRecord, decodeJsonLogsRoot } from '../otlp/decode-logs';
import { isLangfuseTrace, langfuseTraceEvents } from './langfuse-trace';

/**
 * Tells an imported file's format and reads it into what the receiver gets live: OTLP spans, OTLP log records, or
 * Langfuse ingestion events. The caller maps and stores them like received data. Formats:
 * - OTLP/JSON: one ExportTraceServiceRequest (`{"resourceSpans": [...]}`) or ExportLogsServiceRequest
 *   (`{"resourceLogs": [...]}`);
 * - OTLP/JSON Lines: one request per line, of either kind, as the OpenTelemetry Collector's `file` exporter writes;
 * - a Langfuse trace export: a trace with `observations` and `scores` (the public API's trace shape), an array of
 *   them, one per line, or the list endpoint's `{"data": [...]}`;
 * - a Langfuse ingestion envelope (`{"batch": [...]}`);
 * - Loupe's own export (see export/loupe-format.ts).
 * A line or record that cannot be read becomes an error naming it; the rest is still imported.
 */

export type ImportUnit =
  | { kind: 'otlp'; spans: OtlpSpan[]; where: string }
  | { kind: 'logs'; records: DecodedLogRecord[]; where: string }
  | { kind: 'ingestion'; events: unknown[]; where: string };

export type ImportStep = ImportUnit | { kind: 'error'; message: string };

export interface ImportPlan {
  format: string;
  /** Read lazily, one line or document at a time, so a caller can yield between them. */
  steps: Iterable<ImportStep>;
}

/** The file is none of the formats Loupe imports, or not JSON at all. */
export class ImportFormatError extends Error {}

const EXPECTED =
  'expected OTLP/JSON (an object with "resourceSpans" or "resourceLogs"), JSON Lines of those (the OpenTelemetry ' +
  'Collector file exporter), a Langfuse trace export (an object with "observations", or an array of them), ' +
  'a Langfuse ingestion batch (an object with "batch"), or a Loupe export';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

type Kind = 'otlp' | 'ingestion' | 'langfuse' | 'loupe';

function kindOf(v: unknown): Kind | null {
  if (isLoupeHeader(v)) return 'loupe';
  if (isObject(v) && ('resourceSpans' in v || 'resourceLogs' in v)) return 'otlp';
  if (isObject(v) && Array.isArray(v.batch)) return 'ingestion';
  if (isLangfuseTrace(v)) return 'langfuse';
  if (Array.isArray(v) && v.length > 0 && v.every(isLangfuseTrace)) return 'langfuse';
  if (isObject(v) && Array.isArray(v.data) && v.data.length > 0 && v.data.every(isLangfuseTrace)) return 'langfuse';
  return null;
}

const FORMAT_NAMES: Record<Kind, string> = {
  otlp: 'OTLP/JSON',
  ingestion: 'Langfuse ingestion batch',
  langfuse: 'Langfuse trace export',
  loupe: `Loupe export v${LOUPE_EXPORT_VERSION}`,
};

/** JSON.parse's message, on one line: V8 quotes the text around the problem, newlines included. */
function parseProblem(error: unknown): string {
  return (error as Error).message.replace(/\s+/g, ' ');
}

function prefix(where: string): string {
  return where === '' ? '' : `${where}: `;
}

/** The steps of one parsed document (a whole file, or one line of a JSON Lines file). */
function* documentSteps(v: unknown, where: string): Generator<ImportStep> {
  switch (kindOf(v)) {
    case 'loupe':
      return;
    case 'otlp': {
      const request = v as Json;
      try {
        // One request holds one or the other; a document with both is read as both.
        if ('resourceSpans' in request) yield { kind: 'otlp', spans: decodeJsonRoot(request), where };
        if ('resourceLogs' in request) yield { kind: 'logs', records: decodeJsonLogsRoot(request), where };
      } catch (error) {
        yield { kind: 'error', message: `${prefix(where)}${(error as Error).message}` };
      }
      return;
    }
    case 'ingestion':
      yield { kind: 'ingestion', events: (v as { batch: unknown[] }).batch, where };
      return;
    case 'langfuse': {
      const traces = Array.isArray(v) ? v : isLangfuseTrace(v) ? [v] : ((v as { data: unknown[] }).data as Json[]);
      for (const trace of traces) {
        const { events, errors } = langfuseTraceEvents(trace as Json);
        for (const message of errors) yield { kind: 'error', message: `${prefix(where)}${message}` };
        yield { kind: 'ingestion', events, where };
      }
      return;
    }
    default:
      yield {
        kind: 'error',
        message: `${prefix(where)}not a record Loupe imports (${describe(v)}); ${EXPECTED}`,
      };
  }
}

function describe(v: unknown): string {
  if (isObject(v)) {
    const keys = Object.keys(v).slice(0, 5);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array of something else';
  return v === null ? 'null' : `a ${typeof v}`;
}

function* lineSteps(lines: string[], firstLine: number): Generator<ImportStep> {
  for (let i = firstLine; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { kind: 'error', message: `line ${i + 1}: not JSON (${parseProblem(error)})` };
      continue;
    }
    yield* documentSteps(value, `line ${i + 1}`);
  }
}

/** Reads the file's text into an import plan; throws ImportFormatError when it is no format Loupe imports. */
export function planImport(fileName: string, text: string): ImportPlan {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ImportFormatError(`${fileName} is empty; ${EXPECTED}`);
  let whole: unknown;
  let wholeError: Error | null = null;
  try {
    whole = JSON.parse(body);
  } catch (error) {
    wholeError = error as Error;
  }
  if (wholeError === null) {
    const kind = kindOf(whole);
    if (kind === null) throw new ImportFormatError(`${fileName} is ${describe(whole)}, not a trace file; ${EXPECTED}`);
    if (kind === 'loupe') checkVersion(fileName, whole);
    return { format: FORMAT_NAMES[kind], steps: documentSteps(whole, '') };
  }
  // Not one JSON document: JSON Lines, recognised by its first non-blank line.
  const lines = body.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  let head: unknown;
  try {
    head = JSON.parse((lines[first] as string).trim());
  } catch {
    throw new ImportFormatError(`${fileName} is not JSON (${parseProblem(wholeError)}); ${EXPECTED}`);
  }
  const kind = kindOf(head);
  if (kind === null) {
    throw new ImportFormatError(
      `line ${first + 1} of ${fileName} is ${describe(head)}, not a trace record; ${EXPECTED}`,
    );
  }
  if (kind === 'loupe') {
    checkVersion(fileName, head);
    return { format: FORMAT_NAMES.loupe, steps: lineSteps(lines, first + 1) };
  }
  return { format: `${FORMAT_NAMES[kind]} Lines`, steps: lineSteps(lines, first) };
}

function checkVersion(fileName: string, header: unknown): void {
  const version = (header as { loupeExport: number }).loupeExport;
  if (version > LOUPE_EXPORT_VERSION || version < 1) {
    throw new ImportFormatError(
      `${fileName} is a Loupe export of version ${version}; this Loupe reads version ${LOUPE_EXPORT_VERSION}: update Loupe to import it`,
    );
  }
}
