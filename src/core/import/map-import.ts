import { IngestionEventError, ingestionEvents, mapIngestionEvent } from '../conventions/langfuse-ingestion';
import { IngestionCostMemory } from '../conventions/langfuse-ingestion-cost';
import { truncateIngestionValues } from '../conventions/langfuse-ingestion-truncate';
import { mapSpans } from '../conventions/map-span';
import { mapLogRecords } from '../logs/map-logs';
import type { LogRecord, Observation, OtlpSpan, Score, TraceUpsert } from '../model/types';
import type { DecodedLogRecord } from '../otlp/decode-logs';
import { DEFAULT_MAX_VALUE_BYTES, truncateLargeValues, truncateLogValues } from '../otlp/truncate';
import { validateSpans } from '../otlp/validate';

/** What one piece of an imported file maps to: a batch for the store, and what could not be used. */
export interface MappedImport {
  observations: Observation[];
  traces: TraceUpsert[];
  scores: Score[];
  logs: LogRecord[];
  errors: string[];
  /** Attribute values (and log record bodies) cut to the receiver's limit, as for live traffic. */
  truncated: number;
}

function prefix(where: string): string {
  return where === '' ? '' : `${where}: `;
}

/** OTLP spans, checked, cut and mapped exactly as `POST /v1/traces` does. */
export function mapImportedSpans(
  spans: OtlpSpan[],
  where: string,
  maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
): MappedImport {
  const { valid, rejected, errorMessage } = validateSpans(spans);
  const truncated = truncateLargeValues(valid, maxValueBytes);
  return {
    observations: mapSpans(valid),
    traces: [],
    scores: [],
    logs: [],
    errors: rejected > 0 ? [`${prefix(where)}${errorMessage}`] : [],
    truncated,
  };
}

/**
 * OTLP log records, checked, cut and mapped exactly as `POST /v1/logs` does: a record with a malformed id is
 * rejected, one without a trace kept, one without any time stamped `receivedAt`. Ids come from the content, so a file
 * imported twice stores its records once.
 */
export function mapImportedLogs(
  decoded: readonly DecodedLogRecord[],
  where: string,
  receivedAt: number,
  maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
): MappedImport {
  const { records, rejected, errorMessage } = mapLogRecords(decoded, receivedAt);
  return {
    observations: [],
    traces: [],
    scores: [],
    logs: records,
    errors: rejected > 0 ? [`${prefix(where)}${errorMessage}`] : [],
    truncated: truncateLogValues(records, maxValueBytes),
  };
}

/**
 * Langfuse ingestion events, each mapped on its own as `POST /api/public/ingestion` does: priced where the file has
 * usage but no cost (`memory` carries a generation's model to its later update across the pieces of one file), and
 * cut to the same value limit.
 */
export function mapImportedEvents(
  events: unknown[],
  where: string,
  memory: IngestionCostMemory = new IngestionCostMemory(),
  maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
): MappedImport {
  const out: MappedImport = { observations: [], traces: [], scores: [], logs: [], errors: [], truncated: 0 };
  for (const event of ingestionEvents({ batch: events })) {
    try {
      const mapped = mapIngestionEvent(event);
      if (mapped.kind === 'observation') out.observations.push(mapped.observation);
      else if (mapped.kind === 'trace') out.traces.push(mapped.trace);
      else if (mapped.kind === 'score') out.scores.push(mapped.score);
    } catch (error) {
      if (!(error instanceof IngestionEventError)) throw error;
      const id = typeof (event as { id?: unknown })?.id === 'string' ? (event as { id: string }).id : 'an event';
      out.errors.push(`${prefix(where)}${id}: ${error.message}`);
    }
  }
  memory.price(out.observations);
  out.truncated = truncateIngestionValues(out.observations, out.traces, maxValueBytes);
  return out;
}
