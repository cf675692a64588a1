/**
 * One OTLP span → one Observation, composed from the convention mappers.
 *
 * Priority (first source that yields a value wins, field by field):
 * - type: langfuse.observation.type → openinference.span.kind → gen_ai.operation.name →
 *   Vercel ai.operationId → gen_ai.tool.* present (TOOL) → traceloop.span.kind →
 *   any model key present (GENERATION) → SPAN.
 * - name: gen_ai.tool.name → logfire.msg → ai.toolCall.name → ai.telemetry.functionId:ai.operationId → span name.
 * - model: Langfuse → gen_ai.response.model → ai.model.id → gen_ai.request.model → llm.response.model →
 *   llm.model_name → model.
 * - model parameters: Langfuse → llm.invocation_parameters → gen_ai.request.* → ai.settings.*.
 * - usage: Langfuse usage_details → Vercel ai.usage.* (it carries cache details gen_ai lacks on the
 *   same span) → gen_ai.usage.* (with the Anthropic SDK's hour-long cache writes apart, see anthropic-sdk.ts) →
 *   llm.token_count.*; when none and nothing sent a cost, a generation or embedding whose model has a tokenizer
 *   gets its input and output counted, as Langfuse does (`usageSource: 'inferred'`, see infer-usage.ts).
 *   Cost: Langfuse → gen_ai.usage.cost → llm.cost.* → computed from the price table (`costSource` says which).
 * - input / output: Mastra's `mastra.<type>.input/output` (a chat span takes its parent step's, see mastra.ts),
 *   then input-output.ts (CONVENTIONS.md §2 order).
 * - completion start: on Mastra spans Mastra's own (dropped when before the span's start, see mastra.ts).
 * - prompt link: Langfuse prompt name / version, on generations only.
 * - level: langfuse.observation.level → span status ERROR or an `exception` event. Status message:
 *   Langfuse → span status message → the exception event's message → `error.type` with the HTTP status (see
 *   level.ts); the exception is kept whole.
 * - user / session: Langfuse (then user.id / session.id) → Vercel → Traceloop → Mastra → gen_ai.conversation.id
 *   (session only). Tags: Langfuse → OpenInference tag.tags → Vercel → Mastra.
 * - metadata: Langfuse's trace metadata (propagated to every span in scope, and stored on the observation by Langfuse
 *   too), then its observation metadata; OpenInference, Vercel, Traceloop and Mastra metadata fill in the rest.
 * - version: `langfuse.version`, else the resource's `service.version`; user and session as for the trace.
 * Everything stays visible raw in `attributes`, `resource`, `scope`, `events`, `links`.
 */
import { computeCost, DEFAULT_PRICE_TABLE, type PriceTable } from '../cost/compute-cost';
import type { Observation, OtlpSpan, TracePatch, UsageDetails } from '../model/types';
import { saneTime } from '../otlp/wire-notes';
import { anthropicSdkUsage } from './anthropic-sdk';
import { str } from './attr';
import * as genAi from './gen-ai';
import { inferUsage } from './infer-usage';
import { spanInput, spanOutput } from './input-output';
import * as lf from './langfuse';
import { spanException, statusLevel } from './level';
import * as mastra from './mastra';
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
    // Rule 6 names only these keys: a bare `model` attribute is too generic to make a span a generation.
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
  const userId = lf.langfuseUserId(a) ?? ai.vercelUserId(a) ?? tl.traceloopUserId(a) ?? mastra.mastraUserId(a);
  if (userId !== undefined) patch.userId = userId;
  const sessionId =
    lf.langfuseSessionId(a) ??
    ai.vercelSessionId(a) ??
    tl.traceloopSessionId(a) ??
    mastra.mastraSessionId(a) ??
    genAi.genAiConversationId(a);
  if (sessionId !== undefined) patch.sessionId = sessionId;
  const tags = patch.tags ?? oi.openInferenceTags(a) ?? ai.vercelTags(a) ?? mastra.mastraTags(a);
  if (tags !== undefined) patch.tags = tags;
  if (environment !== undefined) patch.environment = environment;
  return patch;
}

function sentCost(a: OtlpSpan['attributes']): UsageDetails | undefined {
  return lf.langfuseCost(a) ?? genAi.genAiCost(a) ?? oi.openInferenceCost(a);
}

/** The SDK's own cost wins; else the price table's, for a priced model with usage. */
function costOf(
  sent: UsageDetails | undefined,
  model: string | null,
  usage: UsageDetails,
  prices: PriceTable,
): { cost: UsageDetails; source?: 'sdk' | 'computed' } {
  if (sent) return { cost: sent, source: 'sdk' };
  const computed = model === null ? null : computeCost(model, usage, prices);
  return computed ? { cost: computed, source: 'computed' } : { cost: {} };
}

/**
 * The completion start an attribute gives (an ISO time, or the start plus milliseconds to the first chunk), or null
 * when it is outside 1970..2200. Dropped rather than refusing the span: mapping runs after the sender was answered,
 * the span's own times are valid, and the attribute stays visible, as sent, in the attributes view.
 */
function completionStart(ms: number | null): number | null {
  return ms !== null && saneTime(ms) ? ms : null;
}

/**
 * `prices`: the price table for computed cost (the built-in one, or the user's overrides in front of it).
 * `mastraSteps`: the Mastra model steps of the span's request, where Mastra's chat spans find their content.
 */
export function mapSpan(
  span: OtlpSpan,
  prices: PriceTable = DEFAULT_PRICE_TABLE,
  mastraSteps?: ReadonlyMap<string, OtlpSpan['attributes']>,
): Observation {
  const a = span.attributes;
  const exception = spanException(span);
  const status = statusLevel(span, exception);
  const type = decideType(a);
  // The SDK propagates the prompt link onto every span in scope; Langfuse links it to generations only.
  const prompt = type === 'GENERATION' ? lf.langfusePrompt(a) : undefined;
  const environment = lf.langfuseEnvironment(a, span.resource);
  const model =
    lf.langfuseModel(a) ??
    genAi.genAiResponseModel(a) ??
    ai.vercelModel(a) ??
    genAi.genAiRequestModel(a) ??
    str(a, 'llm.response.model') ??
    oi.openInferenceModel(a) ??
    str(a, 'model') ??
    null;
  const sent = sentCost(a);
  const level = lf.langfuseLevel(a) ?? status.level;
  const input = mastra.mastraInput(span, mastraSteps) ?? spanInput(span);
  const output = mastra.mastraOutput(span, mastraSteps) ?? spanOutput(span);
  const sentUsage =
    lf.langfuseUsage(a) ??
    ai.vercelUsage(a) ??
    anthropicSdkUsage(span) ??
    genAi.genAiUsage(a, span.scope.name) ??
    oi.openInferenceUsage(a);
  const inferred =
    sentUsage === undefined && sent === undefined ? inferUsage(type, model, level, input, output) : undefined;
  const usage = sentUsage ?? inferred ?? {};
  const cost = costOf(sent, model, usage, prices);
  const trace = tracePatch(span, environment);
  const o: Observation = {
    traceId: span.traceId,
    id: span.spanId,
    parentId: span.parentSpanId,
    isRoot: span.parentSpanId === null || lf.langfuseAsRoot(a) || lf.langfuseIsAppRoot(a),
    type,
    name: genAi.genAiName(a) ?? str(a, 'logfire.msg') ?? ai.vercelName(a) ?? span.name,
    startTime: span.startTime,
    endTime: span.endTime > 0 ? span.endTime : null,
    completionStartTime: completionStart(
      mastra.mastraSpanType(a) !== undefined
        ? mastra.mastraCompletionStart(span)
        : (lf.langfuseCompletionStart(a) ?? ai.vercelCompletionStart(span) ?? genAi.genAiCompletionStart(span) ?? null),
    ),
    level,
    statusMessage: lf.langfuseStatusMessage(a) ?? status.message ?? null,
    model,
    modelParameters:
      lf.langfuseModelParameters(a) ??
      oi.openInferenceModelParameters(a) ??
      genAi.genAiModelParameters(a) ??
      ai.vercelModelParameters(a) ??
      null,
    usage,
    cost: cost.cost,
    promptName: prompt?.name ?? null,
    promptVersion: prompt?.version ?? null,
    environment: environment ?? 'default',
    serviceName: str(span.resource, 'service.name') ?? null,
    input,
    output,
    metadata: mergeMetadata(
      trace.metadata,
      lf.langfuseMetadata(a),
      oi.openInferenceMetadata(a),
      ai.vercelMetadata(a),
      tl.traceloopMetadata(a),
      mastra.mastraMetadata(a),
    ),
    attributes: a,
    resource: span.resource,
    scope: span.scope,
    events: span.events,
    links: span.links,
    trace,
  };
  if (exception) o.exception = exception;
  if (cost.source) o.costSource = cost.source;
  if (inferred) o.usageSource = 'inferred';
  const aliases = sentUsage ? lf.langfuseUsageAliases(a) : undefined;
  if (aliases) o.usageAliases = aliases;
  if (trace.version !== undefined) o.version = trace.version;
  if (trace.userId !== undefined) o.userId = trace.userId;
  if (trace.sessionId !== undefined) o.sessionId = trace.sessionId;
  return o;
}

export function mapSpans(spans: OtlpSpan[], prices: PriceTable = DEFAULT_PRICE_TABLE): Observation[] {
  const out = new Array<Observation>(spans.length);
  const steps = mastra.mastraSteps(spans);
  for (let i = 0; i < spans.length; i++) out[i] = mapSpan(spans[i] as OtlpSpan, prices, steps);
  return out;
}
