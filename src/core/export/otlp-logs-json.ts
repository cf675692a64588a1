import { compareLogRecords } from '../logs/map-logs';
import type { LogRecord } from '../model/types';
import { anyValue, keyValues, msToNanosText, type OtlpJsonAnyValue, type OtlpJsonKeyValue } from './otlp-json';

/**
 * Stored log records back to OTLP/JSON (an ExportLogsServiceRequest), the inverse of otlp/decode-logs.ts: grouped by
 * resource and scope as an SDK sends them, ids in hex, the stored time as `timeUnixNano` text that decodes to the
 * identical millisecond value, bodies and attributes as the AnyValues they were decoded from (spans' encoding, in
 * otlp-json.ts). Mapping the request again gives every record its id back, since the id hashes only what is stored
 * (logs/map-logs.ts), except for two cases: a record that came with neither a time nor an observed time (it is written
 * with the time Loupe received it) and one whose values were cut to the value limit (the id hashes the uncut ones).
 *
 * What is not stored is not written: the observed time, flags, dropped counts, scope attributes and schema URLs.
 */

export interface OtlpJsonLogRecord {
  timeUnixNano: string;
  severityNumber?: number;
  severityText?: string;
  eventName?: string;
  body?: OtlpJsonAnyValue;
  attributes: OtlpJsonKeyValue[];
  traceId?: string;
  spanId?: string;
}

export interface OtlpJsonResourceLogs {
  resource: { attributes: OtlpJsonKeyValue[] };
  scopeLogs: { scope: { name: string; version?: string }; logRecords: OtlpJsonLogRecord[] }[];
}

/**
 * Records without a trace go this many to a line: one line per trace bounds the others, and a store can hold
 * hundreds of thousands of untraced records (an app that logs without tracing). 1,000 GenAI records are about 1 MB.
 */
export const LOG_RECORDS_PER_LINE = 1000;

function toOtlpLogRecord(r: LogRecord): OtlpJsonLogRecord {
  const out: OtlpJsonLogRecord = { timeUnixNano: msToNanosText(r.time), attributes: keyValues(r.attributes) };
  // proto3 JSON leaves out fields at their default: the decoders read an absent one as the default.
  if (r.severityNumber !== 0) out.severityNumber = r.severityNumber;
  if (r.severityText !== null) out.severityText = r.severityText;
  if (r.eventName !== null) out.eventName = r.eventName;
  if (r.body !== null) out.body = anyValue(r.body);
  if (r.traceId !== '') out.traceId = r.traceId;
  if (r.spanId !== '') out.spanId = r.spanId;
  return out;
}

/** Records as the `resourceLogs` of one request, in time order within each resource and scope. */
export function logResourceLogs(records: readonly LogRecord[]): OtlpJsonResourceLogs[] {
  return groupLogRecords([...records].sort(compareLogRecords));
}

/** `logResourceLogs` of records already in order. */
function groupLogRecords(sorted: readonly LogRecord[]): OtlpJsonResourceLogs[] {
  const groups = new Map<string, OtlpJsonResourceLogs>();
  const scopes = new Map<string, OtlpJsonResourceLogs['scopeLogs'][number]>();
  for (const r of sorted) {
    const resourceKey = JSON.stringify(r.resource);
    let group = groups.get(resourceKey);
    if (!group) {
      group = { resource: { attributes: keyValues(r.resource) }, scopeLogs: [] };
      groups.set(resourceKey, group);
    }
    const scopeKey = `${resourceKey}\n${r.scope.name}\n${r.scope.version ?? ''}`;
    let scope = scopes.get(scopeKey);
    if (!scope) {
      const { name, version } = r.scope;
      scope = { scope: version === null ? { name } : { name, version }, logRecords: [] };
      scopes.set(scopeKey, scope);
      group.scopeLogs.push(scope);
    }
    scope.logRecords.push(toOtlpLogRecord(r));
  }
  return [...groups.values()];
}

/** Records as JSON Lines of ExportLogsServiceRequests (each line ending in a newline); none for no records. */
export function logRequestLines(records: readonly LogRecord[], perLine = Number.POSITIVE_INFINITY): string[] {
  const sorted = [...records].sort(compareLogRecords);
  const lines: string[] = [];
  for (let i = 0; i < sorted.length; i += perLine) {
    lines.push(`${JSON.stringify({ resourceLogs: groupLogRecords(sorted.slice(i, i + perLine)) })}\n`);
  }
  return lines;
}
