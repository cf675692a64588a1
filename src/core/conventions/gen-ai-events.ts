import type { Attributes, OtlpSpan } from '../model/types';

/** What these readers look at: the span's events (also log records turned into events, see logs/log-content.ts). */
type WithEvents = Pick<OtlpSpan, 'events'>;

import { jsonish } from './attr';

/**
 * Messages recorded as span events by GenAI instrumentations:
 * - `gen_ai.client.inference.operation.details`, which carries `gen_ai.input.messages`,
 *   `gen_ai.output.messages` and `gen_ai.system_instructions` as its own attributes;
 * - the older per-message events `gen_ai.{system,user,assistant,tool}.message` (input) and
 *   `gen_ai.choice` (output), whose attributes hold `content`, `tool_calls`, `id` or a whole `message`;
 * - the deprecated `gen_ai.content.prompt` / `gen_ai.content.completion`.
 */

const DETAILS = 'gen_ai.client.inference.operation.details';

const MESSAGE_EVENTS: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    'gen_ai.system.message': 'system',
    'gen_ai.user.message': 'user',
    'gen_ai.assistant.message': 'assistant',
    'gen_ai.tool.message': 'tool',
  }),
);

/** One message from an event's attributes, in the OpenAI chat shape the normalizer reads. */
function eventMessage(role: string, a: Attributes): Record<string, unknown> {
  const whole = jsonish(a.message ?? a.body);
  if (typeof whole === 'object' && whole !== null && !Array.isArray(whole)) return { role, ...whole };
  const m: Record<string, unknown> = { role: typeof a.role === 'string' ? a.role : role };
  if ('content' in a) m.content = jsonish(a.content);
  if ('tool_calls' in a) m.tool_calls = jsonish(a.tool_calls);
  if (role === 'tool' && typeof a.id === 'string') m.tool_call_id = a.id;
  return m;
}

/**
 * The first details event holding one of `keys`. A span carries one such event; OTLP log records may split it in
 * two (`@opentelemetry/instrumentation-openai` sends the input when the call starts, the output when it ends).
 */
function detailsEvent(span: WithEvents, keys: readonly string[]): Attributes | undefined {
  for (const e of span.events) if (e.name === DETAILS && keys.some((k) => k in e.attributes)) return e.attributes;
  return undefined;
}

const INPUT_KEYS = ['gen_ai.input.messages', 'gen_ai.system_instructions'];
const OUTPUT_KEYS = ['gen_ai.output.messages'];

/** Input from `gen_ai.client.inference.operation.details`, with the system instructions prepended. */
export function genAiDetailsInput(span: WithEvents, withSystem: (a: Attributes) => unknown): unknown {
  if (span.events.length === 0) return undefined;
  const a = detailsEvent(span, INPUT_KEYS);
  return a ? withSystem(a) : undefined;
}

export function genAiDetailsOutput(span: WithEvents): unknown {
  if (span.events.length === 0) return undefined;
  const a = detailsEvent(span, OUTPUT_KEYS);
  return a ? jsonish(a['gen_ai.output.messages']) : undefined;
}

/** Per-message events, in the order they were recorded. */
export function genAiMessageEventsInput(span: WithEvents): unknown {
  let out: Record<string, unknown>[] | undefined;
  for (const e of span.events) {
    const role = MESSAGE_EVENTS[e.name];
    if (role === undefined) continue;
    out ??= [];
    out.push(eventMessage(role, e.attributes));
  }
  return out;
}

export function genAiChoiceEventsOutput(span: WithEvents): unknown {
  let out: Record<string, unknown>[] | undefined;
  for (const e of span.events) {
    if (e.name !== 'gen_ai.choice') continue;
    out ??= [];
    out.push(eventMessage('assistant', e.attributes));
  }
  return out;
}

/** Deprecated content events: `gen_ai.content.prompt` / `gen_ai.content.completion`. */
function contentEvent(span: WithEvents, eventName: string, key: string): unknown {
  for (const e of span.events) if (e.name === eventName && key in e.attributes) return jsonish(e.attributes[key]);
  return undefined;
}

export function genAiContentInput(span: WithEvents): unknown {
  return contentEvent(span, 'gen_ai.content.prompt', 'gen_ai.prompt');
}

export function genAiContentOutput(span: WithEvents): unknown {
  return contentEvent(span, 'gen_ai.content.completion', 'gen_ai.completion');
}
