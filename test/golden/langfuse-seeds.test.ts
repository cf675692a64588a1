import { type LangfuseTraceJson, toLangfuseTrace } from '@core/export/langfuse-json';
import type { Observation } from '@core/model/types';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { mergeTraces } from './dump';
import { loadObservations } from './fixtures';

/**
 * The TypeScript examples of the two documentation pages (../shared/seeds), captured with the real Langfuse SDK by
 * scripts/capture/langfuse-seeds.mjs, exported as Langfuse JSON and compared field by field with what Langfuse's
 * ingestion rules give for the same spans (OtelIngestionProcessor, IngestionService.getUsageUnits, the tokenizer in
 * worker/src/features/tokenisation/usage.ts). Token counts are checked against a naive reference: OpenAI's cookbook
 * formula over js-tiktoken's full encoder, written out here.
 */

function exported(seq: string): LangfuseTraceJson[] {
  return mergeTraces(loadObservations('langfuse-seeds', seq)).map((t) =>
    toLangfuseTrace(t.summary, t.body, t.observations, []),
  );
}

function only(seq: string): LangfuseTraceJson {
  const traces = exported(seq);
  expect(traces).toHaveLength(1);
  return traces[0] as LangfuseTraceJson;
}

function observation(trace: LangfuseTraceJson, name: string) {
  const o = trace.observations.find((x) => x.name === name);
  if (!o) throw new Error(`no observation ${name} in trace ${trace.name}`);
  return o;
}

const cl100k = getEncoding('cl100k_base');
const o200k = getEncoding('o200k_base');
type Encoder = typeof cl100k;

/** The cookbook's count: 3 per message, every value's tokens, 1 per name, 3 for the reply. */
function naiveChat(encoder: Encoder, messages: Record<string, string>[]): number {
  let n = 3;
  for (const m of messages) {
    n += 3;
    for (const [key, value] of Object.entries(m)) n += encoder.encode(value).length + (key === 'name' ? 1 : 0);
  }
  return n;
}

const M = 1e-6;

describe('the documentation examples against Langfuse', () => {
  it('draft-reply: usage as sent, priced from the price table (2.5 and 10 USD per million for gpt-4o)', () => {
    const o = observation(only('001'), 'draft-reply');
    expect(o).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o',
      usageDetails: { input: 31, output: 12, total: 43 },
      promptTokens: 31,
      completionTokens: 12,
      totalTokens: 43,
      modelId: 'gpt-4o',
      inputPrice: 2.5 * M,
      outputPrice: 10 * M,
    });
    expect(o.calculatedInputCost).toBeCloseTo(31 * 2.5 * M, 12);
    expect(o.calculatedOutputCost).toBeCloseTo(12 * 10 * M, 12);
    expect(o.calculatedTotalCost).toBeCloseTo(31 * 2.5 * M + 12 * 10 * M, 12);
  });

  it('draft-reply errors: a success without usage is counted like Langfuse, a failure is not counted', () => {
    const [success, failure] = exported('002');
    const ok = observation(success as LangfuseTraceJson, 'draft-reply');
    const messages = ok.input as Record<string, string>[];
    const input = naiveChat(o200k, messages);
    const output = o200k.encode(ok.output as string).length;
    expect(ok.usageDetails).toEqual({ input, output, total: input + output });
    expect(ok.calculatedTotalCost).toBeCloseTo(input * 2.5 * M + output * 10 * M, 12);
    const failed = observation(failure as LangfuseTraceJson, 'draft-reply');
    expect(failed).toMatchObject({ level: 'ERROR', statusMessage: 'model overloaded: 503', usageDetails: {} });
    expect(failed.calculatedTotalCost).toBe(0);
  });

  it('llm-call (gpt-4, no usage): input as chat messages, output as its JSON text, priced at 30 and 60 per million', () => {
    const trace = only('003');
    const o = observation(trace, 'llm-call');
    const input = naiveChat(cl100k, [{ role: 'user', content: 'Capital of France?' }]);
    const output = cl100k.encode('{"content":"Paris."}').length;
    expect([input, output]).toEqual([11, 6]);
    expect(o.usageDetails).toEqual({ input: 11, output: 6, total: 17 });
    expect(o.calculatedInputCost).toBeCloseTo(11 * 30 * M, 12);
    expect(o.calculatedOutputCost).toBeCloseTo(6 * 60 * M, 12);
    expect(trace.totalCost).toBeCloseTo(11 * 30 * M + 6 * 60 * M, 12);
    expect(trace).toMatchObject({ name: 'user-request', input: { query: 'Capital of France?' }, output: 'Answered.' });
  });

  it("fetch-data: the root observation's own metadata is the trace's", () => {
    const trace = only('004');
    expect(trace.metadata).toEqual({ source: 'API' });
    expect(observation(trace, 'fetch-data').metadata).toEqual({ source: 'API' });
  });

  it('manual observations: the tool is typed, the generation keeps the usage it sent', () => {
    const trace = only('005');
    expect(observation(trace, 'fetch-weather')).toMatchObject({ type: 'TOOL', output: { temperature: '15°C' } });
    expect(observation(trace, 'llm-call').usageDetails).toEqual({ input: 10, output: 5, total: 15 });
    expect(trace.output).toBe('Successfully answered user request.');
  });

  it('propagated attributes: version, user, session and metadata on the observations in scope and on the trace', () => {
    const trace = only('008');
    expect(trace).toMatchObject({
      name: 'user-workflow',
      userId: 'user_123',
      sessionId: 'session_abc',
      version: '1.0',
      metadata: { experiment: 'variant_a', env: 'prod' },
    });
    const llm = observation(trace, 'llm-call');
    expect(llm).toMatchObject({ version: '1.0', metadata: { experiment: 'variant_a', env: 'prod' } });
    // No input or output: nothing to count, as in Langfuse.
    expect(llm.usageDetails).toEqual({});
    // propagateAttributes sets the attributes on the span active when it is called too: the root has them.
    expect(observation(trace, 'user-workflow')).toMatchObject({ version: '1.0', metadata: { env: 'prod' } });
    const stored = loadObservations('langfuse-seeds', '008').find((o: Observation) => o.name === 'llm-call');
    expect(stored).toMatchObject({ userId: 'user_123', sessionId: 'session_abc', version: '1.0' });
  });

  it('propagated tags and metadata reach the trace and every observation', () => {
    const trace = only('010');
    expect(trace).toMatchObject({ tags: ['authenticated-user'], userId: 'user-123', metadata: { plan: 'premium' } });
    for (const o of trace.observations) expect(o.metadata).toEqual({ plan: 'premium' });
  });

  it('a parent span never sent: the span keeps its parent id and names the trace', () => {
    const ticket = only('011');
    expect(ticket.name).toBe('process-ticket');
    expect(ticket.observations[0]?.parentObservationId).toBe('0123456789abcdef');
    const downstream = only('012');
    expect(downstream).toMatchObject({ id: 'abcdef1234567890abcdef1234567890', name: 'downstream-task' });
    expect(downstream.observations[0]?.parentObservationId).toBe('fedcba0987654321');
  });

  it('nesting and updates keep their structure and values', () => {
    const outer = only('006');
    const byName = new Map(outer.observations.map((o) => [o.name, o]));
    expect(byName.get('llm-step-2')?.parentObservationId).toBe(byName.get('intermediate-step')?.id);
    expect(byName.get('intermediate-step')?.parentObservationId).toBe(byName.get('outer-process')?.id);
    expect(only('007')).toMatchObject({ input: { path: '/api/process' }, output: { status: 'success' } });
  });
});
