import type { NumberDelta } from '@core/compare/deltas';
import { formatCost, formatDuration, formatTokens } from '../../lib/format';

export type DeltaUnit = 'ms' | 'tokens' | 'usd' | 'count';

function magnitude(n: number, unit: DeltaUnit): string {
  if (unit === 'ms') return formatDuration(n);
  if (unit === 'usd') return formatCost(n);
  return formatTokens(n);
}

/** `+1.20s`, `−300ms`, `+$0.0012`, `±0`; empty when a side has no value. */
export function formatDelta(delta: NumberDelta, unit: DeltaUnit): string {
  if (delta.diff === null) return '';
  if (delta.trend === 'same' && unit === 'ms') return '≈';
  if (delta.diff === 0 || delta.trend === 'same') return '±0';
  const sign = delta.diff > 0 ? '+' : '−';
  return `${sign}${magnitude(Math.abs(delta.diff), unit)}`;
}

/** The change relative to A, `+25%`, when it says more than the absolute number (A is not zero). */
export function formatRatio(delta: NumberDelta): string {
  if (delta.diff === null || delta.a === null || delta.a === 0 || delta.trend === 'same') return '';
  const pct = (delta.diff / delta.a) * 100;
  const rounded = Math.abs(pct) >= 10 ? Math.round(pct) : Number(pct.toFixed(1));
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

export function formatValue(n: number | null, unit: DeltaUnit): string {
  return n === null ? '–' : magnitude(n, unit);
}
