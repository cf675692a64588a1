/**
 * One OTLP span → one Observation, composed from the convention mappers.
 *
 * Priority (first source that yields a value wins, field by field):
 * - type: langfuse.observation.type → openinference.span.kind → gen_ai.operation.name →
 *   Vercel ai.operationId → gen_ai.tool.* present (TOOL) → traceloop.span.kind →
 *   any model key present (GENERATION) → SPAN.
 * - name: gen_ai.tool.name → ai.toolCall.name → span name.
 * - model: Langfuse → gen_ai.response.model → ai.model.id → gen_ai.request.model → llm.model_name.
 * - model parameters: Langfuse → llm.invocation_parameters → gen_ai.request.* → ai.settings.*.
 * - usage: Langfuse usage_details → Vercel ai.usage.* (it carries cache details gen_ai lacks on the
 *   same span) → gen_ai.usage.* → llm.token_count.*. Cost: Langfuse → gen_ai.usage.cost → llm.cost.*.
 * - input / output: Langfuse → Vercel → gen_ai content events → traceloop.entity.* →
 *   OpenInference input.value / output.value → indexed gen_ai.prompt.N / gen_ai.completion.N →
 *   gen_ai.input.messages / output.messages → gen_ai.tool.call.arguments / result.
 * - prompt link: Langfuse prompt name / version, on generations only.
 * - level: langfuse.observation.level → span status ERROR. Status message: Langfuse → span status
 *   message → the exception event's message.
 * - user / session: Langfuse (then user.id / session.id) → Vercel → Traceloop → gen_ai.conversation.id
 *   (session only). Tags: Langfuse → OpenInference tag.tags → Vercel.
 * - metadata: Langfuse keys win; OpenInference, Vercel and Traceloop metadata fill in the rest.
 * Everything stays visible raw in `attributes`, `resource`, `scope`, `events`, `links`.
 */
import type { Observation, OtlpSpan, TracePatch } from '../model/types';
import { str } from './attr';
import * as genAi from './gen-ai';
import * as lf from './langfuse';
import { statusLevel } from './level';
import * as oi from './openinference';
import * as tl from './traceloop';
import * as ai from './vercel-ai';

function decideType(a: OtlpSpan['attributes']): Observation['type'] {
  return (
    lf.langfuseType(a) ??
    oi.openInferenceType(a) ??
    genAi.genAiOperationType(a) ??
    ai.vercelType(a) ??
    genAi.genAiToolType(a) ??
    tl.traceloopType(a) ??
    ((lf.langfuseModel(a) ?? genAi.genAiRequestModel(a) ?? genAi.genAiResponseModel(a) ?? str(a, 'llm.model_name'))
      ? 'GENERATION'
      : 'SPAN')
  );
}

function mergeMetadata(...sources: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  // Later sources only fill keys the earlier (higher-priority) ones did not set. Spreads, not
  // Object.assign: a parsed `__proto__` key must stay data, not become the prototype.
  for (let i = sources.length - 1; i >= 0; i--) {
    const s = sources[i];
    if (s) out = { ...out, ...s };
  }
  return out;
}

function tracePatch(span: OtlpSpan, environment: string | undefined): TracePatch {
  const a = span.attributes;
  const patch = lf.langfuseTracePatch(a, span.resource);
  const userId = lf.langfuseUserId(a) ?? ai.vercelUserId(a) ?? tl.traceloopUserId(a);
  if (userId !== undefined) patch.userId = userId;
  const sessionId =
    lf.langfuseSessionId(a) ?? ai.vercelSessionId(a) ?? tl.traceloopSessionId(a) ?? genAi.genAiConversationId(a);
  if (sessionId !== undefined) patch.sessionId = sessionId;
  const tags = patch.tags ?? oi.openInferenceTags(a) ?? ai.vercelTags(a);
  if (tags !== undefined) patch.tags = tags;
  if (environment !== undefined) patch.environment = environment;
  return patch;
}

export function mapSpan(span: OtlpSpan): Observation {
  const a = span.attributes;
  const status = statusLevel(span);
  const type = decideType(a);
  // The SDK propagates the prompt link onto every span in scope; Langfuse links it to generations only.
  const prompt = type === 'GENERATION' ? lf.langfusePrompt(a) : undefined;
  const environment = lf.langfuseEnvironment(a, span.resource);
  return {
    traceId: span.traceId,
    id: span.spanId,
    parentId: span.parentSpanId,
    isRoot: span.parentSpanId === null || lf.langfuseAsRoot(a),
    type,
    name: genAi.genAiName(a) ?? ai.vercelName(a) ?? span.name,
    startTime: span.startTime,
    endTime: span.endTime > 0 ? span.endTime : null,
    completionStartTime:
      lf.langfuseCompletionStart(a) ?? ai.vercelCompletionStart(span) ?? genAi.genAiCompletionStart(span) ?? null,
    level: lf.langfuseLevel(a) ?? status.level,
    statusMessage: lf.langfuseStatusMessage(a) ?? status.message ?? null,
    model:
      lf.langfuseModel(a) ??
      genAi.genAiResponseModel(a) ??
      ai.vercelModel(a) ??
      genAi.genAiRequestModel(a) ??
      oi.openInferenceModel(a) ??
      null,
    modelParameters:
      lf.langfuseModelParameters(a) ??
      oi.openInferenceModelParameters(a) ??
      genAi.genAiModelParameters(a) ??
      ai.vercelModelParameters(a) ??
      null,
    usage: lf.langfuseUsage(a) ?? ai.vercelUsage(a) ?? genAi.genAiUsage(a) ?? oi.openInferenceUsage(a) ?? {},
    cost: lf.langfuseCost(a) ?? genAi.genAiCost(a) ?? oi.openInferenceCost(a) ?? {},
    promptName: prompt?.name ?? null,
    promptVersion: prompt?.version ?? null,
    environment: environment ?? 'default',
    serviceName: str(span.resource, 'service.name') ?? null,
    input:
      lf.langfuseInput(a) ??
      ai.vercelInput(a) ??
      genAi.genAiEventInput(span) ??
      tl.traceloopInput(a) ??
      oi.openInferenceInput(a) ??
      genAi.genAiIndexedInput(a) ??
      genAi.genAiMessagesInput(a) ??
      genAi.genAiToolArguments(a) ??
      null,
    output:
      lf.langfuseOutput(a) ??
      ai.vercelOutput(a) ??
      genAi.genAiEventOutput(span) ??
      tl.traceloopOutput(a) ??
      oi.openInferenceOutput(a) ??
      genAi.genAiIndexedOutput(a) ??
      genAi.genAiMessagesOutput(a) ??
      genAi.genAiToolResult(a) ??
      null,
    metadata: mergeMetadata(
      lf.langfuseMetadata(a),
      oi.openInferenceMetadata(a),
      ai.vercelMetadata(a),
      tl.traceloopMetadata(a),
    ),
    attributes: a,
    resource: span.resource,
    scope: span.scope,
    events: span.events,
    links: span.links,
    trace: tracePatch(span, environment),
  };
}

export function mapSpans(spans: OtlpSpan[]): Observation[] {
  const out = new Array<Observation>(spans.length);
  for (let i = 0; i < spans.length; i++) out[i] = mapSpan(spans[i] as OtlpSpan);
  return out;
}
