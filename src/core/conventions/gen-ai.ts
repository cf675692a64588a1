import type { Attributes, AttrValue, ObservationType, OtlpSpan, UsageDetails } from '../model/types';
import { lookupTable, setOwn } from '../otlp/safe-object';
import { jsonish, num, prefixed, str } from './attr';
import { buildUsage, inputCountsCache } from './usage';

/**
 * OpenTelemetry GenAI semantic conventions (`gen_ai.*`), current and the older names still sent
 * by OpenLLMetry (`prompt_tokens`, indexed `gen_ai.prompt.N.*`, content events).
 */

const OPERATION_TYPES = lookupTable<ObservationType>({
  chat: 'GENERATION',
  completion: 'GENERATION',
  text_completion: 'GENERATION',
  generate_content: 'GENERATION',
  generate: 'GENERATION',
  embeddings: 'EMBEDDING',
  invoke_agent: 'AGENT',
  create_agent: 'AGENT',
  execute_tool: 'TOOL',
});

export function genAiOperationType(a: Attributes): ObservationType | undefined {
  const op = str(a, 'gen_ai.operation.name');
  return op === undefined ? undefined : OPERATION_TYPES[op];
}

export function genAiToolType(a: Attributes): ObservationType | undefined {
  return 'gen_ai.tool.name' in a || 'gen_ai.tool.call.id' in a ? 'TOOL' : undefined;
}

export function genAiName(a: Attributes): string | undefined {
  return str(a, 'gen_ai.tool.name');
}

export function genAiResponseModel(a: Attributes): string | undefined {
  return str(a, 'gen_ai.response.model');
}

export function genAiRequestModel(a: Attributes): string | undefined {
  return str(a, 'gen_ai.request.model');
}

export function genAiModelParameters(a: Attributes): Record<string, AttrValue> | undefined {
  const params = prefixed(a, 'gen_ai.request.');
  if (!params) return undefined;
  delete params.model;
  return Object.keys(params).length > 0 ? params : undefined;
}

/**
 * `scope`: the instrumentation scope, whose input count may leave out the cache reads and writes (see
 * `inputCountsCache`); those are then added to the input and the total, so that they are parts of both as elsewhere.
 */
export function genAiUsage(a: Attributes, scope = ''): UsageDetails | undefined {
  const cacheRead = num(a, 'gen_ai.usage.cache_read.input_tokens') ?? num(a, 'gen_ai.usage.cache_read_input_tokens');
  const cacheWrite =
    num(a, 'gen_ai.usage.cache_creation.input_tokens') ??
    // The Anthropic SDK's spelling.
    num(a, 'gen_ai.usage.cache_write.input_tokens') ??
    num(a, 'gen_ai.usage.cache_creation_input_tokens');
  let input = num(a, 'gen_ai.usage.input_tokens') ?? num(a, 'gen_ai.usage.prompt_tokens');
  let total = num(a, 'gen_ai.usage.total_tokens') ?? num(a, 'llm.usage.total_tokens');
  if (!inputCountsCache(scope)) {
    const cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
    if (input !== undefined) input += cached;
    if (total !== undefined) total += cached;
  }
  return buildUsage({
    input,
    output: num(a, 'gen_ai.usage.output_tokens') ?? num(a, 'gen_ai.usage.completion_tokens'),
    total,
    inputDetails: {
      input_cached_tokens: cacheRead,
      input_cache_creation: cacheWrite,
      input_audio_tokens: num(a, 'gen_ai.usage.input_audio_tokens'),
    },
    outputDetails: {
      output_reasoning_tokens:
        num(a, 'gen_ai.usage.reasoning_tokens') ?? num(a, 'gen_ai.usage.reasoning.output_tokens'),
      output_audio_tokens: num(a, 'gen_ai.usage.output_audio_tokens'),
    },
  });
}

export function genAiCost(a: Attributes): UsageDetails | undefined {
  const total = num(a, 'gen_ai.usage.cost');
  return total === undefined ? undefined : { total };
}

export function genAiConversationId(a: Attributes): string | undefined {
  return str(a, 'gen_ai.conversation.id');
}

/**
 * `gen_ai.client.operation.time_to_first_chunk`, and `gen_ai.response.time_to_first_chunk` (the Anthropic SDK's, on
 * streamed calls), are in seconds after the span start.
 */
export function genAiCompletionStart(span: OtlpSpan): number | undefined {
  const seconds =
    num(span.attributes, 'gen_ai.client.operation.time_to_first_chunk') ??
    num(span.attributes, 'gen_ai.response.time_to_first_chunk');
  return seconds === undefined ? undefined : span.startTime + seconds * 1000;
}

/**
 * Indexed messages (`gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`,
 * `gen_ai.prompt.2.tool_calls.0.name`, ...) rebuilt as OpenAI-style chat messages.
 */
function indexedMessages(a: Attributes, prefix: string, first: string): Record<string, unknown>[] | undefined {
  if (!(first in a)) return undefined;
  const messages: Record<string, unknown>[] = [];
  for (const key in a) {
    if (!key.startsWith(prefix)) continue;
    const dot = key.indexOf('.', prefix.length);
    if (dot < 0) continue;
    const index = Number(key.slice(prefix.length, dot));
    if (!Number.isInteger(index) || index < 0 || index > 10000) continue;
    messages[index] ??= {};
    const message = messages[index] as Record<string, unknown>;
    const field = key.slice(dot + 1);
    const value = a[key];
    if (field.startsWith('tool_calls.')) {
      const rest = field.slice('tool_calls.'.length);
      const d = rest.indexOf('.');
      const callIndex = Number(rest.slice(0, d));
      if (d < 0 || !Number.isInteger(callIndex) || callIndex < 0 || callIndex > 10000) continue;
      message.tool_calls ??= [];
      const calls = message.tool_calls as Record<string, unknown>[];
      calls[callIndex] ??= { type: 'function', function: {} };
      const call = calls[callIndex] as { id?: AttrValue; function: Record<string, AttrValue> };
      const prop = rest.slice(d + 1);
      if (prop === 'id') call.id = value as AttrValue;
      else setOwn(call.function, prop, value as AttrValue);
    } else {
      setOwn(message, field, value);
    }
  }
  for (const m of messages) if (m && Array.isArray(m.tool_calls)) m.tool_calls = m.tool_calls.filter(Boolean);
  return messages.filter(Boolean);
}

export function genAiIndexedInput(a: Attributes): unknown {
  return indexedMessages(a, 'gen_ai.prompt.', 'gen_ai.prompt.0.role');
}

export function genAiIndexedOutput(a: Attributes): unknown {
  return indexedMessages(a, 'gen_ai.completion.', 'gen_ai.completion.0.role');
}

/** `gen_ai.input.messages`, with `gen_ai.system_instructions` prepended as a system message. */
export function genAiMessagesInput(a: Attributes): unknown {
  const messages = jsonish(a['gen_ai.input.messages']);
  const system = jsonish(a['gen_ai.system_instructions']);
  if (system === undefined) return messages;
  const parts = Array.isArray(system) ? system : [{ type: 'text', content: system }];
  const systemMessage = { role: 'system', parts };
  if (messages === undefined) return [systemMessage];
  return Array.isArray(messages) ? [systemMessage, ...messages] : messages;
}

export function genAiMessagesOutput(a: Attributes): unknown {
  return jsonish(a['gen_ai.output.messages']);
}

export function genAiToolArguments(a: Attributes): unknown {
  return jsonish(a['gen_ai.tool.call.arguments']);
}

export function genAiToolResult(a: Attributes): unknown {
  return jsonish(a['gen_ai.tool.call.result']);
}
