import { DEFAULT_PRICE_TABLE, type PriceTable, withPriceOverrides } from '@core/cost/compute-cost';
import { parsePriceOverrides } from '@core/cost/price-overrides';
import type { SettingsFile } from './settings-file';

/**
 * The price table for computed cost: the user's `prices` from `settings.json` in front of the built-in table, built
 * again when the file's content changes (asked per request). Invalid entries are skipped and reported through
 * `notify`, once per distinct set of problems; the valid ones apply. Costs already stored keep the prices they were
 * computed with.
 */
export function priceTableSource(
  settings: SettingsFile | null,
  notify: (message: string) => void = () => {},
): () => PriceTable {
  if (!settings) return () => DEFAULT_PRICE_TABLE;
  let seen: unknown = null;
  let current = DEFAULT_PRICE_TABLE;
  let reported = '';
  const table = () => {
    // The file's parsed content is a new object only when the file changed.
    const raw = settings.read();
    if (raw === seen) return current;
    seen = raw;
    const { entries, errors } = parsePriceOverrides(raw.prices);
    current = entries.length > 0 ? withPriceOverrides(entries) : DEFAULT_PRICE_TABLE;
    const message =
      errors.length === 0
        ? ''
        : `${errors.length} model price${errors.length === 1 ? '' : 's'} in settings.json skipped: ${errors.map((e) => e.message).join('; ')}`;
    if (message !== '' && message !== reported) notify(message);
    reported = message;
    return current;
  };
  // Read once now, so that a problem in the file is reported at start rather than with the first trace.
  table();
  return table;
}
