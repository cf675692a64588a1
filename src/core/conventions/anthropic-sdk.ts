import type { Attributes, OtlpSpan, UsageDetails } from '../model/types';
import { jsonish, num } from './attr';
import { genAiUsage } from './gen-ai';

/**
 * The Anthropic SDK's own tracing (`@anthropic-ai/sdk` from 0.134, scope `com.anthropic.sdk.typescript`, with a
 * platform suffix in the Bedrock and Vertex packages): one span per API call whenever the application has registered a
 * global tracer provider, so also under an instrumentation's span of the same call (see trace/same-call.ts). It speaks
 * OpenTelemetry GenAI (`gen_ai.*`, read by gen-ai.ts); what is its own is read here:
 * - `anthropic.tool_result.content`: a tool run's result, as content blocks in JSON, on `anthropic.custom_tool_use
 *   <name>` spans (content mode only: `ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content`);
 * - `anthropic.usage.cache_creation.ephemeral_1h_input_tokens`: the part of the cache writes kept for an hour, which
 *   costs more than the five-minute ones.
 */

const SCOPE = 'com.anthropic.sdk.typescript';

/** The span that the SDK starts for one `messages.create` call, retries and the read of its stream included. */
const CALL_SPAN = 'anthropic.messages.create';

export function isAnthropicSdkScope(scope: string): boolean {
  return scope === SCOPE || scope.startsWith(`${SCOPE}.`);
}

/** Whether a span is the SDK's own record of one Messages API call. */
export function isAnthropicSdkCall(name: string, scope: string): boolean {
  return name === CALL_SPAN && isAnthropicSdkScope(scope);
}

/** GenAI usage, with the hour-long cache writes apart (`input_cache_creation_1h`) so that each is priced at its rate. */
export function anthropicSdkUsage(span: OtlpSpan): UsageDetails | undefined {
  if (!isAnthropicSdkScope(span.scope.name)) return undefined;
  const usage = genAiUsage(span.attributes, span.scope.name);
  const hour = num(span.attributes, 'anthropic.usage.cache_creation.ephemeral_1h_input_tokens');
  const writes = usage?.input_cache_creation;
  if (!usage || hour === undefined || hour <= 0 || writes === undefined) return usage;
  const out: UsageDetails = { ...usage, input_cache_creation_1h: Math.min(hour, writes) };
  if (writes > hour) out.input_cache_creation = writes - hour;
  else delete out.input_cache_creation;
  return out;
}

function isTextBlock(v: unknown): v is { type: 'text'; text: string } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'text';
}

/**
 * A tool run's result: its text when the result is text blocks only (what a tool returning a string gives, parsed when
 * it is JSON), else the blocks as the SDK recorded them.
 */
export function anthropicToolResult(a: Attributes): unknown {
  const blocks = jsonish(a['anthropic.tool_result.content']);
  if (!Array.isArray(blocks) || blocks.length === 0 || !blocks.every(isTextBlock)) return blocks;
  const text = blocks.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n');
  return jsonish(text);
}
