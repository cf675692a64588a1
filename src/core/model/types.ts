/**
 * The observation model: what every convention mapper produces and every view reads.
 * Views never read raw span attributes except to show them raw.
 */

import type { PackedValues } from './packed-values';

export const OBSERVATION_TYPES = [
  'SPAN',
  'EVENT',
  'GENERATION',
  'AGENT',
  'TOOL',
  'CHAIN',
  'RETRIEVER',
  'EVALUATOR',
  'EMBEDDING',
  'GUARDRAIL',
] as const;
export type ObservationType = (typeof OBSERVATION_TYPES)[number];

/** Ordered from least to most severe: the index is the severity. */
export const LEVELS = ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'] as const;
export type Level = (typeof LEVELS)[number];

/** An OTLP attribute value after decoding: kvlists become objects, bytes become base64 strings. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface SpanEvent {
  name: string;
  /** Epoch milliseconds (fractional: nanosecond inputs keep sub-millisecond precision). */
  time: number;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** One span exactly as the wire said, in plain form: ids in lowercase hex, times in epoch milliseconds. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  /** Absent for roots. */
  parentSpanId: string | null;
  name: string;
  kind: number;
  startTime: number;
  endTime: number;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  status: { code: number; message: string | null };
  resource: Attributes;
  scope: { name: string; version: string | null };
}

/** Trace-level facts a span carries (CONVENTIONS.md §3); merged into the trace as spans arrive. */
export interface TracePatch {
  name?: string;
  input?: unknown;
  output?: unknown;
  userId?: string;
  sessionId?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  release?: string;
  version?: string;
  environment?: string;
  public?: boolean;
}

export interface ObservationException {
  type?: string;
  message: string;
  stacktrace?: string;
}

/** Usage and cost keyed by usage type: `input`, `output`, `total`, `input_cached_tokens`, ... */
export type UsageDetails = Record<string, number>;

export interface Observation {
  traceId: string;
  /** The span id. */
  id: string;
  parentId: string | null;
  /**
   * True when the span has no parent or asks to be treated as a root: `langfuse.internal.as_root` (trace root) or
   * `langfuse.internal.is_app_root` (its parent is never exported). A declared root with a parent stays under it
   * when the parent does arrive.
   */
  isRoot: boolean;
  type: ObservationType;
  name: string;
  startTime: number;
  endTime: number | null;
  completionStartTime: number | null;
  level: Level;
  statusMessage: string | null;
  model: string | null;
  modelParameters: Record<string, AttrValue> | null;
  usage: UsageDetails;
  cost: UsageDetails;
  promptName: string | null;
  promptVersion: number | null;
  environment: string;
  serviceName: string | null;
  /**
   * On the way from the server to the store only: which of input and output were left out because an attribute holds
   * them (packed-values.ts). Never stored.
   */
  from?: PackedValues;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
  /** Raw, for the "attributes" view: every attribute as sent. */
  attributes: Attributes;
  resource: Attributes;
  scope: { name: string; version: string | null };
  events: SpanEvent[];
  links: SpanLink[];
  /** Trace-level fields this span contributes. */
  trace: TracePatch;
  /** The first recorded exception (OTel `exception` span event), kept whole for the error view. */
  exception?: ObservationException;
  /** Where `cost` came from: sent by the SDK, or computed from the price table. Absent when there is no cost. */
  costSource?: 'sdk' | 'computed';
  /**
   * `inferred` when the SDK sent no usage and Loupe counted the input and output tokens with the model's tokenizer,
   * as Langfuse does (cost/count-tokens.ts); a computed cost is then inferred too. Absent for usage as sent.
   */
  usageSource?: 'inferred';
  /** Usage keys read under Loupe's name that the SDK spelled another way, e.g. `{ input: 'prompt_tokens' }`. */
  usageAliases?: Record<string, string>;
  /** `langfuse.version` (propagated by the SDK to every span in scope), else the resource's `service.version`. */
  version?: string;
  /** The user and session the span carries, as Langfuse stores them on each observation too. */
  userId?: string;
  sessionId?: string;
  /**
   * Set when this observation records a model call that another one of the trace records too and that counts through
   * that one (its id): an instrumentation's span and the provider SDK's own span of the same call. Set by the writer
   * (trace/same-call.ts), never by the mappers; such an observation counts in no total.
   */
  sameCallAs?: string;
  /**
   * Set on an update that carries only some fields (Langfuse ingestion events, which may arrive before their create):
   * the writer merges just these fields onto the stored observation, and stores the rest of this one only when
   * nothing was stored yet. Absent on a complete observation, which replaces the stored one.
   */
  partial?: (keyof Observation)[];
  /**
   * Which of `input` and `output` came from the span's OTLP log records (GenAI events sent as logs) rather than
   * from the span: set by the writer, so that records arriving later can fill them again. Mappers never set it.
   */
  logContent?: LogContentField[];
}

export type LogContentField = 'input' | 'output';

/** One OTLP log record in plain form: ids in lowercase hex ('' when the record has none), times in epoch ms. */
export interface LogRecord {
  /** The same for every delivery of the same record, so that storing is idempotent. */
  id: string;
  traceId: string;
  spanId: string;
  /** `timeUnixNano`, else `observedTimeUnixNano`, else when Loupe received it. */
  time: number;
  /** Its position in the export request: orders records that share a time (SDKs stamp whole milliseconds). */
  order: number;
  severityNumber: number;
  severityText: string | null;
  /** The record's `event_name`, else its `event.name` attribute; null for a plain log line. */
  eventName: string | null;
  body: AttrValue;
  attributes: Attributes;
  resource: Attributes;
  scope: { name: string; version: string | null };
}

/** A trace-level upsert without an observation (Langfuse `trace-create`): only the fields set in `patch` change. */
export interface TraceUpsert {
  traceId: string;
  /** Epoch ms: the trace's timestamp, used as its start when nothing else is known. */
  timestamp: number;
  patch: TracePatch;
}

export const SCORE_DATA_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'CORRECTION', 'TEXT'] as const;
export type ScoreDataType = (typeof SCORE_DATA_TYPES)[number];

/** An evaluation attached to a trace, an observation or a session (Langfuse `score-create`). */
export interface Score {
  id: string;
  traceId: string | null;
  observationId: string | null;
  sessionId: string | null;
  name: string;
  /** Numeric and boolean scores (1 / 0); null for categorical and text ones. */
  value: number | null;
  /** Categorical and text scores; `True` / `False` for boolean ones. */
  stringValue: string | null;
  dataType: ScoreDataType;
  comment: string | null;
  /** Epoch ms. */
  timestamp: number;
  environment: string;
  metadata: Record<string, unknown>;
}

/** A model a trace called, and when it first did. */
export interface TraceModel {
  model: string;
  /** Epoch ms: the earliest start of an observation naming the model. */
  at: number;
}

/** The trace row the list shows: aggregates merged as observations arrive, in any order. */
export interface TraceSummary {
  id: string;
  /** `langfuse.trace.name`, else the root observation's name, else null until one arrives. */
  name: string | null;
  /** True once the name came from `langfuse.trace.name` (it then beats the root's name). */
  nameIsExplicit: boolean;
  startTime: number;
  endTime: number;
  latencyMs: number;
  observationCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  totalCost: number;
  worstLevel: Level;
  /**
   * The root observation's level, which decides whether the run failed (trace/status.ts); absent until the root
   * arrives and in summaries stored before it was kept.
   */
  rootLevel?: Level;
  errorCount: number;
  rootObservationId: string | null;
  userId: string | null;
  sessionId: string | null;
  tags: string[];
  environment: string;
  release: string | null;
  version: string | null;
  /** `langfuse.trace.public` as last stated; absent when no span stated it (and in summaries stored before). */
  public?: boolean;
  /** Epoch ms of the last merge, for "updated" ordering and live highlighting. */
  updatedAt: number;
  /**
   * The distinct models the trace's observations named, each with the earliest start of an observation naming it,
   * in that order (call order, whatever the order of arrival), at most MAX_TRACE_MODELS; absent when none (and in
   * summaries stored before it was kept: the list reads those from the rows).
   */
  models?: TraceModel[];
  /** OTLP log records stored for the trace; absent when none. */
  logCount?: number;
  /** Set while the trace's times come only from its log records: its first observation replaces them. */
  timesFromLogs?: true;
  /** Provider SDK call spans stored before their parent, by the parent's id (trace/same-call.ts); absent when none. */
  pendingSameCalls?: Record<string, string>;
}

/** Trace-level values too big for the list row; loaded with the trace view. */
export interface TraceBody {
  id: string;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
}

/** The small, indexed part of an observation that lists, trees and timelines read. */
export type ObservationRow = Omit<
  Observation,
  'input' | 'output' | 'metadata' | 'attributes' | 'resource' | 'events' | 'links' | 'trace' | 'partial' | 'logContent'
>;

/** The big part, loaded on demand when one observation is inspected. */
export interface ObservationBody {
  traceId: string;
  id: string;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
  attributes: Attributes;
  resource: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  logContent?: LogContentField[];
}

export function splitObservation(o: Observation): { row: ObservationRow; body: ObservationBody } {
  const {
    input,
    output,
    metadata,
    attributes,
    resource,
    events,
    links,
    trace: _trace,
    partial: _partial,
    from: _from,
    logContent,
    ...row
  } = o;
  const body: ObservationBody = {
    traceId: o.traceId,
    id: o.id,
    input,
    output,
    metadata,
    attributes,
    resource,
    events,
    links,
  };
  if (logContent) body.logContent = logContent;
  return { row, body };
}
