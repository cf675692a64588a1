import { genAiMessagesInput } from '../conventions/gen-ai';
import * as events from '../conventions/gen-ai-events';
import type { Attributes, LogContentField, LogRecord, Observation, SpanEvent } from '../model/types';

/**
 * GenAI instrumentations that follow the OpenTelemetry events conventions (`@opentelemetry/instrumentation-openai`,
 * Elastic's, Mastra's exporter) send the prompt and the completion as OTLP log records tied to the span by its ids,
 * not as span attributes. Each such record is read as the span event it stands for: its event name, and its
 * attributes with the fields of its body (the message, as an AnyValue kvlist) on top. The same readers as for span
 * events then make the input and output, so a conversation looks the same whichever way it was sent.
 */

const isGenAiEvent = (r: LogRecord): boolean => r.eventName?.startsWith('gen_ai.') === true;

function asEvent(r: LogRecord): SpanEvent {
  const attributes: Attributes = { ...r.attributes };
  const body = r.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) Object.assign(attributes, body);
  else if (body !== null) attributes.content = body;
  return { name: r.eventName ?? '', time: r.time, attributes };
}

/** Input and output from the GenAI event records among `records` (any order); undefined where they hold none. */
export function logRecordsContent(records: readonly LogRecord[]): { input: unknown; output: unknown } {
  const genAi = records.filter(isGenAiEvent);
  if (genAi.length === 0) return { input: undefined, output: undefined };
  // Records of one call share a timestamp more often than not: the id breaks ties the same way on every write.
  genAi.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const span = { events: genAi.map(asEvent) };
  return {
    input:
      events.genAiDetailsInput(span, genAiMessagesInput) ??
      events.genAiMessageEventsInput(span) ??
      events.genAiContentInput(span),
    output: events.genAiDetailsOutput(span) ?? events.genAiChoiceEventsOutput(span) ?? events.genAiContentOutput(span),
  };
}

/**
 * The observation with the content its log records carry, where the span itself had none (or where records filled
 * it before: `logContent` says which). All of the span's records are passed each time, so the result does not
 * depend on which arrived first. Returns the same object when nothing changes.
 */
export function applyLogContent(o: Observation, records: readonly LogRecord[]): Observation {
  const content = logRecordsContent(records);
  const before = o.logContent ?? [];
  const fields: LogContentField[] = [];
  const next: Observation = { ...o };
  for (const field of ['input', 'output'] as const) {
    const fromLogs = before.includes(field);
    if (!fromLogs && o[field] != null) continue;
    if (content[field] === undefined) {
      if (fromLogs) fields.push(field);
      continue;
    }
    next[field] = content[field];
    fields.push(field);
  }
  if (fields.length === before.length && fields.every((f, i) => f === before[i]) && fields.length === 0) return o;
  if (fields.length > 0) next.logContent = fields;
  else delete next.logContent;
  return next;
}
