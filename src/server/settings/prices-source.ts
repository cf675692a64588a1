import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PRICE_TABLE, type PriceTable, withPriceOverrides } from '@core/cost/compute-cost';
import { parsePriceOverrides } from '@core/cost/price-overrides';
import { SETTINGS_FILE } from './credentials';

/**
 * The price table for computed cost: the user's `prices` from `settings.json` in the data directory in front of
 * the built-in table. The file is read again when it changes (checked per request by its mtime, as the keys are).
 * Invalid entries are skipped and reported through `notify`, once per distinct set of problems; the valid ones
 * apply. Costs already stored keep the prices they were computed with.
 */
export function priceTableSource(
  dataDir: string | null,
  notify: (message: string) => void = () => {},
): () => PriceTable {
  if (!dataDir) return () => DEFAULT_PRICE_TABLE;
  const path = join(dataDir, SETTINGS_FILE);
  let seen = -1;
  let current = DEFAULT_PRICE_TABLE;
  let reported = '';
  const report = (message: string) => {
    if (message !== '' && message !== reported) notify(message);
    reported = message;
  };
  const table = () => {
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtime === seen) return current;
    seen = mtime;
    current = DEFAULT_PRICE_TABLE;
    let settings: unknown;
    try {
      settings = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      // A missing file means no settings; an unreadable one is reported, and the built-in prices apply.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') report('');
      else report(`${path} could not be read (${(error as Error).message}); using the built-in model prices`);
      return current;
    }
    const prices =
      typeof settings === 'object' && settings !== null ? (settings as { prices?: unknown }).prices : undefined;
    const { entries, errors } = parsePriceOverrides(prices);
    if (entries.length > 0) current = withPriceOverrides(entries);
    report(
      errors.length === 0
        ? ''
        : `${errors.length} model price${errors.length === 1 ? '' : 's'} in ${path} skipped: ${errors.map((e) => e.message).join('; ')}`,
    );
    return current;
  };
  // Read once now, so that a problem in the file is reported at start rather than with the first trace.
  table();
  return table;
}
