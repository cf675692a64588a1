import { describe, expect, it } from 'vitest';
import { MAX_COUNTED_CHARS } from '../cost/count-tokens';
import { langfuseMetadataValues, toLangfuseTrace } from '../export/langfuse-json';
import { emptyTrace, mergeObservationIntoTrace } from '../trace/merge';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

/** Spans as the Langfuse SDKs write them (values JSON-encoded, as the Python SDK sends them). */
const generation = (extra: Record<string, string>) =>
  testSpan({ 'langfuse.observation.type': 'generation', 'langfuse.observation.model.name': 'gpt-4', ...extra });

const input = JSON.stringify([{ role: 'user', content: 'Capital of France?' }]);
const output = JSON.stringify({ content: 'Paris.' });

describe('usage inferred like Langfuse', () => {
  it('counts a generation that sent no usage and prices it, marked inferred', () => {
    const o = mapSpan(generation({ 'langfuse.observation.input': input, 'langfuse.observation.output': output }));
    expect(o).toMatchObject({
      usage: { input: 11, output: 6, total: 17 },
      usageSource: 'inferred',
      costSource: 'computed',
    });
    expect(o.cost.total).toBeCloseTo(11 * 30e-6 + 6 * 60e-6, 12);
  });

  it('never replaces usage the SDK sent, nor counts when it sent only a cost', () => {
    const sent = mapSpan(
      generation({
        'langfuse.observation.input': input,
        'langfuse.observation.usage_details': '{"input":10,"output":5}',
      }),
    );
    expect(sent.usage).toEqual({ input: 10, output: 5, total: 15 });
    expect(sent.usageSource).toBeUndefined();
    const costOnly = mapSpan(
      generation({ 'langfuse.observation.input': input, 'langfuse.observation.cost_details': '{"total":0.5}' }),
    );
    expect(costOnly.usage).toEqual({});
  });

  it('skips failed calls, spans, Claude and models without a tokenizer', () => {
    const failed = generation({ 'langfuse.observation.input': input, 'langfuse.observation.level': 'ERROR' });
    expect(mapSpan(failed).usage).toEqual({});
    const span = testSpan({ 'langfuse.observation.type': 'span', model: 'gpt-4', 'langfuse.observation.input': input });
    expect(mapSpan(span).usage).toEqual({});
    for (const model of ['claude-sonnet-4-5', 'gemini-2.5-pro', 'llama-3.1-70b'])
      expect(
        mapSpan(generation({ 'langfuse.observation.model.name': model, 'langfuse.observation.input': input })).usage,
      ).toEqual({});
  });

  it('counts nothing when input and output are too long to count without stalling the mapping', () => {
    const long = 'word '.repeat(MAX_COUNTED_CHARS / 5 + 1);
    const o = mapSpan(generation({ 'langfuse.observation.input': long, 'langfuse.observation.output': output }));
    expect(o.usage).toEqual({});
    expect(o.usageSource).toBeUndefined();
  });

  it("reads the Python SDK's OpenAI-style usage keys as Loupe's and says which it normalized", () => {
    const o = mapSpan(
      generation({
        'langfuse.observation.model.name': 'gpt-5-mini',
        'langfuse.observation.usage_details': '{"input_tokens": 5, "output_tokens": 50}',
        'langfuse.observation.metadata.confidence': '0.9',
      }),
    );
    expect(o.usage).toEqual({ input: 5, output: 50, total: 55 });
    expect(o.usageAliases).toEqual({ input: 'input_tokens', output: 'output_tokens' });
    expect(langfuseMetadataValues(o.metadata)).toEqual({ confidence: 0.9 });
  });
});

describe('propagated attributes on observations', () => {
  const span = testSpan(
    {
      'langfuse.observation.type': 'generation',
      'langfuse.version': '1.0',
      'user.id': 'user_123',
      'session.id': 'session_abc',
      'langfuse.trace.metadata.experiment': 'variant_a',
      'langfuse.observation.metadata.experiment': 'own',
      'langfuse.observation.metadata.step': '2',
    },
    { resource: { 'service.version': '9.9.9' } },
  );

  it('keeps version, user and session, and puts the trace metadata over its own, as Langfuse does', () => {
    const o = mapSpan(span);
    expect(o).toMatchObject({ version: '1.0', userId: 'user_123', sessionId: 'session_abc' });
    expect(o.metadata).toEqual({ experiment: 'variant_a', step: '2' });
  });

  it("falls back to the resource's service.version", () => {
    expect(mapSpan(testSpan({}, { resource: { 'service.version': '9.9.9' } })).version).toBe('9.9.9');
  });

  it('exports the version and metadata typed as Langfuse returns them', () => {
    const o = mapSpan(span);
    const summary = mergeObservationIntoTrace(emptyTrace(o.traceId, o.startTime), o, undefined, 0);
    const [exported] = toLangfuseTrace(summary, null, [o], []).observations;
    expect(exported).toMatchObject({ version: '1.0', metadata: { experiment: 'variant_a', step: 2 } });
  });
});
