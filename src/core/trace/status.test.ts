import { describe, expect, it } from 'vitest';
import { mapSpan } from '../conventions/map-span';
import { testSpan } from '../conventions/test-span';
import type { Level, Observation, TraceSummary } from '../model/types';
import { emptyTrace, mergeObservationIntoTrace } from './merge';
import { failedStepsText, traceFailed, traceStatus } from './status';

function observation(id: string, parentId: string | null, level: Level): Observation {
  return { ...mapSpan(testSpan({})), traceId: 't', id, parentId, isRoot: parentId === null, level };
}

/** An agent run: a root, a model call that failed, the fallback model's call that answered. */
function run(rootLevel: Level): Observation[] {
  return [
    observation('root', null, rootLevel),
    observation('primary', 'root', 'ERROR'),
    observation('fallback', 'root', 'DEFAULT'),
  ];
}

function merged(observations: Observation[]): TraceSummary {
  let t = emptyTrace('t', 0);
  observations.forEach((o, i) => {
    t = mergeObservationIntoTrace(t, o, undefined, i);
  });
  return t;
}

describe('traceStatus', () => {
  it('calls a run whose root succeeded after a failed step recovered, and counts the step', () => {
    const t = merged(run('DEFAULT'));
    expect(traceStatus(t)).toEqual({ level: 'DEFAULT', outcome: 'recovered', failedSteps: 1 });
    expect(traceFailed(t)).toBe(false);
  });

  it('calls a run whose root ended in ERROR failed, counting the steps below the root only', () => {
    const t = merged(run('ERROR'));
    expect(traceStatus(t)).toEqual({ level: 'ERROR', outcome: 'failed', failedSteps: 1 });
    expect(traceFailed(t)).toBe(true);
  });

  it('decides the same whichever span arrives first', () => {
    for (const rootLevel of ['DEFAULT', 'ERROR'] as const) {
      const spans = run(rootLevel);
      const expected = traceStatus(merged(spans));
      expect(traceStatus(merged([...spans].reverse()))).toEqual(expected);
      const [root, primary, fallback] = spans as [Observation, Observation, Observation];
      expect(traceStatus(merged([primary, root, fallback]))).toEqual(expected);
    }
  });

  it('takes the root level of the latest version of the root span', () => {
    const [root, primary] = run('DEFAULT') as [Observation, Observation];
    const first = merged([primary, root]);
    const failedLater = mergeObservationIntoTrace(first, { ...root, level: 'ERROR' }, undefined, 9);
    expect(traceStatus(failedLater).outcome).toBe('failed');
  });

  it('falls back to the worst level while the root has not arrived, and for summaries stored without it', () => {
    expect(traceStatus({ worstLevel: 'ERROR', errorCount: 1 }).outcome).toBe('failed');
    expect(traceStatus({ worstLevel: 'WARNING', errorCount: 0 })).toEqual({
      level: 'WARNING',
      outcome: 'ok',
      failedSteps: 0,
    });
    expect(traceStatus(merged([observation('primary', 'root', 'ERROR')])).outcome).toBe('failed');
  });

  it('reads a stored row that holds anything without throwing', () => {
    const broken = { worstLevel: 'nope', errorCount: 'many', rootLevel: 7 } as never;
    expect(traceStatus(broken)).toEqual({ level: 'DEFAULT', outcome: 'ok', failedSteps: 0 });
  });
});

describe('failedStepsText', () => {
  it('names the count in words, singular and plural, and says nothing for none', () => {
    expect(failedStepsText(0)).toBe('');
    expect(failedStepsText(1)).toBe('1 step failed');
    expect(failedStepsText(1200)).toBe('1,200 steps failed');
  });
});
