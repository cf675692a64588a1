import {
  AgentQueryError,
  type AgentQueryOps,
  type MessageOut,
  type ObservationResult,
  VALUE_FIELDS,
  type ValueOut,
  type ValuePage,
} from '@core/mcp/agent-queries';
import { clip, INLINE_CHARS, PAGE_CHARS, type ValueRef, valueText } from '@core/mcp/clip';
import { intArg, iso, short } from '@core/mcp/items';
import { extractToolDefinitions, toChatMessages } from '@core/messages/normalize';
import type { LogRecord, ObservationBody, SpanEvent } from '@core/model/types';
import { noTrace } from './agent-query-traces';
import type { LoupeDb } from './db';
import { observationBody, observationWithBody, spanLogs, traceWithBody } from './queries';
import { observationScores } from './scores';

/** Messages, events and log records shown with an observation; the counts say how many more there are. */
const MESSAGES_SHOWN = 50;
const EVENTS_SHOWN = 20;
const LOGS_SHOWN = 20;
/** Each message's text, event's attributes and log body is cut shorter than a whole value. */
const PART_CHARS = 1_000;

function noObservation(traceId: string, observationId: string): AgentQueryError {
  return new AgentQueryError(
    `trace ${JSON.stringify(traceId)} has no observation with id ${JSON.stringify(observationId)}; get_trace lists its observations with their ids`,
  );
}

/** A value as messages when it is a conversation, and always as cut text. */
function valueOut(value: unknown, ref: ValueRef): ValueOut {
  const text = valueText(value);
  const out: ValueOut = { text: clip(text, INLINE_CHARS, ref).text, chars: text.length };
  const messages = toChatMessages(value);
  if (messages && messages.length > 0) {
    out.messages = messages.slice(-MESSAGES_SHOWN).map((m): MessageOut => {
      const { images, text: messageText, ...rest } = m;
      const shown: MessageOut = { ...rest, text: clip(messageText, PART_CHARS, null).text };
      shown.toolCalls = m.toolCalls.map((c) => ({ ...c, arguments: clip(c.arguments, PART_CHARS, null).text }));
      if (images && images.length > 0) shown.images = images.length;
      return shown;
    });
    // Cut messages say so in their text; the whole value is still there through read_value.
    if (messages.length > MESSAGES_SHOWN)
      out.messages.unshift({
        role: 'note',
        text: `${messages.length - MESSAGES_SHOWN} earlier messages left out`,
        toolCalls: [],
      });
  }
  return out;
}

/**
 * Parameters, usage and cost are small maps, but a sender decides their size: one too big to show is replaced by its
 * cut JSON text under `truncated` (the raw values are in the attributes, which read_value pages through).
 */
function boundedMap<V>(map: Record<string, V> | null, ref: ValueRef | null): Record<string, V> | null {
  if (map === null) return null;
  const text = valueText(map);
  if (text.length <= INLINE_CHARS) return map;
  return { truncated: clip(text, INLINE_CHARS, ref).text } as unknown as Record<string, V>;
}

const eventText = (e: SpanEvent) => ({ name: e.name, time: iso(e.time), attributes: valueText(e.attributes) });
const logText = (r: LogRecord) => ({
  time: iso(r.time),
  severity: r.severityText,
  event: r.eventName,
  body: valueText(r.body),
});

export async function getObservation(
  db: LoupeDb,
  arg: AgentQueryOps['getObservation']['arg'],
): Promise<ObservationResult> {
  const { traceId, observationId } = arg;
  const found = await observationWithBody(db, traceId, observationId);
  if (!found) {
    if (!(await db.traces.get(traceId))) throw noTrace(traceId);
    throw noObservation(traceId, observationId);
  }
  const { row, body } = found;
  const [logs, scores] = await Promise.all([
    spanLogs(db, traceId, observationId),
    observationScores(db, observationId),
  ]);
  const ref = (field: string): ValueRef => ({ traceId, observationId, field });
  const events = body?.events ?? [];
  return {
    traceId,
    id: row.id,
    parentId: row.parentId,
    type: row.type,
    name: short(row.name) ?? '',
    model: short(row.model),
    modelParameters: boundedMap(row.modelParameters, ref('attributes')),
    start: iso(row.startTime),
    end: row.endTime === null ? null : iso(row.endTime),
    durationMs: row.endTime === null ? null : Math.max(0, row.endTime - row.startTime),
    timeToFirstTokenMs: row.completionStartTime === null ? null : Math.max(0, row.completionStartTime - row.startTime),
    level: row.level,
    statusMessage: row.statusMessage === null ? null : clip(row.statusMessage, INLINE_CHARS, null).text,
    exception: row.exception
      ? {
          ...row.exception,
          message: clip(row.exception.message, INLINE_CHARS, null).text,
          ...(row.exception.stacktrace ? { stacktrace: clip(row.exception.stacktrace, INLINE_CHARS, null).text } : {}),
        }
      : null,
    usage: boundedMap(row.usage, null) ?? {},
    cost: boundedMap(row.cost, null) ?? {},
    costSource: row.costSource ?? null,
    prompt: row.promptName ? { name: row.promptName, version: row.promptVersion } : null,
    serviceName: row.serviceName,
    environment: row.environment,
    input: valueOut(body?.input, ref('input')),
    output: valueOut(body?.output, ref('output')),
    tools: extractToolDefinitions(body?.input, body?.attributes)
      .slice(0, 50)
      .map((t) => ({ name: t.name, description: clip(t.description ?? '', 300, null).text })),
    metadata: clip(valueText(body?.metadata ?? {}), INLINE_CHARS, ref('metadata')).text,
    attributes: clip(valueText(body?.attributes ?? {}), INLINE_CHARS, ref('attributes')).text,
    events: events.slice(0, EVENTS_SHOWN).map((e) => {
      const shown = eventText(e);
      return { ...shown, attributes: clip(shown.attributes, PART_CHARS, null).text };
    }),
    eventCount: events.length,
    logs: logs.records.slice(0, LOGS_SHOWN).map((r) => {
      const shown = logText(r);
      return { ...shown, body: clip(shown.body, PART_CHARS, null).text };
    }),
    logCount: logs.total,
    scores: scores.map((s) => ({ name: s.name, value: s.value ?? s.stringValue, comment: s.comment })),
    sameCallAs: row.sameCallAs ?? null,
  };
}

/** The whole text of one field, as `read_value` pages through it. */
async function fieldText(db: LoupeDb, traceId: string, observationId: string | undefined, field: string) {
  if (observationId === undefined) {
    const stored = await traceWithBody(db, traceId);
    if (!stored) throw noTrace(traceId);
    const body = stored.body;
    if (field === 'input') return valueText(body?.input);
    if (field === 'output') return valueText(body?.output);
    if (field === 'metadata') return valueText(body?.metadata ?? {});
    throw new AgentQueryError(
      `a trace has input, output and metadata; ${field} is read from an observation (pass observationId)`,
    );
  }
  const body: ObservationBody | null = await observationBody(db, traceId, observationId);
  if (!body) {
    if (!(await db.traces.get(traceId))) throw noTrace(traceId);
    throw noObservation(traceId, observationId);
  }
  switch (field) {
    case 'events':
      return valueText(body.events.map(eventText));
    case 'logs':
      return valueText((await spanLogs(db, traceId, observationId)).records.map(logText));
    default:
      return valueText(body[field as 'input' | 'output' | 'metadata' | 'attributes']);
  }
}

export async function readValue(db: LoupeDb, arg: AgentQueryOps['readValue']['arg']): Promise<ValuePage> {
  if (!VALUE_FIELDS.includes(arg.field))
    throw new AgentQueryError(`field must be one of ${VALUE_FIELDS.join(', ')}; got ${JSON.stringify(arg.field)}`);
  const offset = intArg(arg.offset, 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
  const text = await fieldText(db, arg.traceId, arg.observationId, arg.field);
  const ref: ValueRef = { traceId: arg.traceId, observationId: arg.observationId ?? null, field: arg.field };
  const page = clip(text, PAGE_CHARS, ref, offset);
  return {
    traceId: arg.traceId,
    observationId: arg.observationId ?? null,
    field: arg.field,
    offset: Math.min(offset, text.length),
    text: page.text,
    total: page.total,
    nextOffset: page.nextOffset,
  };
}
