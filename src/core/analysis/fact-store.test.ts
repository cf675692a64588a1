import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment } from './fact-segments';
import { FactStore } from './fact-store';
import { analyze, analyzeStore } from './rollup';
import { type AnalysisQuery, type GenerationFact, NO_ANALYSIS_FILTERS, type TraceFact } from './types';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-06-02T00:00:00Z');

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * Writes as the writer makes them, in a random order: each write carries some traces (new or changed) and some
 * calls of those traces (new, or a later version of one written before); now and then traces are deleted, and some
 * come back. The naive reference keeps plain maps where a later write replaces an earlier one.
 */
function history(seed: number) {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const traces = new Map<string, TraceFact>();
  const facts = new Map<string, GenerationFact>();
  const store = new FactStore();
  let version = 0;
  for (let w = 0; w < 60; w++) {
    if (next() < 0.15 && traces.size > 0) {
      const gone = [...traces.keys()].filter(() => next() < 0.2);
      for (const id of gone) {
        traces.delete(id);
        for (const [key, f] of facts) if (f.traceId === id) facts.delete(key);
        store.delete(id);
      }
      continue;
    }
    const written = new Map<string, TraceFact>();
    const calls = new Map<string, GenerationFact>();
    for (let k = 0; k < 1 + Math.floor(next() * 6); k++) {
      const id = `t${Math.floor(next() * 40)}`;
      const trace: TraceFact = {
        id,
        name: pick(['agent', 'chat', null]),
        startTime: T0 + Math.floor(next() * 48 * HOUR),
        latencyMs: ++version * 7,
        totalCost: Math.floor(next() * 100) / 64,
        error: next() < 0.2,
        userId: pick(['u1', 'u2', null]),
        sessionId: pick(['s1', null]),
        tags: pick([[], ['prod'], ['prod', 'beta']]),
        environment: pick(['default', 'staging']),
        release: pick(['1.0', null]),
        version: pick(['v1', null]),
        updatedAt: w,
      };
      written.set(id, trace);
      for (let c = 0; c < Math.floor(next() * 4); c++) {
        const fact: GenerationFact = {
          traceId: id,
          id: `g${Math.floor(next() * 5)}`,
          startTime: trace.startTime,
          model: pick(['gpt-4o', 'claude-sonnet-4', null]),
          name: pick(['plan', 'answer']),
          latencyMs: next() < 0.1 ? null : Math.floor(next() * 5000),
          ttftMs: next() < 0.3 ? null : Math.floor(next() * 800),
          inputTokens: Math.floor(next() * 2000),
          outputTokens: Math.floor(next() * 500),
          cachedTokens: Math.floor(next() * 100),
          reasoningTokens: Math.floor(next() * 50),
          // Multiples of 1/1024: sums are exact in any order.
          cost: Math.floor(next() * 100) / 1024,
          error: next() < 0.1,
          seq: w,
        };
        calls.set(`${id}/${fact.id}`, fact);
      }
    }
    for (const [id, t] of written) traces.set(id, t);
    for (const [key, f] of calls) facts.set(key, f);
    store.apply(encodeSegment([...written.values()], [...calls.values()]));
  }
  return { traces: [...traces.values()], facts: [...facts.values()], store };
}

const byKey = (a: { id: string; traceId?: string }, b: { id: string; traceId?: string }) =>
  `${a.traceId}/${a.id}` < `${b.traceId}/${b.id}` ? -1 : 1;

describe('FactStore', () => {
  const query: AnalysisQuery = { from: T0, to: T0 + 48 * HOUR, timeZone: 'UTC', filters: NO_ANALYSIS_FILTERS };

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`holds what a naive map of the same writes holds, and aggregates the same (seed ${seed})`, () => {
      const { traces, facts, store } = history(seed);
      expect(store.liveTraces).toBe(traces.length);
      expect(store.liveFacts).toBe(facts.length);
      const back = store.toSegments().map(decodeSegment);
      expect(back.flatMap((s) => s.traces).sort(byKey)).toEqual([...traces].sort(byKey));
      expect(back.flatMap((s) => s.facts).sort(byKey)).toEqual([...facts].sort(byKey));
      expect(analyzeStore(store, query)).toEqual(analyze(traces, facts, query));
      const filtered = { ...query, filters: { ...NO_ANALYSIS_FILTERS, tag: 'beta', environment: 'staging' } };
      expect(analyzeStore(store, filtered)).toEqual(analyze(traces, facts, filtered));
    });
  }

  it('reads back from its own snapshot segments to the same figures', () => {
    const { store } = history(9);
    const copy = new FactStore();
    for (const segment of store.toSegments()) copy.apply(segment);
    expect(analyzeStore(copy, query)).toEqual(analyzeStore(store, query));
  });

  it('matches nothing for a filter value it has never seen', () => {
    const { store } = history(3);
    const result = analyzeStore(store, { ...query, filters: { ...NO_ANALYSIS_FILTERS, user: 'nobody' } });
    expect(result.totals.traces).toBe(0);
    expect(result.options.user.length).toBeGreaterThan(0);
  });
});
