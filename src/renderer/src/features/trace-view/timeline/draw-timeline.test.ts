import { describe, expect, it } from 'vitest';
import { tickLabel } from './draw-timeline';

describe('tickLabel', () => {
  it('gives each tick its unit and only the decimals its step needs', () => {
    expect(tickLabel(0, 500)).toBe('0');
    expect(tickLabel(500, 500)).toBe('500ms');
    expect(tickLabel(1500, 500)).toBe('1.5s');
    expect(tickLabel(2000, 1000)).toBe('2s');
    expect(tickLabel(1250, 50)).toBe('1.25s');
    expect(tickLabel(0.5, 0.1)).toBe('0.5ms');
    expect(tickLabel(150_000, 30_000)).toBe('2m 30s');
  });
});
