import { describe, expect, it } from 'vitest';
import { CONNECT_HASH, compareHash, parseHash, SETTINGS_HASH, sessionHash, traceHash } from './route-store';

describe('route hashes', () => {
  it('round-trips a trace, an observation and a view', () => {
    expect(parseHash(traceHash('t1', 'o/1', 'timeline'))).toEqual({
      view: 'trace',
      traceId: 't1',
      observationId: 'o/1',
      tab: 'timeline',
    });
    expect(parseHash(traceHash('t1'))).toEqual({ view: 'trace', traceId: 't1', observationId: null, tab: 'tree' });
  });
  it('reads sessions and falls back to the list', () => {
    expect(parseHash(sessionHash('s 1'))).toEqual({ view: 'session', sessionId: 's 1' });
    expect(parseHash('#/sessions')).toEqual({ view: 'sessions' });
    expect(parseHash('#/trace/t1?view=bogus')).toMatchObject({ tab: 'tree' });
    expect(parseHash('#/%E0%A4%A')).toEqual({ view: 'list', query: '' });
  });
  it('round-trips a comparison, with and without a selected pair', () => {
    expect(parseHash(compareHash('t a', 't/b'))).toEqual({
      view: 'compare',
      traceA: 't a',
      traceB: 't/b',
      observationA: null,
      observationB: null,
    });
    expect(parseHash(compareHash('ta', 'tb', 'o&1', null))).toMatchObject({ observationA: 'o&1', observationB: null });
    expect(parseHash(compareHash('ta', 'tb', 'x', 'y'))).toMatchObject({ observationA: 'x', observationB: 'y' });
    expect(parseHash('#/compare/only-one')).toEqual({ view: 'list', query: '' });
  });
  it('keeps the list filters and the analysis range in the query', () => {
    expect(parseHash('#/?model=gpt-4o&errors=1')).toEqual({ view: 'list', query: 'model=gpt-4o&errors=1' });
    expect(parseHash('#/analysis?range=7d&env=prod')).toEqual({ view: 'analysis', query: 'range=7d&env=prod' });
    expect(parseHash('#/analysis')).toEqual({ view: 'analysis', query: '' });
  });
  it('parses the settings and connect screens', () => {
    expect(parseHash(SETTINGS_HASH)).toEqual({ view: 'settings' });
    expect(parseHash(CONNECT_HASH)).toEqual({ view: 'connect' });
    expect(parseHash('#/settings/extra?x=1')).toEqual({ view: 'settings' });
  });
});
