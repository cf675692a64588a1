import type { TraceSummary } from '@core/model/types';
import { describe, expect, it } from 'vitest';
import { activeFilterCount, distinctValues, type FilterContext, filterAndSort, NO_FILTERS } from './filter-traces';

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
