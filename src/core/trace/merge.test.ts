import { describe, expect, it } from 'vitest';
import { mapSpan } from '../conventions/map-span';
import { testSpan } from '../conventions/test-span';
import type { Level, Observation, ObservationRow, ObservationType, TraceSummary, UsageDetails } from '../model/types';
import { LEVELS, splitObservation } from '../model/types';
import { MAX_TRACE_MODELS, mergeObservationIntoTrace, mergeTraceBody } from './merge';

function observation(overrides: Partial<Observation>): Observation {
  return { ...mapSpan(testSpan({})), ...overrides };
}

/** Mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: ObservationType[] = ['GENERATION', 'EMBEDDING', 'SPAN', 'AGENT', 'TOOL'];

/** Observations of one trace. Trace-level values agree across spans, as SDK context propagation makes them. */
function randomTrace(random: () => number): Observation[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const n = 1 + Math.floor(random() * 25);
  const hasRoot = random() < 0.8;
  const out: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const isRoot = hasRoot && i === 0;
    const start = 1000 + Math.floor(random() * 500);
    const usage: UsageDetails =
      random() < 0.6 ? { input: Math.floor(random() * 100), output: Math.floor(random() * 50) } : {};
    const cost: UsageDetails =
      random() < 0.3
        ? random() < 0.5
          ? { total: random() / 100 }
          : { input: random() / 100, output: random() / 100 }
        : {};
    out.push(
      observation({
        traceId: 't',
        id: `o${i}`,
        parentId: isRoot ? null : `o${Math.floor(random() * n)}`,
        isRoot,
        name: `name-${i}`,
        type: pick(TYPES),
        startTime: start,
        endTime: random() < 0.1 ? null : start + Math.floor(random() * 300),
        level: pick(LEVELS),
        usage: random() < 0.2 ? { ...usage, input_cached_tokens: 5 } : usage,
        cost,
        environment: random() < 0.5 ? 'prod' : 'default',
        trace: {
          ...(random() < 0.3 ? { name: 'explicit-name' } : {}),
          ...(random() < 0.5 ? { userId: 'user-1' } : {}),
          ...(random() < 0.5 ? { sessionId: 'session-1' } : {}),
          ...(random() < 0.5 ? { tags: [pick(['a', 'b', 'c']), pick(['b', 'd'])] } : {}),
          ...(random() < 0.3 ? { release: 'r1', version: 'v1' } : {}),
        },
      }),
    );
  }
  return out;
}

/** The naive reference: every aggregate computed from scratch over the final distinct set. */
function reference(observations: Observation[]): Omit<TraceSummary, 'updatedAt'> {
  const counted = observations.filter((o) => o.type === 'GENERATION' || o.type === 'EMBEDDING');
  const sum = (f: (o: Observation) => number) => counted.reduce((s, o) => s + f(o), 0);
  const start = Math.min(...observations.map((o) => o.startTime));
  const end = Math.max(...observations.map((o) => o.endTime ?? o.startTime));
  const explicit = observations.find((o) => o.trace.name !== undefined);
  const root = observations.find((o) => o.isRoot);
  const worst = Math.max(...observations.map((o) => LEVELS.indexOf(o.level)));
  const value = <K extends 'userId' | 'sessionId' | 'release' | 'version'>(k: K) =>
    observations.find((o) => o.trace[k] !== undefined)?.trace[k] ?? null;
  return {
    id: 't',
    name: explicit?.trace.name ?? root?.name ?? null,
    nameIsExplicit: explicit !== undefined,
    startTime: start,
    endTime: end,
    latencyMs: end - start,
    observationCount: observations.length,
    inputTokens: sum((o) => (o.usage.input ?? 0) + (o.usage.input_cached_tokens ?? 0)),
    outputTokens: sum((o) => o.usage.output ?? 0),
    totalTokens: sum((o) => Object.values(o.usage).reduce((s, v) => s + v, 0)),
    totalCost: sum((o) => o.cost.total ?? Object.values(o.cost).reduce((s, v) => s + v, 0)),
    worstLevel: LEVELS[worst] as Level,
    rootLevel: root?.level,
    errorCount: observations.filter((o) => o.level === 'ERROR').length,
    rootObservationId: root?.id ?? null,
    userId: value('userId'),
    sessionId: value('sessionId'),
    tags: [...new Set(observations.flatMap((o) => o.trace.tags ?? []))].sort(),
    environment: observations.some((o) => o.environment === 'prod') ? 'prod' : 'default',
    release: value('release'),
    version: value('version'),
  };
}

/** Delivers observations the way the store writer does: `previous` is the stored row, if any. */
function deliver(arrivals: Observation[]): TraceSummary | undefined {
  const stored = new Map<string, ObservationRow>();
  let trace: TraceSummary | undefined;
  arrivals.forEach((o, i) => {
    trace = mergeObservationIntoTrace(trace, o, stored.get(o.id), i);
    stored.set(o.id, splitObservation(o).row);
  });
  return trace;
}

describe('mergeObservationIntoTrace', () => {
  it('gives the reference summary for any arrival order with duplicates', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = rng(seed);
      const distinct = randomTrace(random);
      const arrivals = distinct.flatMap((o) => (random() < 0.3 ? [o, o] : [o]));
      for (let i = arrivals.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [arrivals[i], arrivals[j]] = [arrivals[j] as Observation, arrivals[i] as Observation];
      }
      const { updatedAt: _u, totalCost, ...merged } = deliver(arrivals) as TraceSummary;
      const { totalCost: expectedCost, ...expected } = reference(distinct);
      expect(merged, `seed ${seed}`).toEqual(expected);
      expect(totalCost, `seed ${seed}`).toBeCloseTo(expectedCost, 12);
    }
  });

  it('is idempotent: merging the same observation again changes only updatedAt', () => {
    const o = observation({
      type: 'GENERATION',
      usage: { input: 1, output: 2, total: 3 },
      cost: { total: 0.1 + 0.2 },
      level: 'ERROR',
    });
    const once = mergeObservationIntoTrace(undefined, o, undefined, 1);
    const twice = mergeObservationIntoTrace(once, o, splitObservation(o).row, 2);
    expect(twice).toEqual({ ...once, updatedAt: 2 });
  });

  it('replaces the contribution of an earlier version of the same span', () => {
    const first = observation({ type: 'GENERATION', usage: { input: 10, output: 0, total: 10 }, level: 'ERROR' });
    const fuller = { ...first, usage: { input: 10, output: 5, total: 15 }, level: 'DEFAULT' as const };
    const t1 = mergeObservationIntoTrace(undefined, first, undefined, 1);
    const t2 = mergeObservationIntoTrace(t1, fuller, splitObservation(first).row, 2);
    expect(t2).toMatchObject({ observationCount: 1, inputTokens: 10, outputTokens: 5, totalTokens: 15, errorCount: 0 });
  });

  it('does not count agent or wrapper usage on top of the model calls below them', () => {
    const agent = observation({ id: 'a', type: 'AGENT', usage: { input: 122, output: 29, total: 151 } });
    const call = observation({
      id: 'c',
      parentId: 'a',
      type: 'GENERATION',
      usage: { input: 42, output: 17, total: 59 },
    });
    const t = mergeObservationIntoTrace(mergeObservationIntoTrace(undefined, agent, undefined, 1), call, undefined, 2);
    expect([t.inputTokens, t.outputTokens, t.totalTokens]).toEqual([42, 17, 59]);
  });

  it('keeps an explicit trace name over the root name, whatever the order', () => {
    const root = observation({ id: 'r', parentId: null, isRoot: true, name: 'root-span' });
    const named = observation({ id: 'c', trace: { name: 'travel-agent-run' } });
    for (const order of [
      [root, named],
      [named, root],
    ]) {
      const t = deliver(order) as TraceSummary;
      expect([t.name, t.nameIsExplicit, t.rootObservationId]).toEqual(['travel-agent-run', true, 'r']);
    }
  });
});

describe('the models a trace names', () => {
  const modelsAfter = (calls: [string, number][]) => {
    let t: TraceSummary | undefined;
    calls.forEach(([model, startTime], i) => {
      t = mergeObservationIntoTrace(t, observation({ id: `o${i}`, model, startTime }), undefined, 1);
    });
    return t?.models;
  };

  it('keeps each model once, at its first call, in call order whatever the order of arrival', () => {
    const calls: [string, number][] = [
      ['gpt-4o', 30],
      ['claude-3-5-haiku', 20],
      ['gpt-4o', 10],
      ['o3', 40],
    ];
    const expected = [
      { model: 'gpt-4o', at: 10 },
      { model: 'claude-3-5-haiku', at: 20 },
      { model: 'o3', at: 40 },
    ];
    expect(modelsAfter(calls)).toEqual(expected);
    expect(modelsAfter([...calls].reverse())).toEqual(expected);
  });

  it('keeps the MAX_TRACE_MODELS earliest models only', () => {
    const calls = Array.from({ length: 30 }, (_, i): [string, number] => [`m-${i}`, 1000 - i]);
    const kept = modelsAfter(calls);
    expect(kept).toHaveLength(MAX_TRACE_MODELS);
    expect(kept?.[0]).toEqual({ model: 'm-29', at: 971 });
    expect(modelsAfter([...calls].reverse())).toEqual(kept);
  });
});

describe('mergeTraceBody', () => {
  it('prefers explicit trace input/output over the root, in either order, and merges metadata', () => {
    const root = observation({ isRoot: true, input: 'root-in', output: 'root-out', trace: { metadata: { a: 1 } } });
    const explicit = observation({ id: 'x', trace: { input: { q: 1 }, metadata: { b: 2 } } });
    for (const order of [
      [root, explicit],
      [explicit, root],
    ]) {
      const body = order.reduce<ReturnType<typeof mergeTraceBody> | undefined>(
        (b, o) => mergeTraceBody(b, o),
        undefined,
      );
      expect(body).toEqual({ id: root.traceId, input: { q: 1 }, output: 'root-out', metadata: { a: 1, b: 2 } });
    }
  });
});

describe('declared roots (as_root, is_app_root)', () => {
  const httpRoot = observation({ id: 'http', parentId: null, isRoot: true, name: 'POST /chat', input: null });
  const appRoot = observation({ id: 'app', parentId: 'http', isRoot: true, name: 'chat-turn', input: 'hi' });
  const child = observation({ id: 'llm', parentId: 'app', isRoot: false, name: 'llm-call' });

  function merged(order: Observation[]): TraceSummary {
    let t: TraceSummary | undefined;
    for (const o of order) t = mergeObservationIntoTrace(t, o, undefined, 0);
    return t as TraceSummary;
  }

  it('names the trace after the app root when its parent never arrives', () => {
    expect(merged([child, appRoot])).toMatchObject({ name: 'chat-turn', rootObservationId: 'app' });
    expect(mergeTraceBody(undefined, appRoot).input).toBe('hi');
  });

  it('lets the parentless root win when it arrives too, in either order', () => {
    for (const order of [
      [child, appRoot, httpRoot],
      [httpRoot, appRoot, child],
      [appRoot, httpRoot, appRoot],
    ]) {
      expect(merged(order)).toMatchObject({ name: 'POST /chat', rootObservationId: 'http' });
    }
  });
});
