import { describe, expect, it } from 'vitest';
import { milliseconds, percent, truncateToFit } from './analysis-format';

describe('analysis formats', () => {
  it('shortens a label to the width it has, with an ellipsis, and leaves one that fits', () => {
    expect(truncateToFit('gpt-4o', 100)).toBe('gpt-4o');
    expect(truncateToFit('claude-3-5-haiku-20241022', 60)).toBe('claude-3…');
    expect(truncateToFit('claude-3-5-haiku-20241022', 3)).toBe('…');
    expect(truncateToFit('', 10)).toBe('');
  });

  it('shows shares and milliseconds with units', () => {
    expect(percent(1 / 3)).toBe('33.33%');
    expect(percent(null)).toBe('–');
    expect(milliseconds(1234.4)).toBe('1,234 ms');
  });
});
