import type { LogRecord, Score, TraceBody, TraceSummary } from '../model/types';
import { isIngestionObservation, type StoredObservation, traceResourceSpans } from './otlp-json';
import { logRequestLines } from './otlp-logs-json';

/**
 * Loupe's own export: JSON Lines, read back without loss. The first line names the format and its version; every
 * other line is something Loupe already receives live, so an import goes through the same mapping:
 * - an OTLP/JSON ExportLogsServiceRequest with a trace's log records (and, in an export of everything, lines of the
 *   records without a trace), which map back to the same ids (export/otlp-logs-json.ts);
 * - an OTLP/JSON ExportTraceServiceRequest with a trace's spans (raw attributes, resource, scope, events, links);
 * - a Langfuse ingestion envelope (`{"batch": [...]}`) with what OTLP cannot carry: the trace's own fields
 *   (`trace-create`), observations that came from the ingestion API (`observation-create` with every field, so
 *   they come back identical), and scores (`score-create`).
 * Version 1. A reader meets an unknown version with an error rather than a guess. Log record lines came later within
 * version 1: a reader from before them reports each as a line it cannot read and imports the rest.
 */

export const LOUPE_EXPORT_VERSION = 1;

export interface LoupeExportHeader {
  loupeExport: number;
  exportedAt: string;
  traces: number;
}

export function loupeHeaderLine(traceCount: number, now = Date.now()): string {
  const header: LoupeExportHeader = {
    loupeExport: LOUPE_EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    traces: traceCount,
  };
  return `${JSON.stringify(header)}\n`;
}

export function isLoupeHeader(v: unknown): v is LoupeExportHeader {
  return typeof v === 'object' && v !== null && typeof (v as { loupeExport?: unknown }).loupeExport === 'number';
}

type Json = Record<string, unknown>;

function withoutNulls(body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The `trace-create` that restores what the trace's spans do not say by themselves. */
function traceEvent(summary: TraceSummary, body: TraceBody | null, root: StoredObservation | undefined): Json {
  const b: Json = { id: summary.id, timestamp: summary.startTime };
  if (summary.nameIsExplicit) b.name = summary.name;
  b.userId = summary.userId;
  b.sessionId = summary.sessionId;
  b.release = summary.release;
  b.version = summary.version;
  if (summary.environment !== 'default') b.environment = summary.environment;
  if (summary.tags.length > 0) b.tags = summary.tags;
  if (body) {
    // The root's input and output become the trace's on import anyway: written once, not twice.
    if (body.input != null && !sameJson(body.input, root?.input)) b.input = body.input;
    if (body.output != null && !sameJson(body.output, root?.output)) b.output = body.output;
    if (Object.keys(body.metadata).length > 0) b.metadata = body.metadata;
  }
  return { id: `trace-${summary.id}`, type: 'trace-create', timestamp: summary.startTime, body: withoutNulls(b) };
}

function observationEvent(o: StoredObservation): Json {
  const body = withoutNulls({
    id: o.id,
    traceId: o.traceId,
    type: o.type,
    parentObservationId: o.parentId,
    name: o.name,
    startTime: o.startTime,
    completionStartTime: o.completionStartTime,
    level: o.level,
    statusMessage: o.statusMessage,
    model: o.model,
    modelParameters: o.modelParameters,
    usageDetails: o.usage,
    // A computed cost is computed again on import; only a cost the SDK sent travels as sent.
    costDetails: o.costSource === 'computed' ? {} : o.cost,
    promptName: o.promptName,
    promptVersion: o.promptVersion,
    environment: o.environment,
    input: o.input,
    output: o.output,
    metadata: o.metadata,
  });
  // null is meaningful here: an observation that has not ended.
  body.endTime = o.endTime;
  return { id: `obs-${o.traceId}-${o.id}`, type: 'observation-create', timestamp: o.startTime, body };
}

function scoreEvent(s: Score): Json {
  // Numeric and boolean scores hold a number; categorical and text ones their text.
  const value = s.value ?? s.stringValue;
  const body = withoutNulls({
    id: s.id,
    traceId: s.traceId,
    observationId: s.observationId,
    sessionId: s.sessionId,
    name: s.name,
    value,
    dataType: s.dataType,
    comment: s.comment,
    timestamp: s.timestamp,
    environment: s.environment,
    metadata: s.metadata,
  });
  return { id: `score-${s.id}`, type: 'score-create', timestamp: s.timestamp, body };
}

/** One trace as Loupe export lines (each ending in a newline): OTLP log records and spans, then ingestion events. */
export function loupeTraceLines(
  summary: TraceSummary,
  body: TraceBody | null,
  observations: StoredObservation[],
  scores: Score[],
  logs: readonly LogRecord[] = [],
): string[] {
  // Records first, as SDKs deliver them (the logs SDK exports every second, the trace SDK every five): the writer
  // then builds the trace as it did when they were received, its times and its input and output included.
  const lines = logRequestLines(logs);
  const spans = observations.filter((o) => !isIngestionObservation(o));
  if (spans.length > 0) lines.push(`${JSON.stringify({ resourceSpans: traceResourceSpans(spans) })}\n`);
  const root = observations.find((o) => o.isRoot);
  const batch = [
    traceEvent(summary, body, root),
    ...observations.filter(isIngestionObservation).map(observationEvent),
    ...scores.map(scoreEvent),
  ];
  lines.push(`${JSON.stringify({ batch })}\n`);
  return lines;
}
