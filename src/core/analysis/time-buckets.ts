/**
 * Time buckets that follow a time zone's clock: hours start where the local minute is 0 (so zones with a half-hour
 * offset get their own boundaries) and days at local midnight, which makes days 23 or 25 hours long across DST.
 * Offsets come from Intl, so every IANA zone is handled without a zone database of our own.
 */

export type BucketUnit = 'hour' | 'day';

const HOUR = 3_600_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError naming the zone when it is not a valid IANA time zone. */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** Local wall-clock time of `t` in `timeZone`, as if that wall clock were UTC (epoch ms, whole seconds). */
function wallClock(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = +p.value;
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at `t`, in ms (positive east of Greenwich). */
function offsetAt(t: number, timeZone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/**
 * The first instant whose local wall clock reads `wall`: the earlier one when a clock set back reads it twice, and
 * for a wall time inside a DST gap (a clock jumping from 02:00 to 03:00) the moment the gap ends.
 */
export function instantOfWallClock(wall: number, timeZone: string): number {
  // The offsets a day before and after cover both sides of a transition.
  const a = wall - offsetAt(wall - DAY, timeZone);
  const b = wall - offsetAt(wall + DAY, timeZone);
  const exact = [a, b].filter((c) => wallClock(c, timeZone) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: the wall clock passes `wall` somewhere between the two candidates; find where, to the second.
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (wallClock(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

const floorTo = (wall: number, unit: number) => wall - (((wall % unit) + unit) % unit);

function startOfUnit(t: number, unit: BucketUnit, timeZone: string): number {
  const wall = wallClock(t, timeZone);
  if (unit === 'day') return instantOfWallClock(floorTo(wall, DAY), timeZone);
  // An hour starts where the local minute and second are 0: step back by the local time past the hour.
  return Math.floor(t / 1000) * 1000 - (wall - floorTo(wall, HOUR));
}

function nextBoundary(b: number, unit: BucketUnit, timeZone: string): number {
  const wall = wallClock(b, timeZone);
  if (unit === 'day') return instantOfWallClock(floorTo(wall, DAY) + DAY, timeZone);
  // An hour later is the next boundary unless the offset changed by less than an hour in between (Lord Howe's 30
  // minutes); this also gives a clock set back its repeated hour as a bucket of its own.
  const next = b + HOUR;
  if (wallClock(next, timeZone) % HOUR === 0) return next;
  return instantOfWallClock(floorTo(wall, HOUR) + HOUR, timeZone);
}

/** Hour buckets up to two days, day buckets beyond: between 24 and a few hundred bars. */
export function unitFor(from: number, to: number): BucketUnit {
  return to - from <= 2 * DAY ? 'hour' : 'day';
}

/** Boundaries of the buckets covering [from, to): the first at or before `from`, the last after `to`. */
export function bucketBounds(from: number, to: number, unit: BucketUnit, timeZone: string): number[] {
  const bounds = [startOfUnit(from, unit, timeZone)];
  // A safety cap: ten years of days.
  while ((bounds[bounds.length - 1] as number) < to && bounds.length < 4000) {
    bounds.push(nextBoundary(bounds[bounds.length - 1] as number, unit, timeZone));
  }
  if (bounds.length === 1) bounds.push(nextBoundary(bounds[0] as number, unit, timeZone));
  return bounds;
}

/** Index of the bucket holding `t` (binary search), or -1 outside the bounds. */
export function bucketIndex(bounds: readonly number[], t: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  if (hi < 1 || t < (bounds[0] as number) || t >= (bounds[hi] as number)) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((bounds[mid] as number) <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}
