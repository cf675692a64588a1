import type { Attributes, AttrValue, ObservationType, OtlpSpan, UsageDetails } from '../model/types';
import { lookupTable } from '../otlp/safe-object';
import { isRecord, jsonAlways, jsonish, jsonObject, num, prefixed, str, tagList, toNumber } from './attr';
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

/** `ai.operationId`, else the first word of `operation.name` (`ai.generateText.doGenerate my-function`). */
function operationId(a: Attributes): string | undefined {
  const id = str(a, 'ai.operationId');
  if (id !== undefined) return id;
  const name = str(a, 'operation.name');
  if (name === undefined || !name.startsWith('ai.')) return undefined;
  const space = name.indexOf(' ');
  return space < 0 ? name : name.slice(0, space);
}

export function vercelType(a: Attributes): ObservationType | undefined {
  const op = operationId(a);
  return op === undefined ? undefined : OPERATION_TYPES[op];
}

/** The tool's name on tool calls; else `functionId:operationId` when the caller named the function. */
export function vercelName(a: Attributes): string | undefined {
  const tool = str(a, 'ai.toolCall.name');
  if (tool !== undefined) return tool;
  const functionId = str(a, 'ai.telemetry.functionId');
  const op = functionId === undefined ? undefined : operationId(a);
  return op === undefined ? undefined : `${functionId}:${op}`;
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

/**
 * Cache and reasoning counts some providers report only in `ai.response.providerMetadata`
 * (ai 5: Anthropic cache reads and writes, OpenAI cached and reasoning tokens). Parsed only when
 * the `ai.usage.*` keys lack them.
 */
function providerUsage(a: Attributes): { cacheRead?: number; cacheWrite?: number; reasoning?: number } {
  const meta = jsonObject(a, 'ai.response.providerMetadata');
  if (!meta) return {};
  const out: { cacheRead?: number; cacheWrite?: number; reasoning?: number } = {};
  const anthropic = isRecord(meta.anthropic) ? meta.anthropic : undefined;
  const openai = isRecord(meta.openai) ? meta.openai : undefined;
  const read = toNumber(anthropic?.cacheReadInputTokens) ?? toNumber(openai?.cachedPromptTokens);
  const write = toNumber(anthropic?.cacheCreationInputTokens);
  const reasoning = toNumber(openai?.reasoningTokens);
  if (read !== undefined) out.cacheRead = read;
  if (write !== undefined) out.cacheWrite = write;
  if (reasoning !== undefined) out.reasoning = reasoning;
  return out;
}

export function vercelUsage(a: Attributes): UsageDetails | undefined {
  const input = num(a, 'ai.usage.inputTokens') ?? num(a, 'ai.usage.promptTokens') ?? num(a, 'ai.usage.tokens');
  const output = num(a, 'ai.usage.outputTokens') ?? num(a, 'ai.usage.completionTokens');
  if (input === undefined && output === undefined) return undefined;
  let cacheRead = num(a, 'ai.usage.inputTokenDetails.cacheReadTokens') ?? num(a, 'ai.usage.cachedInputTokens');
  let cacheWrite = num(a, 'ai.usage.inputTokenDetails.cacheWriteTokens');
  let reasoning = num(a, 'ai.usage.outputTokenDetails.reasoningTokens') ?? num(a, 'ai.usage.reasoningTokens');
  if (
    (cacheRead === undefined || cacheWrite === undefined || reasoning === undefined) &&
    'ai.response.providerMetadata' in a
  ) {
    const p = providerUsage(a);
    cacheRead ??= p.cacheRead;
    cacheWrite ??= p.cacheWrite;
    reasoning ??= p.reasoning;
  }
  return buildUsage({
    input,
    output,
    total: num(a, 'ai.usage.totalTokens'),
    inputDetails: {
      input_cached_tokens: cacheRead,
      input_cache_creation: cacheWrite,
      input_audio_tokens: num(a, 'ai.usage.inputTokenDetails.audioTokens'),
    },
    outputDetails: {
      output_reasoning_tokens: reasoning,
      output_audio_tokens: num(a, 'ai.usage.outputTokenDetails.audioTokens'),
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
