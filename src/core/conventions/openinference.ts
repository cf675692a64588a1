import type { Attributes, AttrValue, ObservationType, UsageDetails } from '../model/types';
import { lookupTable } from '../otlp/safe-object';
import { jsonish, jsonObject, num, str, tagList } from './attr';
import { buildUsage } from './usage';

/**
 * OpenInference (Arize Phoenix instrumentations): `openinference.span.kind`, `input.value` /
 * `output.value`, `llm.*` model and token counts, `tag.tags`, `metadata`.
 */

const KINDS = lookupTable<ObservationType>({
  LLM: 'GENERATION',
  CHAIN: 'CHAIN',
  RETRIEVER: 'RETRIEVER',
  EMBEDDING: 'EMBEDDING',
  AGENT: 'AGENT',
  TOOL: 'TOOL',
  GUARDRAIL: 'GUARDRAIL',
  EVALUATOR: 'EVALUATOR',
  // A reranker has no type of its own in the Langfuse model.
  RERANKER: 'SPAN',
});

export function openInferenceType(a: Attributes): ObservationType | undefined {
  const kind = str(a, 'openinference.span.kind');
  return kind === undefined ? undefined : KINDS[kind.toUpperCase()];
}

export function openInferenceModel(a: Attributes): string | undefined {
  return str(a, 'llm.model_name') ?? str(a, 'embedding.model_name');
}

export function openInferenceModelParameters(a: Attributes): Record<string, AttrValue> | undefined {
  return jsonObject(a, 'llm.invocation_parameters') as Record<string, AttrValue> | undefined;
}

export function openInferenceUsage(a: Attributes): UsageDetails | undefined {
  return buildUsage({
    input: num(a, 'llm.token_count.prompt'),
    output: num(a, 'llm.token_count.completion'),
    total: num(a, 'llm.token_count.total'),
    inputDetails: {
      input_cached_tokens: num(a, 'llm.token_count.prompt_details.cache_read'),
      input_cache_creation: num(a, 'llm.token_count.prompt_details.cache_write'),
      input_audio_tokens: num(a, 'llm.token_count.prompt_details.audio'),
    },
    outputDetails: {
      output_reasoning_tokens: num(a, 'llm.token_count.completion_details.reasoning'),
      output_audio_tokens: num(a, 'llm.token_count.completion_details.audio'),
    },
  });
}

export function openInferenceCost(a: Attributes): UsageDetails | undefined {
  const cost: UsageDetails = {};
  const input = num(a, 'llm.cost.prompt');
  const output = num(a, 'llm.cost.completion');
  const total = num(a, 'llm.cost.total');
  if (input !== undefined) cost.input = input;
  if (output !== undefined) cost.output = output;
  if (total !== undefined) cost.total = total;
  return Object.keys(cost).length > 0 ? cost : undefined;
}

export function openInferenceInput(a: Attributes): unknown {
  return jsonish(a['input.value']);
}

export function openInferenceOutput(a: Attributes): unknown {
  return jsonish(a['output.value']);
}

export function openInferenceTags(a: Attributes): string[] | undefined {
  return tagList(a['tag.tags']);
}

export function openInferenceMetadata(a: Attributes): Record<string, unknown> | undefined {
  return jsonObject(a, 'metadata');
}
