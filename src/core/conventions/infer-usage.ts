import { countedLength, countTokens, MAX_COUNTED_CHARS } from '../cost/count-tokens';
import { tokenizerFor } from '../cost/tokenizer-models';
import type { Level, ObservationType, UsageDetails } from '../model/types';

/**
 * Usage for a model call that sent none, counted as Langfuse counts it (`IngestionService.getUsageUnits`): only when
 * the SDK sent neither usage nor cost (the caller checks), the call did not fail (`level` ERROR: Langfuse skips it, a
 * failed call's output is an error, not tokens), and the model has a tokenizer. Input and output are counted
 * separately; `total` is their sum when either was counted. Only generations and embeddings: other observation types
 * carry a model name only incidentally (a span with a bare `model` attribute). Input and output over
 * `MAX_COUNTED_CHARS` together are not counted (count-tokens.ts says why).
 */
export function inferUsage(
  type: ObservationType,
  model: string | null,
  level: Level,
  input: unknown,
  output: unknown,
): UsageDetails | undefined {
  if ((type !== 'GENERATION' && type !== 'EMBEDDING') || model === null || level === 'ERROR') return undefined;
  const tokenizer = tokenizerFor(model);
  if (!tokenizer) return undefined;
  // Past this size no count at all: half a count would price the call lower than it was.
  if (countedLength(input) + countedLength(output) > MAX_COUNTED_CHARS) return undefined;
  const inputCount = countTokens(tokenizer, input);
  const outputCount = countTokens(tokenizer, output);
  if (inputCount === undefined && outputCount === undefined) return undefined;
  const usage: UsageDetails = {};
  if (inputCount !== undefined) usage.input = inputCount;
  if (outputCount !== undefined) usage.output = outputCount;
  // Langfuse writes a total only when one of the counts is non-zero.
  if (inputCount || outputCount) usage.total = (inputCount ?? 0) + (outputCount ?? 0);
  return usage;
}
