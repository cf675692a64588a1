import type { Attributes, AttrValue, LogRecord } from '../model/types';
import { OtlpDecodeError } from './decode-error';
import {
  collectNotes,
  isObject,
  jsonAnyValue,
  jsonAttributes,
  jsonResource,
  list,
  nonEmpty,
  object,
  parseJsonBody,
  text,
  time,
} from './decode-json';
import { hex, int64Text, type PbAnyValue, type PbKeyValue, pbAnyValue, pbAttributes } from './decode-protobuf';
import { exportLogsServiceRequest } from './proto-root';
import { attachNotes, quoteWire, saneTime, timeProblem, WireNotes } from './wire-notes';
import { type Int64, jsonId, nanos64ToMs } from './wire-values';

/**
 * OTLP log export bodies (`ExportLogsServiceRequest`, protobuf or JSON) into plain records, the same way spans
 * are decoded: ids in lowercase hex, times in epoch ms, AnyValue bodies as plain values (kvlists become objects).
 * The record id is left empty: it is derived from the content when the records are mapped (`log-records.ts`).
 * A record whose time or observed time is outside 1970..2200 is noted (`notesOf`), for mapLogRecords to reject, as
 * spans with such times are; values of the wrong type are dropped and noted as in decode-json.
 */

export type DecodedLogRecord = Omit<LogRecord, 'id' | 'time' | 'order'> & {
  /** `timeUnixNano`; 0 when unset. */
  timeUnix: number;
  /** `observedTimeUnixNano`; 0 when unset. */
  observedTime: number;
};

interface PbLogRecord {
  timeUnixNano?: Int64;
  observedTimeUnixNano?: Int64;
  severityNumber?: number;
  severityText?: string;
  body?: PbAnyValue | null;
  attributes?: PbKeyValue[];
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
}
interface PbLogsRequest {
  resourceLogs?: {
    resource?: { attributes?: PbKeyValue[] } | null;
    scopeLogs?: { scope?: { name?: string; version?: string } | null; logRecords?: PbLogRecord[] }[];
  }[];
}

/** The event name: the LogRecord field (OTLP 1.5+), else the `event.name` attribute older SDKs set. */
function eventNameOf(field: string | undefined, attributes: Attributes): string | null {
  if (field) return field;
  const attr = attributes['event.name'];
  return typeof attr === 'string' && attr !== '' ? attr : null;
}

/** Notes the record at `index` when either of its times cannot be placed. */
function checkTimes(notes: WireNotes, index: number, r: DecodedLogRecord, wire: (field: 0 | 1) => string): void {
  if (saneTime(r.timeUnix) && saneTime(r.observedTime)) return;
  const problem =
    timeProblem('timeUnixNano', r.timeUnix, () => wire(0)) ??
    timeProblem('observedTimeUnixNano', r.observedTime, () => wire(1));
  if (problem !== null) notes.badTimes.set(index, problem);
}

export function decodeOtlpLogs(body: Uint8Array, format: 'json' | 'protobuf'): DecodedLogRecord[] {
  return format === 'json' ? decodeJsonLogsRoot(parseJsonBody(body)) : decodeProtobufLogs(body);
}

function decodeProtobufLogs(body: Uint8Array): DecodedLogRecord[] {
  let request: PbLogsRequest;
  try {
    request = exportLogsServiceRequest().decode(body) as PbLogsRequest;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new OtlpDecodeError(`invalid OTLP/protobuf: not a valid ExportLogsServiceRequest (${detail})`);
  }
  const out: DecodedLogRecord[] = [];
  const notes = new WireNotes();
  for (const rl of request.resourceLogs ?? []) {
    const resource = pbAttributes(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = { name: sl.scope?.name ?? '', version: sl.scope?.version || null };
      for (const r of sl.logRecords ?? []) {
        const attributes = pbAttributes(r.attributes);
        const record: DecodedLogRecord = {
          traceId: hex(r.traceId),
          spanId: hex(r.spanId),
          timeUnix: nanos64ToMs(r.timeUnixNano),
          observedTime: nanos64ToMs(r.observedTimeUnixNano),
          severityNumber: r.severityNumber ?? 0,
          severityText: r.severityText || null,
          eventName: eventNameOf(r.eventName, attributes),
          body: r.body ? pbAnyValue(r.body) : null,
          attributes,
          resource,
          scope,
        };
        checkTimes(notes, out.length, record, (f) => int64Text(f === 0 ? r.timeUnixNano : r.observedTimeUnixNano));
        out.push(record);
      }
    }
  }
  return attachNotes(out, notes);
}

/** Severity numbers per OTLP/JSON; enum names accepted from canonical proto3-JSON encoders (`SEVERITY_NUMBER_INFO`). */
const SEVERITY_NAMES = [
  'UNSPECIFIED',
  'TRACE',
  'TRACE2',
  'TRACE3',
  'TRACE4',
  'DEBUG',
  'DEBUG2',
  'DEBUG3',
  'DEBUG4',
  'INFO',
  'INFO2',
  'INFO3',
  'INFO4',
  'WARN',
  'WARN2',
  'WARN3',
  'WARN4',
  'ERROR',
  'ERROR2',
  'ERROR3',
  'ERROR4',
  'FATAL',
  'FATAL2',
  'FATAL3',
  'FATAL4',
];

function severityNumber(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const named = SEVERITY_NAMES.indexOf(v.replace(/^SEVERITY_NUMBER_/, ''));
    return named >= 0 ? named : Number(v) || 0;
  }
  return 0;
}

/** An OTLP/JSON logs request already parsed (a line of an imported file, parsed once to tell its format). */
export function decodeJsonLogsRoot(root: unknown): DecodedLogRecord[] {
  const [records, notes] = collectNotes((found) => decodeJsonLogs(root, found));
  return attachNotes(records, notes);
}

function decodeJsonLogs(root: unknown, notes: WireNotes): DecodedLogRecord[] {
  const request = object(root, () => 'the request body');
  const out: DecodedLogRecord[] = [];
  const resourceLogs = list(request, 'resourceLogs', () => 'request');
  for (let r = 0; r < resourceLogs.length; r++) {
    const rlWhere = () => `resourceLogs[${r}]`;
    const rl = object(resourceLogs[r], rlWhere);
    const resource = jsonResource(rl, rlWhere);
    const scopeLogs = list(rl, 'scopeLogs', rlWhere);
    for (let s = 0; s < scopeLogs.length; s++) {
      const slWhere = () => `${rlWhere()}.scopeLogs[${s}]`;
      const sl = object(scopeLogs[s], slWhere);
      const scopeRaw = isObject(sl.scope) ? sl.scope : {};
      const scope = { name: text(scopeRaw.name), version: nonEmpty(scopeRaw.version) };
      const records = list(sl, 'logRecords', slWhere);
      for (let i = 0; i < records.length; i++) {
        const where = () => `${slWhere()}.logRecords[${i}]`;
        const rec = object(records[i], where);
        const attributes = jsonAttributes(rec, where);
        const bodyValue: AttrValue = rec.body === undefined ? null : jsonAnyValue(rec.body, 0, () => `${where()}.body`);
        const record: DecodedLogRecord = {
          traceId: jsonId(text(rec.traceId), 16),
          spanId: jsonId(text(rec.spanId), 8),
          timeUnix: time(rec.timeUnixNano),
          observedTime: time(rec.observedTimeUnixNano),
          severityNumber: severityNumber(rec.severityNumber),
          severityText: nonEmpty(rec.severityText),
          eventName: eventNameOf(nonEmpty(rec.eventName) ?? undefined, attributes),
          body: bodyValue,
          attributes,
          resource,
          scope,
        };
        checkTimes(notes, out.length, record, (f) => quoteWire(f === 0 ? rec.timeUnixNano : rec.observedTimeUnixNano));
        out.push(record);
      }
    }
  }
  return out;
}
