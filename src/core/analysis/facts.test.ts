import { describe, expect, it } from 'vitest';
import { emptyTrace } from '../trace/merge';
import { traceFact } from './facts';

describe('traceFact', () => {
  it('counts a run as an error when its root failed, not when it recovered from a failed step', () => {
    const base = { ...emptyTrace('t', 0), worstLevel: 'ERROR' as const };
    expect(traceFact({ ...base, rootLevel: 'DEFAULT', errorCount: 1 }).error).toBe(false);
    expect(traceFact({ ...base, rootLevel: 'ERROR', errorCount: 2 }).error).toBe(true);
    // A summary stored before the root's level was kept: the worst level decides, as it did then.
    expect(traceFact({ ...base, errorCount: 1 }).error).toBe(true);
  });
});
