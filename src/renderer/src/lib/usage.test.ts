import { describe, expect, it } from 'vitest';
import { splitUsage } from './usage';

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
  });
});
