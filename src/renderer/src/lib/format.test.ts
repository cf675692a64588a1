import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeStored,
  formatCost,
  formatCount,
  formatDuration,
  formatStart,
  formatTimestamp,
  formatTokens,
  INVALID,
  isTime,
  MAX_TIME_MS,
  shortId,
} from './format';

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
  it('gives every cost below a dollar four significant digits, and cents above', () => {
    expect(formatCost(0)).toBe('–');
    expect(formatCost(0.0341415)).toBe('$0.03414');
    expect(formatCost(0.0338)).toBe('$0.03380');
    expect(formatCost(0.0023456)).toBe('$0.002346');
    expect(formatCost(0.000012)).toBe('$0.00001200');
    expect(formatCost(0.05)).toBe('$0.05000');
    expect(formatCost(0.99995)).toBe('$1.00');
    expect(formatCost(3.5)).toBe('$3.50');
    expect(formatCost(1234.567)).toBe('$1,234.57');
    expect(formatCost(1e-12)).toBe('<$0.0000000001');
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

describe('the formatters are total', () => {
  const formatters = [
    ['formatStart', (v: unknown) => formatStart(v)],
    ['formatTimestamp', formatTimestamp],
    ['formatDuration', formatDuration],
    ['formatTokens', formatTokens],
    ['formatCount', formatCount],
    ['formatCost', formatCost],
    ['describeStored', describeStored],
    ['shortId', (v: unknown) => shortId(v)],
  ] as const;

  it('never throw and always return a string, whatever the stored value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
          fc.double(),
          fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e23, -1e23, MAX_TIME_MS + 1, Number.MAX_VALUE, -0),
        ),
        (v) => {
          for (const [, f] of formatters) expect(typeof f(v)).toBe('string');
        },
      ),
    );
  });

  it('mark a time beyond the Date range, the value that blanked the list', () => {
    // startTimeUnixNano "99999999999999999999999" decodes to 1e17 ms.
    expect(formatStart(1e17)).toBe(INVALID.time);
    expect(formatTimestamp(1e17)).toBe(INVALID.time);
    expect(formatTimestamp(Number.NaN)).toBe(INVALID.time);
    expect(formatStart('2026-01-01')).toBe(INVALID.time);
    expect(formatTimestamp(MAX_TIME_MS)).not.toBe(INVALID.time);
    expect(isTime(MAX_TIME_MS)).toBe(true);
    expect(isTime(MAX_TIME_MS + 1)).toBe(false);
  });

  it('mark durations, counts and costs that are not numbers a trace has', () => {
    expect(formatDuration(Number.NaN)).toBe(INVALID.duration);
    expect(formatDuration(Infinity)).toBe(INVALID.duration);
    expect(formatDuration(1e300)).toBe(INVALID.duration);
    expect(formatDuration('12')).toBe(INVALID.duration);
    expect(formatDuration(undefined)).toBe('–');
    expect(formatTokens(-1)).toBe(INVALID.tokens);
    expect(formatTokens(1e300)).toBe(INVALID.tokens);
    expect(formatTokens(10n)).toBe(INVALID.tokens);
    expect(formatCount({})).toBe(INVALID.count);
    expect(formatCost(Number.NaN)).toBe(INVALID.cost);
    expect(formatCost(-0.5)).toBe(INVALID.cost);
    expect(formatCost(1e13)).toBe(INVALID.cost);
    expect(formatCost(Number.MIN_VALUE)).toBe('<$0.0000000001');
  });

  it('describe what was stored, briefly, for a placeholder title', () => {
    expect(describeStored(undefined)).toBe('missing');
    expect(describeStored('x')).toBe('"x"');
    expect(describeStored(1e17)).toBe('100000000000000000');
    expect(describeStored(10n)).toBe('10n');
    expect(describeStored(new Date(Number.NaN))).toBe('Date (invalid)');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(describeStored(cyclic)).toBe('{"a":1,"self":"[cycle]"}');
    expect(describeStored('y'.repeat(10_000))).toMatch(/… \(10002 characters\)$/);
    expect(
      describeStored({
        toJSON: () => {
          throw new Error('no');
        },
      }),
    ).toBe('[object Object]');
  });
});
