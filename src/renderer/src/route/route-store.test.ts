import { describe, expect, it } from 'vitest';
import { parseHash, sessionHash, traceHash } from './route-store';

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
    expect(parseHash('#/%E0%A4%A')).toEqual({ view: 'list' });
  });
});
