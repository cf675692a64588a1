import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatStart, formatTokens } from './format';

describe('formatDuration', () => {
  it('picks a unit that keeps the number short', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(0.272855)).toBe('0.27ms');
    expect(formatDuration(5)).toBe('5ms');
    expect(formatDuration(532.4)).toBe('532ms');
    expect(formatDuration(1234)).toBe('1.23s');
    expect(formatDuration(12_345)).toBe('12.3s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
  });
});

describe('formatCost', () => {
  it('keeps fractions of a cent visible', () => {
    expect(formatCost(0)).toBe('–');
    expect(formatCost(0.0023456)).toBe('$0.00235');
    expect(formatCost(0.000012)).toBe('$0.000012');
    expect(formatCost(0.05)).toBe('$0.0500');
    expect(formatCost(3.5)).toBe('$3.50');
  });
});

describe('formatTokens and formatStart', () => {
  it('groups thousands', () => {
    expect(formatTokens(1234567)).toBe('1,234,567');
    expect(formatTokens(undefined)).toBe('–');
  });
  it('leaves the date out for today only', () => {
    const now = new Date(2026, 10, 22, 18, 0, 0).getTime();
    expect(formatStart(new Date(2026, 10, 22, 9, 5, 7).getTime(), now)).not.toMatch(/2026/);
    expect(formatStart(new Date(2026, 10, 21, 9, 5, 7).getTime(), now)).toMatch(/2026/);
  });
});
