import { describe, expect, it } from 'vitest';
import { hasUsage, splitUsage } from './usage';

describe('splitUsage', () => {
  it('splits OpenAI-style usage into input, output, cached and reasoning', () => {
    expect(
      splitUsage({
        input: 120,
        output: 40,
        total: 160,
        input_cached_tokens: 100,
        output_reasoning_tokens: 12,
        audio: 3,
      }),
    ).toEqual({ input: 120, output: 40, total: 160, cached: 100, reasoning: 12, other: [['audio', 3]] });
  });
  it('recognises Anthropic cache reads', () => {
    expect(splitUsage({ input: 10, cache_read_input_tokens: 50 }).cached).toBe(50);
  });
  it('leaves missing counts undefined', () => {
    expect(splitUsage({})).toEqual({ other: [] });
    expect(hasUsage(splitUsage({}))).toBe(false);
  });
  it('leaves out detail counts of 0 but keeps input, output and total at 0', () => {
    const usage = { input: 812, output: 0, total: 812, input_cached_tokens: 0, output_reasoning_tokens: 0, audio: 0 };
    expect(splitUsage(usage)).toEqual({ input: 812, output: 0, total: 812, other: [] });
    expect(splitUsage({ cache_read: 0, cache_read_input_tokens: 40 }).cached).toBe(40);
  });
  it('has nothing to show when every count is a detail of 0', () => {
    expect(hasUsage(splitUsage({ input_cached_tokens: 0, audio: 0 }))).toBe(false);
    expect(hasUsage(splitUsage({ total: 0 }))).toBe(true);
  });
});
