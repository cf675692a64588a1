import {
  type Level,
  type Observation,
  type ObservationType,
  SCORE_DATA_TYPES,
  type Score,
  type ScoreDataType,
  type TracePatch,
  type TraceUpsert,
} from '../model/types';
import { lookupTable } from '../otlp/safe-object';
import { MAX_TIME_MS } from '../otlp/wire-notes';
import { ingestionUsage } from './langfuse-ingestion-usage';
import { parseLevel } from './level';

/**
 * The legacy Langfuse ingestion API (`POST /api/public/ingestion`, CONVENTIONS.md §4): one envelope of events,
 * each mapped on its own. Every observation event becomes a partial observation holding only the fields its body
 * sets, because events arrive out of causal order: an update can come before its create.
 */

type Json = Record<string, unknown>;

export type MappedEvent =
  | { kind: 'observation'; observation: Observation }
  | { kind: 'trace'; trace: TraceUpsert }
  | { kind: 'score'; score: Score }
  | { kind: 'dropped' };

/** One event Loupe cannot use; the message goes into the 207 reply's `errors`. */
export class IngestionEventError extends Error {}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Observation types by event type; `observation-*` events name theirs in the body. */
const OBSERVATION_EVENTS = lookupTable<ObservationType | null>({
  'span-create': 'SPAN',
  'span-update': 'SPAN',
  'generation-create': 'GENERATION',
  'generation-update': 'GENERATION',
  'event-create': 'EVENT',
  'agent-create': 'AGENT',
  'tool-create': 'TOOL',
  'chain-create': 'CHAIN',
  'retriever-create': 'RETRIEVER',
  'evaluator-create': 'EVALUATOR',
  'embedding-create': 'EMBEDDING',
  'guardrail-create': 'GUARDRAIL',
  'observation-create': null,
  'observation-update': null,
});

const OBSERVATION_TYPE_NAMES = lookupTable<ObservationType>({
  SPAN: 'SPAN',
  EVENT: 'EVENT',
  GENERATION: 'GENERATION',
  AGENT: 'AGENT',
  TOOL: 'TOOL',
  CHAIN: 'CHAIN',
  RETRIEVER: 'RETRIEVER',
  EVALUATOR: 'EVALUATOR',
  EMBEDDING: 'EMBEDDING',
  GUARDRAIL: 'GUARDRAIL',
});

/**
 * ISO text or epoch ms to epoch ms; `what` names the field when it is not a time Loupe can place. A time before
 * 1970 or after 2200 is refused like text that is not a time: Date cannot show 1e300, and no SDK clock is that far
 * off. The optional times (endTime, completionStartTime) refuse the event too, rather than being dropped: the event
 * carries the observation's only copy of them, and a generation stored without its end would look still running.
 */
function time(v: unknown, what: string): number {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  const shown = JSON.stringify(v)?.slice(0, 80) ?? String(v);
  if (!Number.isFinite(ms)) {
    throw new IngestionEventError(`${what} is not a timestamp: ${shown}; send ISO 8601 text or epoch milliseconds`);
  }
  if (ms < 0 || ms > MAX_TIME_MS) {
    const side = ms < 0 ? 'before 1970-01-01' : 'after 2200-01-01';
    throw new IngestionEventError(`${what} ${shown} is ${side}; send ISO 8601 text or epoch milliseconds`);
  }
  return ms;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function requiredText(body: Json, key: string): string {
  const v = body[key];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new IngestionEventError(
    `body.${key} is missing; every ${key === 'id' ? 'event body' : 'observation'} needs one`,
  );
}

const has = (body: Json, key: string) => body[key] !== undefined;

function mapObservation(eventType: string, fixedType: ObservationType | null, body: Json, at: number): Observation {
  const id = requiredText(body, 'id');
  const traceId = requiredText(body, 'traceId');
  const present = new Set<keyof Observation>(['traceId', 'id']);
  const isCreate = eventType.endsWith('-create');
  const typeName = typeof body.type === 'string' ? OBSERVATION_TYPE_NAMES[body.type.toUpperCase()] : undefined;
  const type = fixedType ?? typeName ?? 'SPAN';
  if (fixedType || typeName || isCreate) present.add('type');
  const startTime = has(body, 'startTime') ? time(body.startTime, 'body.startTime') : at;
  if (has(body, 'startTime') || isCreate) present.add('startTime');
  let endTime: number | null = null;
  if (has(body, 'endTime')) {
    endTime = body.endTime === null ? null : time(body.endTime, 'body.endTime');
    present.add('endTime');
  } else if (type === 'EVENT') {
    // Events are points in time: Langfuse gives them an end equal to their start.
    endTime = startTime;
    present.add('endTime');
  }
  const parentId = text(body.parentObservationId) || null;
  if (Object.hasOwn(body, 'parentObservationId') || isCreate) present.add('parentId').add('isRoot');
  const level: Level = parseLevel(body.level) ?? 'DEFAULT';
  const { usage, cost } = ingestionUsage(body);
  const promptVersion = typeof body.promptVersion === 'number' ? body.promptVersion : null;
  const fields: Partial<Record<keyof Observation, boolean>> = {
    name: has(body, 'name'),
    completionStartTime: has(body, 'completionStartTime'),
    level: parseLevel(body.level) !== undefined,
    statusMessage: has(body, 'statusMessage'),
    model: has(body, 'model'),
    modelParameters: isObject(body.modelParameters),
    usage: usage !== undefined,
    cost: cost !== undefined,
    promptName: has(body, 'promptName'),
    promptVersion: has(body, 'promptVersion'),
    environment: typeof body.environment === 'string',
    input: has(body, 'input'),
    output: has(body, 'output'),
    metadata: isObject(body.metadata),
    version: text(body.version) !== undefined,
  };
  for (const [key, set] of Object.entries(fields)) if (set) present.add(key as keyof Observation);
  return {
    traceId,
    id,
    parentId,
    isRoot: parentId === null,
    type,
    name: text(body.name) ?? '',
    startTime,
    endTime,
    completionStartTime:
      has(body, 'completionStartTime') && body.completionStartTime !== null
        ? time(body.completionStartTime, 'body.completionStartTime')
        : null,
    level,
    statusMessage: text(body.statusMessage) ?? null,
    model: text(body.model) ?? null,
    modelParameters: isObject(body.modelParameters) ? (body.modelParameters as Observation['modelParameters']) : null,
    usage: usage ?? {},
    cost: cost ?? {},
    promptName: text(body.promptName) ?? null,
    promptVersion,
    environment: text(body.environment) ?? 'default',
    serviceName: null,
    input: body.input ?? null,
    output: body.output ?? null,
    metadata: isObject(body.metadata) ? body.metadata : {},
    attributes: {},
    resource: {},
    scope: { name: 'langfuse-ingestion', version: null },
    events: [],
    links: [],
    trace: {},
    ...(text(body.version) !== undefined ? { version: text(body.version) } : {}),
    // The SDK's own cost; a computed one is added per batch (IngestionCostMemory), once model and usage are known.
    ...(cost !== undefined ? { costSource: 'sdk' as const } : {}),
    partial: [...present, ...(cost !== undefined ? (['costSource'] as const) : [])],
  };
}

function mapTrace(body: Json, at: number): TraceUpsert {
  const traceId = requiredText(body, 'id');
  const patch: TracePatch = {};
  for (const key of ['name', 'userId', 'sessionId', 'release', 'version', 'environment'] as const) {
    const v = text(body[key]);
    if (v !== undefined) patch[key] = v;
  }
  if (has(body, 'input')) patch.input = body.input;
  if (has(body, 'output')) patch.output = body.output;
  if (isObject(body.metadata)) patch.metadata = body.metadata;
  if (Array.isArray(body.tags)) patch.tags = body.tags.filter((t): t is string => typeof t === 'string');
  if (typeof body.public === 'boolean') patch.public = body.public;
  const timestamp = has(body, 'timestamp') ? time(body.timestamp, 'body.timestamp') : at;
  return { traceId, timestamp, patch };
}

function mapScore(body: Json, eventId: string, at: number): Score {
  const name = text(body.name);
  if (!name) throw new IngestionEventError('body.name is missing; every score needs a name');
  const raw = body.value;
  if (typeof raw !== 'number' && typeof raw !== 'string' && typeof raw !== 'boolean') {
    throw new IngestionEventError(`body.value must be a number, a string or a boolean, not ${JSON.stringify(raw)}`);
  }
  const declared = typeof body.dataType === 'string' ? body.dataType.toUpperCase() : undefined;
  const dataType: ScoreDataType =
    declared && (SCORE_DATA_TYPES as readonly string[]).includes(declared)
      ? (declared as ScoreDataType)
      : typeof raw === 'string'
        ? 'CATEGORICAL'
        : typeof raw === 'boolean'
          ? 'BOOLEAN'
          : 'NUMERIC';
  let value: number | null = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : null;
  let stringValue: string | null = typeof raw === 'string' ? raw : null;
  if (dataType === 'BOOLEAN' && value !== null) stringValue = value === 1 ? 'True' : 'False';
  if (dataType === 'NUMERIC' && value === null && stringValue !== null && Number.isFinite(Number(stringValue))) {
    value = Number(stringValue);
    stringValue = null;
  }
  return {
    id: text(body.id) || eventId,
    traceId: text(body.traceId) || null,
    observationId: text(body.observationId) || null,
    sessionId: text(body.sessionId) || null,
    name,
    value,
    stringValue,
    dataType,
    comment: text(body.comment) ?? null,
    timestamp: has(body, 'timestamp') ? time(body.timestamp, 'body.timestamp') : at,
    environment: text(body.environment) ?? 'default',
    metadata: isObject(body.metadata) ? body.metadata : {},
  };
}

/** How deep input, output and metadata may nest: deeper values could not be stored or shown without recursion limits. */
const MAX_BODY_DEPTH = 200;

/** Whether a parsed JSON value nests deeper than `max`, checked without recursion (the input may be hostile). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Maps one event of the envelope. Throws IngestionEventError, with what is wrong, for an event it cannot use. */
export function mapIngestionEvent(event: unknown): MappedEvent {
  if (!isObject(event)) throw new IngestionEventError('the event is not an object');
  const type = text(event.type);
  if (!type) throw new IngestionEventError('the event has no type');
  if (type === 'sdk-log') return { kind: 'dropped' };
  const body = event.body;
  if (!isObject(body)) throw new IngestionEventError(`the ${type} event has no body object`);
  if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
    throw new IngestionEventError(`the ${type} event's body nests deeper than ${MAX_BODY_DEPTH} levels; flatten it`);
  }
  const at = has(event, 'timestamp') ? time(event.timestamp, 'timestamp') : Date.now();
  if (type === 'trace-create') return { kind: 'trace', trace: mapTrace(body, at) };
  if (type === 'score-create') return { kind: 'score', score: mapScore(body, text(event.id) ?? '', at) };
  if (Object.hasOwn(OBSERVATION_EVENTS, type)) {
    return { kind: 'observation', observation: mapObservation(type, OBSERVATION_EVENTS[type] ?? null, body, at) };
  }
  throw new IngestionEventError(`unknown event type "${type}"`);
}

/** The events of a request body; throws IngestionEventError when it is not an ingestion envelope at all. */
export function ingestionEvents(root: unknown): unknown[] {
  if (!isObject(root) || !Array.isArray(root.batch)) {
    throw new IngestionEventError('the body must be an object with a "batch" array of events');
  }
  return root.batch;
}
