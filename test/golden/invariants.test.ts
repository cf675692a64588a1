import { mapSpans } from '@core/conventions/map-span';
import { toChatMessages } from '@core/messages/normalize';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { inputTokens, outputTokens } from '@core/trace/usage-totals';
import { describe, expect, it } from 'vitest';
import { fixtureFolders, fixtureFormat, traceFixtures } from './fixtures';

/**
 * Facts every captured payload must keep, checked span by span against the raw attributes: no span,
 * token count, model name or chat message is lost on the way to the observation model.
 */

const INPUT_TOKEN_KEYS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
];
const OUTPUT_TOKEN_KEYS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
];
const MODEL_KEYS = [
  'langfuse.observation.model.name',
  'gen_ai.response.model',
  'ai.model.id',
  'gen_ai.request.model',
  'llm.model_name',
];

/**
 * Traceloop's Anthropic instrumentation passes Anthropic's `input_tokens` on, which leaves out the cache reads and
 * writes it reports beside it: the input Loupe shows adds them.
 */
const INPUT_WITHOUT_CACHE = new Set(['@traceloop/instrumentation-anthropic']);
const CACHE_READ_KEYS = ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens'];
const CACHE_WRITE_KEYS = ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens'];

function first(a: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (k in a) return a[k];
  return undefined;
}

function indexedCount(a: Record<string, unknown>, prefix: string): number {
  let n = 0;
  while (`${prefix}${n}.message.role` in a) n++;
  return n;
}

describe('every captured payload keeps its spans, tokens, models and messages', () => {
  for (const folder of fixtureFolders()) {
    for (const f of traceFixtures(folder)) {
      it(`${folder} ${f.seq}`, () => {
        const spans = decodeOtlpTraces(f.body, fixtureFormat(f.meta));
        const observations = mapSpans(spans);
        expect(observations).toHaveLength(spans.length);
        if (f.meta.summary?.spans !== undefined) expect(spans).toHaveLength(f.meta.summary.spans);
        spans.forEach((span, i) => {
          const o = observations[i];
          const a = span.attributes;
          expect(o?.id).toBe(span.spanId);
          const inTokens = first(a, INPUT_TOKEN_KEYS);
          if (inTokens !== undefined && !('langfuse.observation.usage_details' in a)) {
            const cache = INPUT_WITHOUT_CACHE.has(span.scope.name)
              ? Number(first(a, CACHE_READ_KEYS) ?? 0) + Number(first(a, CACHE_WRITE_KEYS) ?? 0)
              : 0;
            expect(inputTokens(o?.usage ?? {})).toBe(Number(inTokens) + cache);
          }
          const outTokens = first(a, OUTPUT_TOKEN_KEYS);
          if (outTokens !== undefined && !('langfuse.observation.usage_details' in a)) {
            expect(outputTokens(o?.usage ?? {})).toBe(Number(outTokens));
          }
          if (first(a, MODEL_KEYS) !== undefined) expect(o?.model).toBeTruthy();
          const flatIn = indexedCount(a, 'llm.input_messages.');
          if (flatIn > 0 && typeof o?.input === 'object') {
            expect(toChatMessages(o.input)?.length).toBeGreaterThanOrEqual(flatIn);
          }
          if (span.status.code === 2) expect(o?.level).toBe('ERROR');
        });
      });
    }
  }
});
