/** Figures for tooltips and tables: the charts' axes round, these do not. Costs use lib/format's one rule. */

import { INVALID, isTime } from '../../lib/format';

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

/** Average width of a character of the charts' 11 px font, in CSS pixels: a little more than measured, to be safe. */
const CHAR_PX = 6.5;

/**
 * The label cut to about `px` wide with an ellipsis, so model names under bars never run into each other; the
 * chart's tooltip has the full name.
 */
export function truncateToFit(label: string, px: number): string {
  const chars = Math.floor(px / CHAR_PX);
  if (label.length <= chars) return label;
  return chars <= 1 ? '…' : `${label.slice(0, chars - 1)}…`;
}
