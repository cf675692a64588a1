import type { Attributes } from '@core/model/types';
import { inputTokens, outputTokens, totalTokens } from '@core/trace/usage-totals';
import { describe, expect, it } from 'vitest';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

const usageOf = (a: Parameters<typeof testSpan>[0]) => mapSpan(testSpan(a)).usage;

describe('usage from every source, with parts that add up', () => {
  it('reads GenAI keys including cache, reasoning and audio details', () => {
    const u = usageOf({
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 50,
      'gen_ai.usage.cache_read_input_tokens': 30,
      'gen_ai.usage.cache_creation_input_tokens': 20,
      'gen_ai.usage.reasoning_tokens': 10,
    });
    expect(u).toEqual({
      input: 50,
      input_cached_tokens: 30,
      input_cache_creation: 20,
      output: 40,
      output_reasoning_tokens: 10,
      total: 150,
    });
    expect([inputTokens(u), outputTokens(u), totalTokens(u)]).toEqual([100, 50, 150]);
  });

  it("reads the Anthropic SDK's cache writes, whose input counts them as the conventions say", () => {
    const u = mapSpan(
      testSpan(
        {
          'gen_ai.usage.input_tokens': 1240,
          'gen_ai.usage.output_tokens': 22,
          'gen_ai.usage.cache_write.input_tokens': 1200,
          'gen_ai.usage.cache_read.input_tokens': 0,
        },
        { scope: { name: 'com.anthropic.sdk.typescript', version: '1.15.0' } },
      ),
    ).usage;
    expect(u).toEqual({ input: 40, input_cache_creation: 1200, output: 22, total: 1262 });
  });

  it('reads the older prompt/completion names', () => {
    expect(usageOf({ 'gen_ai.usage.prompt_tokens': 7, 'gen_ai.usage.completion_tokens': 3 })).toEqual({
      input: 7,
      output: 3,
      total: 10,
    });
  });

  it('reads OpenInference token counts with details', () => {
    expect(
      usageOf({
        'llm.token_count.prompt': 40,
        'llm.token_count.completion': 20,
        'llm.token_count.total': 60,
        'llm.token_count.prompt_details.cache_read': 8,
        'llm.token_count.prompt_details.audio': 2,
        'llm.token_count.completion_details.reasoning': 5,
      }),
    ).toEqual({
      input: 30,
      input_cached_tokens: 8,
      input_audio_tokens: 2,
      output: 15,
      output_reasoning_tokens: 5,
      total: 60,
    });
  });

  it('reads Vercel ai 5 names and Anthropic cache counts from provider metadata', () => {
    expect(
      usageOf({
        'ai.usage.promptTokens': 100,
        'ai.usage.completionTokens': 10,
        'ai.response.providerMetadata': '{"anthropic":{"cacheCreationInputTokens":40,"cacheReadInputTokens":50}}',
      }),
    ).toEqual({ input: 10, input_cached_tokens: 50, input_cache_creation: 40, output: 10, total: 110 });
    expect(
      usageOf({
        'ai.usage.inputTokens': 20,
        'ai.usage.outputTokens': 30,
        'ai.usage.outputTokenDetails.reasoningTokens': 25,
      }),
    ).toEqual({ input: 20, output: 5, output_reasoning_tokens: 25, total: 50 });
  });
});

describe('completion start time', () => {
  const start = 1_700_000_000_000;
  it('reads Vercel ms attributes, the firstChunk event, and GenAI seconds', () => {
    expect(mapSpan(testSpan({ 'ai.response.msToFirstChunk': 120.5 })).completionStartTime).toBe(start + 120.5);
    expect(mapSpan(testSpan({ 'ai.stream.msToFirstChunk': 80 })).completionStartTime).toBe(start + 80);
    const event = { name: 'ai.stream.firstChunk', time: start + 42, attributes: {} };
    expect(mapSpan(testSpan({}, { events: [event] })).completionStartTime).toBe(start + 42);
    expect(mapSpan(testSpan({ 'gen_ai.client.operation.time_to_first_chunk': 0.25 })).completionStartTime).toBe(
      start + 250,
    );
  });

  it('drops a completion start outside 1970..2200, keeping the attribute as sent', () => {
    const cases: Attributes[] = [
      { 'ai.response.msToFirstChunk': 1e300 },
      { 'ai.response.msToFirstChunk': -2e12 },
      { 'langfuse.observation.completion_start_time': '+275760-09-13T00:00:00.000Z' },
    ];
    for (const attributes of cases) {
      const o = mapSpan(testSpan(attributes));
      expect(o.completionStartTime).toBeNull();
      expect(o.attributes).toEqual(attributes);
    }
  });
});

describe('model parameters', () => {
  it('reads OpenInference invocation parameters, gen_ai.request.* and ai.settings.*', () => {
    expect(mapSpan(testSpan({ 'llm.invocation_parameters': '{"temperature":0.2}' })).modelParameters).toEqual({
      temperature: 0.2,
    });
    expect(
      mapSpan(testSpan({ 'gen_ai.request.model': 'm', 'gen_ai.request.top_p': 1, 'gen_ai.request.max_tokens': 9 }))
        .modelParameters,
    ).toEqual({ top_p: 1, max_tokens: 9 });
    expect(
      mapSpan(testSpan({ 'ai.settings.temperature': 0.5, 'ai.settings.context.userId': 'u' })).modelParameters,
    ).toEqual({ temperature: 0.5 });
  });
});
