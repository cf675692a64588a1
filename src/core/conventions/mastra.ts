import type { Attributes, OtlpSpan } from '../model/types';
import { setOwn } from '../otlp/safe-object';
import { isRecord, jsonish, prefixed, str, tagList } from './attr';
import { langfuseCompletionStart } from './langfuse';

/**
 * Mastra (`@mastra/core` observability, exported by `@mastra/otel-exporter` or `@mastra/langfuse`). Every span has
 * `mastra.span.type`; the content of spans that are neither model calls nor tools is in `mastra.<type>.input` /
 * `.output` (agent_run, model_generation, model_step, model_chunk, workflow_*, ...; `@mastra/langfuse` moves it to
 * `langfuse.observation.input` / `.output`); `mastra.metadata.<k>` is the run's metadata, `userId` and `sessionId`
 * (else `threadId`) among it, as `@mastra/langfuse` reads them; the root has `mastra.tags`; model calls have
 * `mastra.completion_start_time`. Model calls, tools and agents also carry gen_ai keys, which the other mappers read.
 *
 * Where a generation's content is. Mastra nests model_generation (the agent's loop) → model_step (one model call
 * and the tools it asks for) → model_inference (the provider call, exported as `chat <model>` with model, usage and
 * first-token time) → model_chunk. The chat span has no input, and its `gen_ai.output.messages` keeps only the text:
 * a turn that calls a tool is an empty message. Its parent step has the turn's prompt (`mastra.model_step.input`)
 * and completion (`{text, toolCalls}`). The chat span stays the one GENERATION and takes its parent step's input and
 * output when the step is in the same request (`mastraSteps`). Why not make the step the generation: it has no usage
 * or model keys, so the chat span would have to hand those up instead, or a call would show as two generations whose
 * tokens a trace total would count twice. The chat span ends when its step finishes (after the tools) and the step
 * a millisecond later in the captures, so the batch processor (every 5 s or 512 spans) nearly always sends both in
 * one request; when it does not, the generation keeps its own text and the step span still shows the prompt and
 * completion. Older pairings of Mastra's packages have no model_inference span: model_generation is the chat span,
 * with gen_ai messages of its own, and nothing is borrowed.
 *
 * Mastra's step input is a preview it builds from the request: earlier turns' tool calls and results are
 * placeholders (`[tool: get_weather]`, `[tool-result: get_weather]`); the tool spans have the real ones. Its first-
 * token time is taken once per generation, so every call after the first has the first call's: a time before the
 * span started is not this call's, and is dropped.
 */

const STEP = 'model_step';
const INFERENCE = 'model_inference';

export function mastraSpanType(a: Attributes): string | undefined {
  return str(a, 'mastra.span.type');
}

/** The batch's model steps by trace and span id, or undefined when it has none (most batches: no copy, no map). */
export function mastraSteps(spans: readonly OtlpSpan[]): ReadonlyMap<string, Attributes> | undefined {
  let steps: Map<string, Attributes> | undefined;
  for (const span of spans) {
    if (span.attributes['mastra.span.type'] !== STEP) continue;
    steps ??= new Map();
    steps.set(`${span.traceId}/${span.spanId}`, span.attributes);
  }
  return steps;
}

function parentStep(span: OtlpSpan, steps: ReadonlyMap<string, Attributes> | undefined): Attributes | undefined {
  return span.parentSpanId === null ? undefined : steps?.get(`${span.traceId}/${span.parentSpanId}`);
}

function content(a: Attributes, type: string, side: 'input' | 'output'): unknown {
  return jsonish(a[`mastra.${type}.${side}`] ?? a[`langfuse.observation.${side}`]);
}

/** A step's `{text, toolCalls: [{toolCallId, toolName, args}]}` as one OpenAI-style assistant message. */
function completionMessage(output: unknown): Record<string, unknown>[] | undefined {
  if (!isRecord(output) || (typeof output.text !== 'string' && !Array.isArray(output.toolCalls))) return undefined;
  const message: Record<string, unknown> = { role: 'assistant', content: output.text ?? '' };
  const calls = Array.isArray(output.toolCalls) ? output.toolCalls.filter(isRecord) : [];
  if (calls.length > 0) {
    message.tool_calls = calls.map((c) => ({
      id: c.toolCallId,
      type: 'function',
      function: { name: c.toolName, arguments: JSON.stringify(c.args ?? c.input ?? {}) },
    }));
  }
  return [message];
}

/** Undefined when the span is not Mastra's or has no content of its own here: the other sources apply. */
export function mastraInput(span: OtlpSpan, steps: ReadonlyMap<string, Attributes> | undefined): unknown {
  const a = span.attributes;
  const type = mastraSpanType(a);
  if (type === undefined) return undefined;
  if (type !== INFERENCE) return content(a, type, 'input');
  if (a['gen_ai.input.messages'] !== undefined) return undefined;
  const step = parentStep(span, steps);
  return step && content(step, STEP, 'input');
}

export function mastraOutput(span: OtlpSpan, steps: ReadonlyMap<string, Attributes> | undefined): unknown {
  const a = span.attributes;
  const type = mastraSpanType(a);
  if (type === undefined) return undefined;
  if (type !== INFERENCE) return content(a, type, 'output');
  const step = parentStep(span, steps);
  return step && completionMessage(content(step, STEP, 'output'));
}

/** For Mastra spans only (the caller checks): the first-token time, unless it comes before the span's start. */
export function mastraCompletionStart(span: OtlpSpan): number | null {
  const iso = str(span.attributes, 'mastra.completion_start_time');
  const ms = iso === undefined ? langfuseCompletionStart(span.attributes) : Date.parse(iso);
  return ms === undefined || Number.isNaN(ms) || ms < span.startTime ? null : ms;
}

export function mastraUserId(a: Attributes): string | undefined {
  return str(a, 'mastra.metadata.userId');
}

export function mastraSessionId(a: Attributes): string | undefined {
  return str(a, 'mastra.metadata.sessionId') ?? str(a, 'mastra.metadata.threadId');
}

export function mastraTags(a: Attributes): string[] | undefined {
  return tagList(a['mastra.tags']);
}

/**
 * `mastra.metadata.<k>` but the user and session ids (trace fields), objects (the raw response `body`, `headers`,
 * `modelMetadata`) parsed.
 */
export function mastraMetadata(a: Attributes): Record<string, unknown> | undefined {
  const raw = prefixed(a, 'mastra.metadata.');
  if (!raw) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (k !== 'userId' && k !== 'sessionId') setOwn(out, k, jsonish(v));
  return Object.keys(out).length > 0 ? out : undefined;
}
