import { groupedInteger } from '../../lib/format';

/**
 * Usage in a tree cell: short enough for a fixed column at any window size, and never cut. Counts under 10,000
 * show exactly ("2,538 tok"); above, one decimal of thousands or millions ("840.5k tok", "1.2M tok"), rounded
 * down so the abbreviation never claims more than was used; the exact figures go in the cell's tooltip. Costs are not
 * abbreviated: the cell shows them by the one rule of `formatCost`, so the tree, the header and the inspector agree.
 */

export function compactTokens(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 10_000) return groupedInteger(n);
  const [unit, size] = n < 1_000_000 ? ['k', 1_000] : n < 1_000_000_000 ? ['M', 1_000_000] : ['B', 1_000_000_000];
  const tenths = Math.floor((n / size) * 10) / 10;
  // 999,999 rounds down to 999.9k, never up to a misleading "1000.0k".
  return `${tenths.toFixed(1).replace(/\.0$/, '')}${unit}`;
}
