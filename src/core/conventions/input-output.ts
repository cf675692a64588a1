import type { OtlpSpan } from '../model/types';
import { anthropicToolResult } from './anthropic-sdk';
import { jsonish } from './attr';
import * as genAi from './gen-ai';
import * as events from './gen-ai-events';
import * as lf from './langfuse';
import * as oi from './openinference';
import * as oim from './openinference-messages';
import * as tl from './traceloop';
import * as ai from './vercel-ai';

/**
 * Observation input and output: the first source that holds a value, in the order of
 * CONVENTIONS.md §2. Each source is a key lookup (or a scan of the span's few events), so a span
 * pays only for the keys it has.
 */

export function spanInput(span: OtlpSpan): unknown {
  const a = span.attributes;
  return (
    lf.langfuseInput(a) ??
    ai.vercelInput(a) ??
    events.genAiDetailsInput(span, genAi.genAiMessagesInput) ??
    events.genAiMessageEventsInput(span) ??
    events.genAiContentInput(span) ??
    jsonish(a['mlflow.spanInputs']) ??
    tl.traceloopInput(a) ??
    oi.openInferenceInput(a) ??
    jsonish(a.input) ??
    jsonish(a['pydantic_ai.all_messages']) ??
    jsonish(a.tool_arguments) ??
    genAi.genAiIndexedInput(a) ??
    oim.openInferenceMessagesInput(a) ??
    genAi.genAiMessagesInput(a) ??
    genAi.genAiToolArguments(a) ??
    embeddingTexts(a) ??
    null
  );
}

export function spanOutput(span: OtlpSpan): unknown {
  const a = span.attributes;
  return (
    lf.langfuseOutput(a) ??
    ai.vercelOutput(a) ??
    events.genAiDetailsOutput(span) ??
    events.genAiChoiceEventsOutput(span) ??
    events.genAiContentOutput(span) ??
    jsonish(a['mlflow.spanOutputs']) ??
    tl.traceloopOutput(a) ??
    oi.openInferenceOutput(a) ??
    jsonish(a.output) ??
    jsonish(a.tool_response) ??
    genAi.genAiIndexedOutput(a) ??
    oim.openInferenceMessagesOutput(a) ??
    genAi.genAiMessagesOutput(a) ??
    genAi.genAiToolResult(a) ??
    anthropicToolResult(a) ??
    null
  );
}

/** OpenInference embedding spans without `input.value`: the embedded texts. */
function embeddingTexts(a: OtlpSpan['attributes']): unknown {
  if (!('embedding.embeddings.0.embedding.text' in a)) return undefined;
  const texts: unknown[] = [];
  for (let i = 0; `embedding.embeddings.${i}.embedding.text` in a; i++) {
    texts.push(a[`embedding.embeddings.${i}.embedding.text`]);
  }
  return texts;
}
