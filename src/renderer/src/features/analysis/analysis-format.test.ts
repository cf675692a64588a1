import { describe, expect, it } from 'vitest';
import { exactCost, milliseconds, percent } from './analysis-format';

describe('analysis formats', () => {
  it('shows costs exactly, without exponents or trailing zeros', () => {
    expect(exactCost(0.0004125)).toBe('$0.0004125');
    expect(exactCost(12.5)).toBe('$12.5');
    expect(exactCost(0.03)).toBe('$0.03');
    expect(exactCost(3)).toBe('$3');
    expect(exactCost(0.0000001234)).toBe('$0.0000001234');
    expect(exactCost(0)).toBe('$0');
  });

  it('shows shares and milliseconds with units', () => {
    expect(percent(1 / 3)).toBe('33.33%');
    expect(percent(null)).toBe('–');
    expect(milliseconds(1234.4)).toBe('1,234 ms');
  });
});
