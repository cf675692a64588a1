import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment } from './fact-segments';
import { analyze } from './rollup';
import { type AnalysisQuery, type GenerationFact, NO_ANALYSIS_FILTERS, type TraceFact } from './types';

const trace: TraceFact = {
  id: 't1',
  name: 'user-request',
  startTime: 1_000,
  latencyMs: 50,
  totalCost: 0.001,
  error: false,
  userId: null,
  sessionId: null,
  tags: [],
  environment: 'default',
  release: null,
  version: null,
  updatedAt: 2_000,
};

function fact(id: string, extra: Partial<GenerationFact>): GenerationFact {
  return {
    traceId: 't1',
    id,
    startTime: 1_000,
    model: 'gpt-4',
    name: 'llm-call',
    latencyMs: 10,
    ttftMs: null,
    inputTokens: 11,
    outputTokens: 6,
    cachedTokens: 0,
    reasoningTokens: 0,
    cost: 0.00069,
    error: false,
    seq: 1,
    ...extra,
  };
}

const query: AnalysisQuery = { from: 0, to: 10_000, timeZone: 'UTC', filters: NO_ANALYSIS_FILTERS };

describe('inferred usage in Analysis', () => {
  const facts = [fact('a', { inferred: true }), fact('b', {}), fact('c', { error: true })];

  it('survives the columnar segment, and failed calls stay failed', () => {
    expect(decodeSegment(encodeSegment([trace], facts)).facts).toEqual(facts);
  });

  it('counts the inferred calls of a model beside its calls, without counting them as errors', () => {
    const [row] = analyze([trace], facts, query).models;
    expect(row).toMatchObject({ key: 'gpt-4', calls: 3, errors: 1, inferredCalls: 1 });
  });

  it('leaves the count out when no call was inferred', () => {
    const [row] = analyze([trace], [fact('b', {})], query).models;
    expect(row && 'inferredCalls' in row).toBe(false);
  });
});
