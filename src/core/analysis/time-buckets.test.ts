import { describe, expect, it } from 'vitest';
import { bucketBounds, bucketIndex, checkTimeZone, instantOfWallClock, unitFor } from './time-buckets';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** One formatter per zone: building one is far slower than using it, and the walk below asks thousands of times. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local date and time parts of `t`, read with Intl and nothing else. */
function local(t: number, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: get('hour'), minute: get('minute') };
}

/**
 * Boundaries found by walking minute by minute: a new day starts where the local date changes; a new hour where the
 * local hour changes or the clock reads minute 0 again (a clock set back repeats an hour).
 */
function naiveBounds(from: number, to: number, unit: 'hour' | 'day', timeZone: string): number[] {
  const out: number[] = [];
  let previous = local(from - MINUTE, timeZone);
  for (let t = from; t < to; t += MINUTE) {
    const now = local(t, timeZone);
    const starts = unit === 'day' ? now.date !== previous.date : now.hour !== previous.hour || now.minute === '00';
    if (starts) out.push(t);
    previous = now;
  }
  return out;
}

const CASES: [string, string, string][] = [
  // Zone, a day with a DST change (or none), what it shows.
  ['America/New_York', '2024-03-10', 'spring forward: a 23-hour day'],
  ['America/New_York', '2024-11-03', 'fall back: a 25-hour day with 01:00 twice'],
  ['Europe/Berlin', '2024-03-31', 'spring forward at 02:00'],
  ['Asia/Kolkata', '2024-06-01', 'a half-hour offset'],
  ['Asia/Kathmandu', '2024-06-01', 'a 45-minute offset'],
  ['Australia/Lord_Howe', '2024-10-06', 'a 30-minute DST change'],
  ['Australia/Lord_Howe', '2024-04-07', 'a 30-minute DST change back'],
  ['America/Santiago', '2024-09-08', 'DST starting at midnight: the day starts at 01:00'],
  ['UTC', '2024-02-29', 'no offset'],
];

describe('time buckets in a time zone', () => {
  for (const [zone, day, what] of CASES) {
    it(`${zone} ${day}: ${what}`, () => {
      // Two days around the change, starting at a UTC midnight (not a local one).
      const from = Date.parse(`${day}T00:00:00Z`) - 12 * HOUR;
      const to = from + 48 * HOUR;
      for (const unit of ['hour', 'day'] as const) {
        const bounds = bucketBounds(from, to, unit, zone);
        // The first bound is at or before `from`, the last after `to`; those in between are the naive ones.
        expect(bounds[0]).toBeLessThanOrEqual(from);
        expect(bounds[bounds.length - 1]).toBeGreaterThanOrEqual(to);
        expect(bounds.filter((b) => b > from && b < to)).toEqual(naiveBounds(from + MINUTE, to, unit, zone));
      }
    });
  }

  it('New York days around DST are 23 and 25 hours long', () => {
    const spring = bucketBounds(
      Date.parse('2024-03-10T12:00:00Z'),
      Date.parse('2024-03-10T13:00:00Z'),
      'day',
      'America/New_York',
    );
    expect(((spring[1] as number) - (spring[0] as number)) / HOUR).toBe(23);
    const fall = bucketBounds(
      Date.parse('2024-11-03T12:00:00Z'),
      Date.parse('2024-11-03T13:00:00Z'),
      'day',
      'America/New_York',
    );
    expect(((fall[1] as number) - (fall[0] as number)) / HOUR).toBe(25);
    const hours = bucketBounds(fall[0] as number, (fall[1] as number) - 1, 'hour', 'America/New_York');
    expect(hours.length - 1).toBe(25);
  });

  it('maps a wall time in a DST gap to the end of the gap', () => {
    // 02:30 does not exist in New York on 2024-03-10; the clock reads 03:00 at 07:00 UTC.
    expect(instantOfWallClock(Date.UTC(2024, 2, 10, 2, 30), 'America/New_York')).toBe(
      Date.parse('2024-03-10T07:00:00Z'),
    );
    // 01:30 happens twice on 2024-11-03: the first one (EDT) is taken.
    expect(instantOfWallClock(Date.UTC(2024, 10, 3, 1, 30), 'America/New_York')).toBe(
      Date.parse('2024-11-03T05:30:00Z'),
    );
  });

  it('finds the bucket of an instant by binary search, -1 outside', () => {
    const bounds = [0, 10, 20, 30];
    expect(bucketIndex(bounds, -1)).toBe(-1);
    expect(bucketIndex(bounds, 0)).toBe(0);
    expect(bucketIndex(bounds, 9)).toBe(0);
    expect(bucketIndex(bounds, 10)).toBe(1);
    expect(bucketIndex(bounds, 29)).toBe(2);
    expect(bucketIndex(bounds, 30)).toBe(-1);
  });

  it('uses hours up to two days and days beyond', () => {
    expect(unitFor(0, 48 * HOUR)).toBe('hour');
    expect(unitFor(0, 48 * HOUR + 1)).toBe('day');
  });

  it('rejects an unknown zone with a RangeError naming it', () => {
    expect(() => checkTimeZone('Mars/Olympus_Mons')).toThrow(/Mars\/Olympus_Mons/);
  });
});
