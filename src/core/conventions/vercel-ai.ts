import type { Attributes, AttrValue, ObservationType, OtlpSpan, UsageDetails } from '../model/types';
import { lookupTable } from '../otlp/safe-object';
import { jsonAlways, jsonish, num, prefixed, str, tagList } from './attr';
import { buildUsage } from './usage';

/**
 * Vercel AI SDK `experimental_telemetry` (ai 5 and 6, instrumentation scope `ai`): `ai.*` keys.
 * ai 7 with its OpenTelemetry integration emits `gen_ai.*` instead, plus `ai.settings.context.*`
 * for the caller's context (user, session, tags), which is read here as well.
 */

const OPERATION_TYPES = lookupTable<ObservationType>({
  'ai.generateText.doGenerate': 'GENERATION',
  'ai.streamText.doStream': 'GENERATION',
  'ai.generateObject.doGenerate': 'GENERATION',
  'ai.streamObject.doStream': 'GENERATION',
  'ai.embed.doEmbed': 'EMBEDDING',
  'ai.embedMany.doEmbed': 'EMBEDDING',
  'ai.toolCall': 'TOOL',
});

const TELEMETRY = 'ai.telemetry.metadata.';
const CONTEXT = 'ai.settings.context.';

export function vercelType(a: Attributes): ObservationType | undefined {
  const op = str(a, 'ai.operationId');
  return op === undefined ? undefined : OPERATION_TYPES[op];
}

export function vercelName(a: Attributes): string | undefined {
  return str(a, 'ai.toolCall.name');
}

export function vercelModel(a: Attributes): string | undefined {
  return str(a, 'ai.model.id');
}

/** `ai.settings.*` except the caller context that ai 7 nests there. */
export function vercelModelParameters(a: Attributes): Record<string, AttrValue> | undefined {
  const settings = prefixed(a, 'ai.settings.');
  if (!settings) return undefined;
  for (const key in settings) if (key.startsWith('context.')) delete settings[key];
  return Object.keys(settings).length > 0 ? settings : undefined;
}

export function vercelUsage(a: Attributes): UsageDetails | undefined {
  const input = num(a, 'ai.usage.inputTokens') ?? num(a, 'ai.usage.promptTokens') ?? num(a, 'ai.usage.tokens');
  const output = num(a, 'ai.usage.outputTokens') ?? num(a, 'ai.usage.completionTokens');
  if (input === undefined && output === undefined) return undefined;
  return buildUsage({
    input,
    output,
    total: num(a, 'ai.usage.totalTokens'),
    inputDetails: {
      input_cached_tokens: num(a, 'ai.usage.inputTokenDetails.cacheReadTokens') ?? num(a, 'ai.usage.cachedInputTokens'),
      input_cache_creation: num(a, 'ai.usage.inputTokenDetails.cacheWriteTokens'),
    },
    outputDetails: {
      output_reasoning_tokens:
        num(a, 'ai.usage.outputTokenDetails.reasoningTokens') ?? num(a, 'ai.usage.reasoningTokens'),
    },
  });
}

/** Time to first chunk: an attribute in ms after the start, or the `ai.stream.firstChunk` event. */
export function vercelCompletionStart(span: OtlpSpan): number | undefined {
  const a = span.attributes;
  const ms = num(a, 'ai.response.msToFirstChunk') ?? num(a, 'ai.stream.msToFirstChunk');
  if (ms !== undefined) return span.startTime + ms;
  for (const e of span.events) if (e.name === 'ai.stream.firstChunk') return e.time;
  return undefined;
}

export function vercelInput(a: Attributes): unknown {
  if ('ai.prompt.messages' in a) return jsonish(a['ai.prompt.messages']);
  if ('ai.prompt' in a) return jsonish(a['ai.prompt']);
  if ('ai.toolCall.args' in a) return jsonish(a['ai.toolCall.args']);
  // Embedding inputs are JSON-encoded one by one.
  if ('ai.value' in a) return jsonAlways(a['ai.value']);
  const values = a['ai.values'];
  return Array.isArray(values) ? values.map(jsonAlways) : undefined;
}

/**
 * The model's answer. With tool calls it becomes one assistant message in the AI SDK's own
 * message shape (text part + `tool-call` parts), so the chat view shows both.
 */
export function vercelOutput(a: Attributes): unknown {
  const text = str(a, 'ai.response.text');
  const calls = jsonish(a['ai.response.toolCalls']);
  if (Array.isArray(calls) && calls.length > 0) {
    const content: unknown[] = text === undefined ? [] : [{ type: 'text', text }];
    for (const c of calls) content.push(typeof c === 'object' && c !== null ? { type: 'tool-call', ...c } : c);
    return { role: 'assistant', content };
  }
  if (text !== undefined) return text;
  if ('ai.response.object' in a) return jsonish(a['ai.response.object']);
  if ('ai.toolCall.result' in a) return jsonish(a['ai.toolCall.result']);
  return undefined;
}

export function vercelUserId(a: Attributes): string | undefined {
  return str(a, 'ai.telemetry.metadata.userId') ?? str(a, 'ai.settings.context.userId');
}

export function vercelSessionId(a: Attributes): string | undefined {
  return str(a, 'ai.telemetry.metadata.sessionId') ?? str(a, 'ai.settings.context.sessionId');
}

export function vercelTags(a: Attributes): string[] | undefined {
  return tagList(a['ai.telemetry.metadata.tags']) ?? tagList(a['ai.settings.context.tags']);
}

/** Caller metadata other than user, session and tags (those become trace fields). */
export function vercelMetadata(a: Attributes): Record<string, unknown> | undefined {
  const meta = prefixed(a, TELEMETRY) ?? prefixed(a, CONTEXT);
  if (!meta) return undefined;
  delete meta.userId;
  delete meta.sessionId;
  delete meta.tags;
  return Object.keys(meta).length > 0 ? meta : undefined;
}
