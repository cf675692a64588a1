import type { Attributes, AttrValue, Observation, SpanEvent, SpanLink, TraceBody, TraceSummary } from '../model/types';

/**
 * Stored observations back to OTLP/JSON (an ExportTraceServiceRequest), so that importing the file maps every
 * observation to the same fields again. Spans that came over OTLP keep their raw attributes, resource, scope, events
 * and links, which are what the mapping reads. Observations from the Langfuse ingestion API have no raw attributes:
 * they get the `langfuse.*` attributes that map back to the same fields.
 */

/** What the store keeps of an observation: its row and its body, without the per-delivery fields. */
export type StoredObservation = Omit<Observation, 'trace' | 'partial'>;

export type OtlpJsonAnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number | string }
  | { boolValue: boolean }
  | { arrayValue: { values: OtlpJsonAnyValue[] } }
  | { kvlistValue: { values: OtlpJsonKeyValue[] } }
  | Record<string, never>;

export interface OtlpJsonKeyValue {
  key: string;
  value: OtlpJsonAnyValue;
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpJsonKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpJsonKeyValue[] }[];
  links: { traceId: string; spanId: string; attributes: OtlpJsonKeyValue[] }[];
  status: { code: number; message?: string };
}

export interface OtlpJsonResourceSpans {
  resource: { attributes: OtlpJsonKeyValue[] };
  scopeSpans: { scope: { name: string; version?: string }; spans: OtlpJsonSpan[] }[];
}

export interface OtlpJsonRequest {
  resourceSpans: OtlpJsonResourceSpans[];
}

/** The scope the ingestion mapping gives observations from `POST /api/public/ingestion`. */
const INGESTION_SCOPE = 'langfuse-ingestion';
const SPAN_KIND_INTERNAL = 1;
const STATUS_ERROR = 2;

export function isIngestionObservation(o: StoredObservation): boolean {
  return o.scope.name === INGESTION_SCOPE && Object.keys(o.attributes).length === 0;
}

/**
 * Epoch milliseconds (fractional) as the decimal nanoseconds text the decoders read back to the identical number:
 * the whole milliseconds, then six digits of nanoseconds rounded from the exact fractional part.
 */
export function msToNanosText(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  let whole = Math.floor(ms);
  let nanos = Math.round((ms - whole) * 1e6);
  if (nanos >= 1e6) {
    whole += 1;
    nanos -= 1e6;
  }
  return whole === 0 ? String(nanos) : `${whole}${String(nanos).padStart(6, '0')}`;
}

/** A stored value as the OTLP/JSON AnyValue the decoders read back to it (span attributes, log bodies). */
export function anyValue(v: AttrValue | undefined): OtlpJsonAnyValue {
  if (v === null || v === undefined) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) return { intValue: String(v) };
    // proto3 JSON spells non-finite doubles as text.
    return { doubleValue: Number.isFinite(v) ? v : String(v) };
  }
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { kvlistValue: { values: keyValues(v) } };
}

export function keyValues(a: Attributes): OtlpJsonKeyValue[] {
  return Object.entries(a).map(([key, value]) => ({ key, value: anyValue(value) }));
}

/** Objects and arrays as JSON text (as the Langfuse SDKs write them); text and numbers as they are. */
function langfuseValue(v: unknown): AttrValue | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function setIf(a: Attributes, key: string, v: unknown): void {
  const value = langfuseValue(v);
  if (value !== undefined && value !== '') a[key] = value;
}

/** The `langfuse.*` attributes from which the mapping rebuilds an ingestion observation's fields. */
function langfuseAttributes(o: StoredObservation): Attributes {
  const a: Attributes = { 'langfuse.observation.type': o.type.toLowerCase() };
  setIf(a, 'langfuse.observation.input', o.input);
  setIf(a, 'langfuse.observation.output', o.output);
  if (Object.keys(o.metadata).length > 0) a['langfuse.observation.metadata'] = JSON.stringify(o.metadata);
  a['langfuse.observation.level'] = o.level;
  setIf(a, 'langfuse.observation.status_message', o.statusMessage);
  setIf(a, 'langfuse.observation.model.name', o.model);
  if (o.modelParameters) a['langfuse.observation.model.parameters'] = JSON.stringify(o.modelParameters);
  if (Object.keys(o.usage).length > 0) a['langfuse.observation.usage_details'] = JSON.stringify(o.usage);
  // A computed cost is computed again on import; only a cost the SDK sent travels as sent.
  if (Object.keys(o.cost).length > 0 && o.costSource !== 'computed')
    a['langfuse.observation.cost_details'] = JSON.stringify(o.cost);
  if (o.completionStartTime !== null) {
    a['langfuse.observation.completion_start_time'] = new Date(o.completionStartTime).toISOString();
  }
  setIf(a, 'langfuse.observation.prompt.name', o.promptName);
  if (o.promptVersion !== null) a['langfuse.observation.prompt.version'] = o.promptVersion;
  if (o.environment !== 'default') a['langfuse.environment'] = o.environment;
  return a;
}

/** The `langfuse.trace.*` attributes that carry a trace's own fields, for a trace built from ingestion events. */
function traceAttributes(summary: TraceSummary, body: TraceBody | null): Attributes {
  const a: Attributes = {};
  if (summary.nameIsExplicit && summary.name !== null) a['langfuse.trace.name'] = summary.name;
  setIf(a, 'langfuse.user.id', summary.userId);
  setIf(a, 'langfuse.session.id', summary.sessionId);
  if (summary.tags.length > 0) a['langfuse.trace.tags'] = [...summary.tags];
  setIf(a, 'langfuse.release', summary.release);
  setIf(a, 'langfuse.version', summary.version);
  if (summary.environment !== 'default') a['langfuse.environment'] = summary.environment;
  if (body) {
    setIf(a, 'langfuse.trace.input', body.input);
    setIf(a, 'langfuse.trace.output', body.output);
    if (Object.keys(body.metadata).length > 0) a['langfuse.trace.metadata'] = JSON.stringify(body.metadata);
  }
  return a;
}

/**
 * The span status that maps back to the same level and message: the stored observation keeps the level and the
 * message the mapping derived, not the wire status, so ERROR (without a level attribute that decides it) becomes
 * STATUS_CODE_ERROR and the message is carried as the status message.
 */
function statusOf(o: StoredObservation, attributes: Attributes): OtlpJsonSpan['status'] {
  const levelFromAttribute = 'langfuse.observation.level' in attributes;
  const code = o.level === 'ERROR' && !levelFromAttribute ? STATUS_ERROR : 0;
  const fromAttribute = typeof attributes['langfuse.observation.status_message'] === 'string';
  return o.statusMessage !== null && !fromAttribute ? { code, message: o.statusMessage } : { code };
}

function events(list: SpanEvent[]): OtlpJsonSpan['events'] {
  return list.map((e) => ({ timeUnixNano: msToNanosText(e.time), name: e.name, attributes: keyValues(e.attributes) }));
}

function links(list: SpanLink[]): OtlpJsonSpan['links'] {
  return list.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes) }));
}

/** FNV-1a over the text, 32 bits, with a seed so that several calls give independent digits. */
function fnv(text: string, seed: number): string {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const isHexId = (id: string, digits: number) => id.length === digits && /^[0-9a-f]+$/.test(id) && /[1-9a-f]/.test(id);

/**
 * An OTLP id for an id that is not one (the legacy Langfuse SDKs use UUIDs, or any text): a UUID keeps its 32 hex
 * digits as a trace id; anything else is hashed, the same way every time, so parents and children still match.
 */
function otlpId(id: string, digits: 16 | 32): string {
  if (isHexId(id, digits)) return id;
  const hex = id.replace(/-/g, '').toLowerCase();
  if (isHexId(hex, digits)) return hex;
  let out = '';
  for (let seed = 0; out.length < digits; seed++) out += fnv(id, seed);
  return out.slice(0, digits);
}

function toOtlpSpan(o: StoredObservation, extra?: Attributes): OtlpJsonSpan {
  const ingestion = isIngestionObservation(o);
  const attributes = ingestion ? { ...langfuseAttributes(o), ...extra } : o.attributes;
  const span: OtlpJsonSpan = {
    traceId: ingestion ? otlpId(o.traceId, 32) : o.traceId,
    spanId: ingestion ? otlpId(o.id, 16) : o.id,
    name: o.name,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: msToNanosText(o.startTime),
    endTimeUnixNano: msToNanosText(o.endTime ?? 0),
    attributes: keyValues(attributes),
    events: events(o.events),
    links: links(o.links),
    status: statusOf(o, attributes),
  };
  if (o.parentId !== null) span.parentSpanId = ingestion ? otlpId(o.parentId, 16) : o.parentId;
  return span;
}

/**
 * One trace as the `resourceSpans` of a request: spans grouped by resource and scope, as an SDK sends them. The
 * trace's own fields go onto its root span when the trace came from ingestion events (OTLP spans carry theirs).
 */
export function traceResourceSpans(
  observations: StoredObservation[],
  summary?: TraceSummary,
  body?: TraceBody | null,
): OtlpJsonResourceSpans[] {
  const groups = new Map<string, OtlpJsonResourceSpans>();
  const scopes = new Map<string, OtlpJsonResourceSpans['scopeSpans'][number]>();
  const root = observations.find((o) => o.isRoot) ?? observations[0];
  for (const o of observations) {
    const ingestion = isIngestionObservation(o);
    const extra = ingestion && summary && o === root ? traceAttributes(summary, body ?? null) : undefined;
    const resource = ingestion ? {} : o.resource;
    const resourceKey = JSON.stringify(resource);
    let group = groups.get(resourceKey);
    if (!group) {
      group = { resource: { attributes: keyValues(resource) }, scopeSpans: [] };
      groups.set(resourceKey, group);
    }
    const scopeKey = `${resourceKey}\n${o.scope.name}\n${o.scope.version ?? ''}`;
    let scope = scopes.get(scopeKey);
    if (!scope) {
      scope = {
        scope: o.scope.version === null ? { name: o.scope.name } : { ...o.scope, version: o.scope.version },
        spans: [],
      };
      scopes.set(scopeKey, scope);
      group.scopeSpans.push(scope);
    }
    scope.spans.push(toOtlpSpan(o, extra));
  }
  return [...groups.values()];
}
