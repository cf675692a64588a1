import { describe, expect, it } from 'vitest';
import { compactTokens } from './usage-format';

describe('compactTokens', () => {
  it('shows counts under ten thousand exactly', () => {
    expect(compactTokens(0)).toBe('0');
    expect(compactTokens(2538)).toBe('2,538');
    expect(compactTokens(9999)).toBe('9,999');
  });
  it('abbreviates larger counts with one decimal, rounding down', () => {
    expect(compactTokens(10_000)).toBe('10k');
    expect(compactTokens(840_500)).toBe('840.5k');
    expect(compactTokens(999_999)).toBe('999.9k');
    expect(compactTokens(1_250_000)).toBe('1.2M');
    expect(compactTokens(3_000_000_000)).toBe('3B');
  });
  it('never returns more than ten characters, so the tree column never cuts it', () => {
    for (let n = 1; n < 1e13; n *= 3.7) expect(compactTokens(n).length).toBeLessThanOrEqual(10);
  });
});
