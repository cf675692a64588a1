import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment } from './fact-segments';
import { analyze } from './rollup';
import { type AnalysisQuery, type GenerationFact, NO_ANALYSIS_FILTERS, NO_MODEL, type TraceFact } from './types';

const HOUR = 3_600_000;

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', null];
const NAMES = ['plan', 'answer', 'embed'];

/** Three days of traces around New York's fall-back day, each with a few generations. */
function dataset(seed: number) {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const start = Date.parse('2024-11-02T00:00:00Z');
  const traces: TraceFact[] = [];
  const facts: GenerationFact[] = [];
  for (let i = 0; i < 400; i++) {
    const t0 = start + Math.floor(next() * 72 * HOUR);
    const id = `t${i}`;
    traces.push({
      id,
      name: pick(['agent', 'chat', null]),
      startTime: t0,
      latencyMs: Math.round(next() * 9000),
      totalCost: Math.round(next() * 1000) / 1e5,
      error: next() < 0.1,
      userId: pick(['u1', 'u2', null]),
      sessionId: pick(['s1', null]),
      tags: pick([[], ['prod'], ['prod', 'beta']]),
      environment: pick(['default', 'staging']),
      release: pick(['1.0', '1.1', null]),
      version: pick(['v1', null]),
      updatedAt: t0,
    });
    const n = Math.floor(next() * 4);
    for (let j = 0; j < n; j++) {
      facts.push({
        traceId: id,
        id: `${id}-${j}`,
        // Calls start after their trace, sometimes in the next hour or day.
        startTime: t0 + Math.floor(next() * 2 * HOUR),
        model: pick(MODELS),
        name: pick(NAMES),
        latencyMs: next() < 0.1 ? null : Math.round(next() * 5000),
        ttftMs: next() < 0.3 ? null : Math.round(next() * 800),
        inputTokens: Math.floor(next() * 2000),
        outputTokens: Math.floor(next() * 500),
        cachedTokens: Math.floor(next() * 100),
        reasoningTokens: Math.floor(next() * 50),
        cost: Math.round(next() * 10000) / 1e6,
        error: next() < 0.05,
        seq: t0,
      });
    }
  }
  // A fact whose trace is not stored (yet) counts nowhere.
  facts.push({ ...(facts[0] as GenerationFact), traceId: 'missing', id: 'orphan' });
  return { traces, facts };
}

/** Nearest rank, the slow way. */
function naivePercentile(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  for (const v of sorted) if (sorted.filter((x) => x <= v).length >= p * sorted.length) return v;
  return null;
}

/** The local calendar day of an instant, read with Intl. */
const localDay = (t: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

describe('analyze', () => {
  const { traces, facts } = dataset(11);
  const query: AnalysisQuery = {
    from: Date.parse('2024-11-02T06:00:00Z'),
    to: Date.parse('2024-11-04T18:00:00Z'),
    timeZone: 'America/New_York',
    filters: NO_ANALYSIS_FILTERS,
  };

  it('matches a naive reference: totals, per model figures and daily cost, attributed to the trace start', () => {
    const result = analyze(traces, facts, query);
    const selected = traces.filter((t) => t.startTime >= query.from && t.startTime < query.to);
    const ids = new Set(selected.map((t) => t.id));
    const mine = facts.filter((f) => ids.has(f.traceId));
    expect(result.totals.traces).toBe(selected.length);
    expect(result.totals.generations).toBe(mine.length);
    expect(result.totals.errorTraces).toBe(selected.filter((t) => t.error).length);
    expect(result.totals.failedCalls).toBe(mine.filter((f) => f.error).length);
    expect(result.totals.inputTokens).toBe(mine.reduce((s, f) => s + f.inputTokens, 0));
    expect(result.totals.cost).toBeCloseTo(
      mine.reduce((s, f) => s + f.cost, 0),
      12,
    );

    expect(result.models.map((r) => r.key).sort()).toEqual([...new Set(mine.map((f) => f.model ?? NO_MODEL))].sort());
    for (const row of result.models) {
      const calls = mine.filter((f) => (f.model ?? NO_MODEL) === row.key);
      const latencies = calls.flatMap((f) => (f.latencyMs === null ? [] : [f.latencyMs]));
      expect(row.calls).toBe(calls.length);
      expect(row.traces).toBe(new Set(calls.map((f) => f.traceId)).size);
      expect(row.cost).toBeCloseTo(
        calls.reduce((s, f) => s + f.cost, 0),
        12,
      );
      expect(row.cachedTokens).toBe(calls.reduce((s, f) => s + f.cachedTokens, 0));
      expect(row.p50LatencyMs).toBe(naivePercentile(latencies, 0.5));
      expect(row.p95LatencyMs).toBe(naivePercentile(latencies, 0.95));
      expect(row.p99LatencyMs).toBe(naivePercentile(latencies, 0.99));
      expect(row.avgLatencyMs).toBeCloseTo(latencies.reduce((s, v) => s + v, 0) / latencies.length, 9);
      const ttfts = calls.flatMap((f) => (f.ttftMs === null ? [] : [f.ttftMs]));
      expect(row.p95TtftMs).toBe(naivePercentile(ttfts, 0.95));
      expect(row.errors).toBe(calls.filter((f) => f.error).length);
    }
    // The costliest model first.
    const costs = result.models.map((r) => r.cost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));

    // Daily buckets follow New York's calendar (a 25-hour Nov 3): cost per local day of the trace's start.
    expect(result.series.unit).toBe('day');
    const { bounds } = result.series;
    for (const { model, values } of result.series.costByModel) {
      values.forEach((value, i) => {
        const day = localDay(bounds[i] as number, query.timeZone);
        const expected = mine
          .filter((f) => (f.model ?? NO_MODEL) === model)
          .filter((f) => localDay(traces.find((t) => t.id === f.traceId)?.startTime as number, query.timeZone) === day)
          .reduce((s, f) => s + f.cost, 0);
        expect(value).toBeCloseTo(expected, 12);
      });
    }
    expect(result.series.traces.reduce((s, n) => s + n, 0)).toBe(selected.length);
  });

  it('applies the trace-level filters and lists the values in range for the menus', () => {
    const filters = { ...NO_ANALYSIS_FILTERS, environment: 'staging', tag: 'beta', release: '1.1' };
    const result = analyze(traces, facts, { ...query, filters });
    const selected = traces.filter(
      (t) =>
        t.startTime >= query.from &&
        t.startTime < query.to &&
        t.environment === 'staging' &&
        t.tags.includes('beta') &&
        t.release === '1.1',
    );
    expect(result.totals.traces).toBe(selected.length);
    expect(result.options.environment.sort()).toEqual(['default', 'staging']);
    expect(result.options.release.sort()).toEqual(['1.0', '1.1']);
  });

  it('ranks the most expensive and the slowest traces', () => {
    const result = analyze(traces, facts, query);
    const selected = traces.filter((t) => t.startTime >= query.from && t.startTime < query.to);
    const slowest = [...selected].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, 10);
    expect(result.slowest.map((t) => t.latencyMs)).toEqual(slowest.map((t) => t.latencyMs));
    const costliest = [...selected].sort((a, b) => b.totalCost - a.totalCost).slice(0, 10);
    expect(result.mostExpensive.map((t) => t.cost)).toEqual(costliest.map((t) => t.totalCost));
  });

  it('answers an empty range with zeros and no error rate', () => {
    const result = analyze([], [], query);
    expect(result.totals).toEqual({
      traces: 0,
      generations: 0,
      inputTokens: 0,
      outputTokens: 0,
      cost: 0,
      errorTraces: 0,
      errorRate: null,
      failedCalls: 0,
    });
    expect(result.models).toEqual([]);
  });

  it('stores facts and traces in columnar segments without loss (calls of traces not in the segment left out)', () => {
    const back = decodeSegment(encodeSegment(traces, facts));
    expect(back.traces).toEqual(traces);
    expect(back.facts).toEqual(facts.filter((f) => f.traceId !== 'missing'));
  });
});
