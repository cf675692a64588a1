import type { TraceSummary } from '@core/model/types';
import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  distinctValues,
  type FilterContext,
  filterAndSort,
  filtersFromQuery,
  filtersToQuery,
  NO_FILTERS,
  type TraceFilters,
} from './filter-traces';

const NOW = 1_800_000_000_000;

function trace(id: string, over: Partial<TraceSummary> = {}): TraceSummary {
  return {
    id,
    name: id,
    nameIsExplicit: false,
    startTime: NOW - 1000,
    endTime: NOW,
    latencyMs: 1000,
    observationCount: 1,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    totalCost: 0,
    worstLevel: 'DEFAULT',
    errorCount: 0,
    rootObservationId: null,
    userId: null,
    sessionId: null,
    tags: [],
    environment: 'default',
    release: null,
    version: null,
    updatedAt: NOW,
    ...over,
  };
}

const traces = [
  trace('alpha', { worstLevel: 'ERROR', userId: 'u1', tags: ['x'], latencyMs: 50, startTime: NOW - 10 }),
  trace('beta', { worstLevel: 'WARNING', sessionId: 's1', latencyMs: 500, startTime: NOW - 20 }),
  trace('gamma', { environment: 'prod', latencyMs: 5, startTime: NOW - 3_600_000 * 5 }),
];
const ctx: FilterContext = { now: NOW, modelMatches: null, textMatches: new Set() };
const newest = { key: 'startTime', desc: true } as const;
const ids = (list: TraceSummary[]) => list.map((t) => t.id);

describe('filterAndSort', () => {
  it('keeps everything with no filters, newest first', () => {
    expect(ids(filterAndSort(traces, NO_FILTERS, newest, ctx))).toEqual(['alpha', 'beta', 'gamma']);
  });
  it('sorts by any column in both directions', () => {
    expect(ids(filterAndSort(traces, NO_FILTERS, { key: 'latency', desc: false }, ctx))).toEqual([
      'gamma',
      'alpha',
      'beta',
    ]);
    expect(ids(filterAndSort(traces, NO_FILTERS, { key: 'level', desc: true }, ctx))).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
  });
  it('filters by level, error, user, session, tag, environment and time', () => {
    const run = (over: Partial<typeof NO_FILTERS>) =>
      ids(filterAndSort(traces, { ...NO_FILTERS, ...over }, newest, ctx));
    expect(run({ minLevel: 'WARNING' })).toEqual(['alpha', 'beta']);
    expect(run({ hasError: true })).toEqual(['alpha']);
    expect(run({ user: 'u1' })).toEqual(['alpha']);
    expect(run({ session: 's1' })).toEqual(['beta']);
    expect(run({ tag: 'x' })).toEqual(['alpha']);
    expect(run({ environment: 'prod' })).toEqual(['gamma']);
    expect(run({ withinMs: 3_600_000 })).toEqual(['alpha', 'beta']);
  });
  it("reads a run's level from its root: a recovered run is no error by level, yet has an error", () => {
    const recovered = trace('delta', { worstLevel: 'ERROR', rootLevel: 'DEFAULT', errorCount: 1, startTime: NOW - 5 });
    const failed = trace('omega', { worstLevel: 'ERROR', rootLevel: 'ERROR', errorCount: 2, startTime: NOW - 6 });
    const all = [recovered, failed, ...traces];
    const run = (over: Partial<typeof NO_FILTERS>) => ids(filterAndSort(all, { ...NO_FILTERS, ...over }, newest, ctx));
    expect(run({ minLevel: 'ERROR' })).toEqual(['omega', 'alpha']);
    expect(run({ hasError: true })).toEqual(['delta', 'omega', 'alpha']);
    const byLevel = ids(filterAndSort(all, NO_FILTERS, { key: 'level', desc: true }, ctx));
    expect(byLevel).toEqual(['omega', 'alpha', 'beta', 'delta', 'gamma']);
  });
  it('matches search text in names, and in bodies through the scan results', () => {
    const f = { ...NO_FILTERS, search: 'GAM' };
    expect(ids(filterAndSort(traces, f, newest, ctx))).toEqual(['gamma']);
    const scanned = { ...ctx, textMatches: new Set(['beta']) };
    expect(ids(filterAndSort(traces, { ...NO_FILTERS, search: 'paris' }, newest, scanned))).toEqual(['beta']);
  });
  it('filters by model through the lookup result', () => {
    const f = { ...NO_FILTERS, model: 'gpt-4o' };
    expect(filterAndSort(traces, f, newest, ctx)).toEqual([]);
    expect(ids(filterAndSort(traces, f, newest, { ...ctx, modelMatches: new Set(['gamma']) }))).toEqual(['gamma']);
  });
});

describe('distinctValues and activeFilterCount', () => {
  it('lists values by frequency and counts set filters', () => {
    const list = [trace('a', { tags: ['x', 'y'] }), trace('b', { tags: ['y'] })];
    expect(distinctValues(list, (t) => t.tags)).toEqual(['y', 'x']);
    expect(activeFilterCount({ ...NO_FILTERS, user: 'u', search: 'q' })).toBe(1);
  });
});

describe('the filters added for the Analysis view', () => {
  const ids = (f: Partial<TraceFilters>, c: Partial<FilterContext> = {}) =>
    filterAndSort(traces, { ...NO_FILTERS, ...f }, newest, { ...ctx, ...c }).map((t) => t.id);
  const versioned = [
    trace('r1', { release: '1.0', version: 'v1', startTime: NOW - 100 }),
    trace('r2', { release: '1.1', version: 'v2', startTime: NOW - 200 }),
  ];

  it('filters by release and version', () => {
    const pick = (f: Partial<TraceFilters>) =>
      filterAndSort(versioned, { ...NO_FILTERS, ...f }, newest, ctx).map((t) => t.id);
    expect(pick({ release: '1.1' })).toEqual(['r2']);
    expect(pick({ version: 'v1' })).toEqual(['r1']);
  });

  it('filters by an absolute range: from inclusive, to exclusive', () => {
    expect(ids({ from: NOW - 20, to: NOW - 10 })).toEqual(['beta']);
    expect(ids({ from: NOW - 20 })).toEqual(['alpha', 'beta']);
    expect(ids({ to: NOW - 20 })).toEqual(['gamma']);
  });

  it('filters by observation name and score name through their lookups, nothing while they run', () => {
    expect(ids({ observation: 'plan' }, { observationMatches: new Set(['beta']) })).toEqual(['beta']);
    expect(ids({ observation: 'plan' }, { observationMatches: null })).toEqual([]);
    expect(ids({ score: 'helpful' }, { scoreMatches: new Set(['gamma', 'alpha']) })).toEqual(['alpha', 'gamma']);
  });

  it('round-trips every filter through the hash query', () => {
    const all: TraceFilters = {
      name: 'agent run',
      minLevel: 'WARNING',
      user: 'u&1',
      session: 's=1',
      tag: 'prod',
      model: 'gpt-4o',
      environment: 'staging',
      release: '1.2',
      version: 'v3',
      observation: 'plan',
      score: 'helpfulness',
      withinMs: 3_600_000,
      from: Date.parse('2025-06-01T00:00:00Z'),
      to: Date.parse('2025-06-02T00:00:00Z'),
      hasError: true,
      search: 'refund ',
    };
    const query = filtersToQuery(all);
    expect(query).toContain('from=2025-06-01T00%3A00%3A00.000Z');
    expect(query).toContain('model=gpt-4o');
    expect(filtersFromQuery(query)).toEqual(all);
    expect(filtersToQuery(NO_FILTERS)).toBe('');
    expect(filtersFromQuery('')).toEqual(NO_FILTERS);
  });

  it('ignores what it cannot read', () => {
    expect(filtersFromQuery('from=yesterday&level=LOUD&within=-5&bogus=1')).toEqual(NO_FILTERS);
    expect(filtersFromQuery('from=1700000000000').from).toBe(1_700_000_000_000);
  });
});
