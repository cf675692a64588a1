import { genAiMessagesInput } from '../conventions/gen-ai';
import * as events from '../conventions/gen-ai-events';
import { langfuseInput, langfuseOutput } from '../conventions/langfuse';
import { vercelInput, vercelOutput } from '../conventions/vercel-ai';
import type { Attributes, LogContentField, LogRecord, Observation, SpanEvent } from '../model/types';
import { compareLogRecords } from './map-logs';

/**
 * GenAI instrumentations that follow the OpenTelemetry events conventions (`@opentelemetry/instrumentation-openai`,
 * Elastic's, Mastra's exporter) send the prompt and the completion as OTLP log records tied to the span by its ids,
 * not as span attributes. Each such record is read as the span event it stands for: its event name, and its
 * attributes with the fields of its body (the message, as an AnyValue kvlist) on top. The same readers as for span
 * events then make the input and output, so a conversation looks the same whichever way it was sent.
 *
 * As span events they would rank right after Langfuse's and the Vercel AI SDK's explicit attributes
 * (CONVENTIONS.md §2), so they do here: they replace what the span's other attributes gave (a span of
 * `@opentelemetry/instrumentation-openai` holds only `gen_ai.system_instructions`, its records the messages), and the
 * system instructions on the span still head the input when the records do not repeat them.
 */

const isGenAiEvent = (r: LogRecord): boolean => r.eventName?.startsWith('gen_ai.') === true;

function asEvent(r: LogRecord): SpanEvent {
  const attributes: Attributes = { ...r.attributes };
  const body = r.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) Object.assign(attributes, body);
  else if (body !== null) attributes.content = body;
  return { name: r.eventName ?? '', time: r.time, attributes };
}

/** `@opentelemetry/instrumentation-openai` repeats the span's system instructions as the first input message. */
function hasSystemMessage(messages: unknown): boolean {
  return Array.isArray(messages) && messages.some((m) => typeof m === 'object' && m !== null && m.role === 'system');
}

/** Input and output from the GenAI event records among `records` (any order); undefined where they hold none. */
export function logRecordsContent(
  records: readonly LogRecord[],
  spanAttributes: Attributes = {},
): { input: unknown; output: unknown } {
  const genAi = records.filter(isGenAiEvent);
  if (genAi.length === 0) return { input: undefined, output: undefined };
  // Records of one call share a millisecond more often than not: their order in the request breaks ties.
  genAi.sort(compareLogRecords);
  const span = { events: genAi.map(asEvent) };
  const withSystem = (a: Attributes) => {
    const instructions = spanAttributes['gen_ai.system_instructions'];
    const messages = genAiMessagesInput(a);
    if (instructions === undefined || 'gen_ai.system_instructions' in a || hasSystemMessage(messages)) return messages;
    return genAiMessagesInput({ ...a, 'gen_ai.system_instructions': instructions });
  };
  return {
    input:
      events.genAiDetailsInput(span, withSystem) ??
      events.genAiMessageEventsInput(span) ??
      events.genAiContentInput(span),
    output: events.genAiDetailsOutput(span) ?? events.genAiChoiceEventsOutput(span) ?? events.genAiContentOutput(span),
  };
}

/**
 * The observation with the content its log records carry, unless the span stated its own explicitly (Langfuse's or
 * the Vercel AI SDK's attributes). All of the span's records are passed each time, so the result does not depend on
 * which arrived first; `logContent` marks the fields they filled. Returns the same object when nothing changes.
 */
export function applyLogContent(o: Observation, records: readonly LogRecord[]): Observation {
  const content = logRecordsContent(records, o.attributes);
  if (content.input === undefined && content.output === undefined) return o;
  const explicit = {
    input: langfuseInput(o.attributes) ?? vercelInput(o.attributes),
    output: langfuseOutput(o.attributes) ?? vercelOutput(o.attributes),
  };
  const fields: LogContentField[] = [];
  const next: Observation = { ...o };
  for (const field of ['input', 'output'] as const) {
    if (explicit[field] !== undefined || content[field] === undefined) continue;
    next[field] = content[field];
    fields.push(field);
  }
  if (fields.length === 0) return o;
  next.logContent = fields;
  return next;
}
