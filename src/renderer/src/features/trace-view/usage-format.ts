/**
 * Usage in a tree cell: short enough for a fixed column at any window size, and never cut. Counts under 10,000
 * show exactly ("2,538 tok"); above, one decimal of thousands or millions ("840.5k tok", "1.2M tok"), rounded
 * down so the abbreviation never claims more than was used. Costs keep three significant digits down to a
 * hundredth of a cent, and say "<$0.0001" below that. The exact figures go in the cell's tooltip.
 */

export function compactTokens(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 10_000) return Math.round(n).toLocaleString('en-US');
  const [unit, size] = n < 1_000_000 ? ['k', 1_000] : n < 1_000_000_000 ? ['M', 1_000_000] : ['B', 1_000_000_000];
  const tenths = Math.floor((n / size) * 10) / 10;
  // 999,999 rounds down to 999.9k, never up to a misleading "1000.0k".
  return `${tenths.toFixed(1).replace(/\.0$/, '')}${unit}`;
}

export function compactCost(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) return '?';
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd >= 100) return `$${Math.round(usd).toLocaleString('en-US')}`;
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(3).replace(/0+$/, '').replace(/\.$/, '')}`;
}
