import type { TraceSummary } from '@core/model/types';
import { describe, expect, it } from 'vitest';
import { sessionTraces, summarizeSessions, turnText } from './sessions';

function trace(
  id: string,
  sessionId: string | null,
  startTime: number,
  over: Partial<TraceSummary> = {},
): TraceSummary {
  return {
    id,
    name: id,
    nameIsExplicit: false,
    startTime,
    endTime: startTime + 100,
    latencyMs: 100,
    observationCount: 1,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 10,
    totalCost: 0.5,
    worstLevel: 'DEFAULT',
    errorCount: 0,
    rootObservationId: null,
    userId: 'u',
    sessionId,
    tags: [],
    environment: 'default',
    release: null,
    version: null,
    updatedAt: 0,
    ...over,
  };
}

const traces = [
  // The fallback model answered after the first call failed: the run recovered.
  trace('t2', 's1', 2000, { worstLevel: 'ERROR', rootLevel: 'DEFAULT', errorCount: 1 }),
  trace('t5', 's1', 1500, { worstLevel: 'ERROR', rootLevel: 'ERROR', errorCount: 3 }),
  trace('t1', 's1', 1000),
  trace('t3', 's2', 5000),
  trace('t4', null, 9000),
];

describe('sessions', () => {
  it('groups traces by session with totals, most recent session first', () => {
    const s = summarizeSessions(traces);
    expect(s.map((x) => x.id)).toEqual(['s2', 's1']);
    expect(s[1]).toMatchObject({
      traceCount: 3,
      firstStart: 1000,
      lastEnd: 2100,
      totalTokens: 30,
      totalCost: 1.5,
      failedRuns: 1,
      failedSteps: 3,
      userIds: ['u'],
    });
  });
  it('lists a session in the order it happened', () => {
    expect(sessionTraces(traces, 's1').map((t) => t.id)).toEqual(['t1', 't5', 't2']);
  });
});

describe('turnText', () => {
  it('unwraps text and one-field wrappers, and leaves richer values alone', () => {
    expect(turnText('hi')).toBe('hi');
    expect(turnText({ question: 'where?' })).toBe('where?');
    expect(turnText({ a: 'x', b: 'y' })).toBeNull();
    expect(turnText([{ role: 'user', content: 'x' }])).toBeNull();
    expect(turnText(null)).toBeNull();
  });
});
