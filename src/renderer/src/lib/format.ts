/**
 * Display formatting shared by the views. Kept pure so it is tested without a DOM.
 *
 * Every formatter is total: it takes whatever the store holds (older stores, imports and bugs can put anything in a
 * field) and returns a string without throwing. A value that cannot be shown as what the field means comes back as
 * `INVALID[kind]`; the `is…` checks let a view mark that placeholder (components/StoredValue.tsx) and say in its
 * title what the stored value was (`describeStored`).
 */

/** The largest |epoch ms| a `Date` can hold (ECMAScript: 100 million days either side of 1970). */
export const MAX_TIME_MS = 8.64e15;

/** The placeholder text per kind of value, shown where a stored value cannot be. */
export const INVALID = {
  time: 'invalid time',
  duration: 'invalid duration',
  tokens: 'invalid tokens',
  cost: 'invalid cost',
  count: 'invalid count',
  text: 'invalid text',
  name: 'invalid name',
  id: 'invalid id',
  level: 'invalid level',
  tags: 'invalid tags',
} as const;
export type InvalidKind = keyof typeof INVALID;

/** A time `Date` can represent. */
export function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_TIME_MS;
}

/** A duration between two representable times: anything longer is no duration a trace has. */
export function isDuration(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 2 * MAX_TIME_MS;
}

/** A count (tokens, observations, errors): a whole-number-sized, non-negative number a double holds exactly. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

/** A cost in US dollars; a trillion dollars is no price a model call has, so anything above is a broken value. */
export function isCost(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1e12;
}

const DESCRIBE_CHARS = 200;

function clip(text: string): string {
  return text.length > DESCRIBE_CHARS ? `${text.slice(0, DESCRIBE_CHARS)}… (${text.length} characters)` : text;
}

/**
 * What a stored value is, in at most a couple of hundred characters, for a placeholder's title: never throws, whatever
 * the value (BigInt, cycles, objects whose `toString` is not a function, getters that throw).
 */
export function describeStored(v: unknown): string {
  try {
    if (v === undefined) return 'missing';
    if (typeof v === 'string') return clip(JSON.stringify(v));
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol' || typeof v === 'function') return typeof v;
    if (v === null || typeof v === 'boolean') return String(v);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Date (invalid)' : `Date ${v.toISOString()}`;
    const seen = new WeakSet<object>();
    const json = JSON.stringify(v, (_key, value: unknown) => {
      if (typeof value === 'bigint') return `${value}n`;
      if (typeof value === 'object' && value !== null) {
        if (seen.has(value)) return '[cycle]';
        seen.add(value);
      }
      return value;
    });
    return clip(json ?? Object.prototype.toString.call(v));
  } catch {
    try {
      return Object.prototype.toString.call(v);
    } catch {
      return 'an unreadable value';
    }
  }
}

/** A string field as it is, else null (for a placeholder): names, ids, users, tags. */
export function textOf(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** A short id (the first `length` characters); ids that are not strings show what they are instead. */
export function shortId(v: unknown, length = 8): string {
  return (typeof v === 'string' ? v : describeStored(v)).slice(0, length);
}

export function formatDuration(ms: unknown): string {
  if (ms === null || ms === undefined) return '–';
  if (!isDuration(ms)) return INVALID.duration;
  if (ms < 0) return '0ms';
  if (ms < 10) return `${Number(ms.toFixed(2))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${groupedInteger(Math.floor(minutes / 60))}h ${String(minutes % 60).padStart(2, '0')}m`;
}

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateAndTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Local time; the date is left out for today, where it is noise when watching traces arrive. */
export function formatStart(epochMs: unknown, now: number = Date.now()): string {
  if (!isTime(epochMs)) return INVALID.time;
  const d = new Date(epochMs);
  const today = new Date(isTime(now) ? now : Date.now());
  const sameDay =
    d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? timeOnly.format(d) : dateAndTime.format(d);
}

const precise = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
});

/** Full local timestamp with milliseconds, for headers and the inspector. */
export function formatTimestamp(epochMs: unknown): string {
  return isTime(epochMs) ? precise.format(new Date(epochMs)) : INVALID.time;
}

/** Grouped thousands (1,234,567): one formatter for every call, where `toLocaleString` builds one each time. */
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A whole number with grouped thousands. */
export function groupedInteger(n: number): string {
  return grouped.format(Math.round(n));
}

export function formatTokens(n: unknown): string {
  if (n === null || n === undefined) return '–';
  if (!isCount(n)) return INVALID.tokens;
  return groupedInteger(n);
}

/** A count (observations, traces, records) with grouped thousands. */
export function formatCount(n: unknown): string {
  return isCount(n) ? groupedInteger(n) : INVALID.count;
}

/**
 * US dollars by one rule everywhere: cents from a dollar up, four significant digits below it ($0.03414 next to
 * $0.03380, $0.00001200), so costs side by side carry the same precision and line up.
 */
export function formatCost(usd: unknown): string {
  if (usd === null || usd === undefined || usd === 0) return '–';
  if (!isCost(usd)) return INVALID.cost;
  if (usd < 1e-10) return '<$0.0000000001';
  // Rounded first, so that $0.99995 becomes $1.00; then written in fixed notation (toPrecision says 1.2e-7).
  const rounded = usd >= 1 ? usd : Number(usd.toPrecision(4));
  if (rounded >= 1) return `$${dollars.format(rounded)}`;
  return `$${rounded.toFixed(3 - Math.floor(Math.log10(rounded)))}`;
}
