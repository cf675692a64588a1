import { numberDelta } from '@core/compare/deltas';
import { describe, expect, it } from 'vitest';
import { formatDelta, formatRatio } from './delta-format';

describe('formatDelta', () => {
  it('signs the difference in the measure’s unit', () => {
    expect(formatDelta(numberDelta(1000, 2200), 'ms')).toBe('+1.20s');
    expect(formatDelta(numberDelta(900, 600), 'ms')).toBe('−300ms');
    expect(formatDelta(numberDelta(100, 1300), 'tokens')).toBe('+1,200');
    expect(formatDelta(numberDelta(0.01, 0.0123), 'usd')).toBe('+$0.002300');
    expect(formatDelta(numberDelta(5, 5), 'tokens')).toBe('±0');
    expect(formatDelta(numberDelta(null, 5), 'tokens')).toBe('');
  });
  it('gives the relative change against A', () => {
    expect(formatRatio(numberDelta(200, 250))).toBe('+25%');
    expect(formatRatio(numberDelta(200, 195))).toBe('−2.5%');
    expect(formatRatio(numberDelta(0, 5))).toBe('');
  });
});
