import { describe, expect, it } from 'vitest';
import { compactCost, compactTokens } from './usage-format';

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

describe('compactCost', () => {
  it('keeps three significant digits and says when a cost is below a hundredth of a cent', () => {
    expect(compactCost(0.0123)).toBe('$0.0123');
    expect(compactCost(0.0023456)).toBe('$0.00235');
    expect(compactCost(0.00001)).toBe('<$0.0001');
    expect(compactCost(12.5)).toBe('$12.50');
    expect(compactCost(1234.4)).toBe('$1,234');
  });
});
