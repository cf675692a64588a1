/** Exact figures for tooltips and tables: the charts' axes round, these do not. */

import { INVALID, isTime } from '../../lib/format';

/** US dollars with every significant digit up to six, never in exponent form: $0.0004125, $12.5. */
export function exactCost(usd: number): string {
  if (!Number.isFinite(usd) || usd === 0) return '$0';
  const decimals = Math.min(12, Math.max(2, Math.ceil(-Math.log10(Math.abs(usd))) + 5));
  return `$${usd
    .toFixed(decimals)
    .replace(/(\.\d*?[1-9])0+$/, '$1')
    .replace(/\.0+$/, '')}`;
}

export function percent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '–';
  return `${Number((share * 100).toFixed(2))}%`;
}

export function milliseconds(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

const hourLabel = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeLabel = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });

/** "Jun 2, 14:00 – 15:00" for an hour, "Mon, Jun 2" for a day. */
export function bucketLabel(unit: 'hour' | 'day', start: number, end: number): string {
  // A bucket of a time beyond Date's range (a broken stored start) has no label to format: say so instead of throwing.
  if (!isTime(start) || (unit === 'hour' && !isTime(end))) return INVALID.time;
  return unit === 'day' ? dayLabel.format(start) : `${hourLabel.format(start)} – ${timeLabel.format(end)}`;
}
