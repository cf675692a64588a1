import type { UsageDetails } from '../model/types';
import type { ModelPrice, Prices, TierCondition } from './price-types';
import { DEFAULT_PRICES } from './prices';

/**
 * Cost from usage and the price table: the sum over usage keys of count × the price of the same
 * key. Keys without a price of their own fall back to a known alias (`cache_read_input_tokens` →
 * `input_cached_tokens`), then to the plain `input` / `output` price of their side, so that a
 * detail such as `input_audio_tokens` is not silently free.
 */

export interface PriceTable {
  entries: readonly ModelPrice[];
  /** Compiled `match` patterns, parallel to `entries`. */
  patterns: RegExp[];
  /** Model name → matching entry index (or -1), filled as models are seen. */
  memo: Map<string, number>;
}

const MEMO_LIMIT = 2_000;

function compile(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch {
    // An invalid user pattern matches nothing rather than breaking every cost.
    return /$^/;
  }
}

export function buildPriceTable(entries: readonly ModelPrice[]): PriceTable {
  return { entries, patterns: entries.map((e) => compile(e.match)), memo: new Map() };
}

/** User entries (same shape as the built-in ones) in front of the built-in table: they win. */
export function withPriceOverrides(
  overrides: readonly ModelPrice[],
  base: readonly ModelPrice[] = DEFAULT_PRICES,
): PriceTable {
  return buildPriceTable([...overrides, ...base]);
}

export const DEFAULT_PRICE_TABLE: PriceTable = buildPriceTable(DEFAULT_PRICES);

export function findPrice(model: string, table: PriceTable = DEFAULT_PRICE_TABLE): ModelPrice | undefined {
  let index = table.memo.get(model);
  if (index === undefined) {
    index = table.patterns.findIndex((p) => p.test(model));
    if (table.memo.size >= MEMO_LIMIT) table.memo.clear();
    table.memo.set(model, index);
  }
  return index < 0 ? undefined : table.entries[index];
}

const conditionPatterns = new Map<string, RegExp>();

function holds(c: TierCondition, usage: UsageDetails): boolean {
  let pattern = conditionPatterns.get(c.usageKeyPattern);
  if (pattern === undefined) {
    pattern = compile(c.usageKeyPattern);
    if (conditionPatterns.size >= MEMO_LIMIT) conditionPatterns.clear();
    conditionPatterns.set(c.usageKeyPattern, pattern);
  }
  let sum = 0;
  for (const key in usage) if (key !== 'total' && pattern.test(key)) sum += usage[key] as number;
  switch (c.operator) {
    case 'gt':
      return sum > c.value;
    case 'gte':
      return sum >= c.value;
    case 'lt':
      return sum < c.value;
    case 'lte':
      return sum <= c.value;
    case 'eq':
      return sum === c.value;
    case 'neq':
      return sum !== c.value;
  }
}

function pricesFor(entry: ModelPrice, usage: UsageDetails): Prices {
  for (const tier of entry.tiers ?? []) if (tier.conditions.every((c) => holds(c, usage))) return tier.prices;
  return entry.prices;
}

const ALIASES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    cache_read_input_tokens: 'input_cached_tokens',
    input_cache_read: 'input_cached_tokens',
    cached_tokens: 'input_cached_tokens',
    cache_creation_input_tokens: 'input_cache_creation',
    input_cache_write: 'input_cache_creation',
    reasoning_tokens: 'output_reasoning_tokens',
    output_reasoning: 'output_reasoning_tokens',
    input_cache_creation_5m: 'input_cache_creation',
    cache_write_tokens: 'input_cache_creation',
    // Gemini's own usage field names, snake_case and camelCase.
    prompt_token_count: 'input',
    promptTokenCount: 'input',
    candidates_token_count: 'output',
    candidatesTokenCount: 'output',
    thoughts_token_count: 'output_reasoning_tokens',
    thoughtsTokenCount: 'output_reasoning_tokens',
    cached_content_token_count: 'input_cached_tokens',
    cachedContentTokenCount: 'input_cached_tokens',
  }),
);

function priceOf(prices: Prices, key: string): number | undefined {
  if (Object.hasOwn(prices, key)) return prices[key];
  const alias = ALIASES[key];
  if (alias !== undefined && Object.hasOwn(prices, alias)) return prices[alias];
  if (key.startsWith('input') || alias?.startsWith('input')) return prices.input;
  if (key.startsWith('output') || alias?.startsWith('output')) return prices.output;
  return undefined;
}

/** Twelve decimals: far below a cent, and free of float noise such as 0.000010199999999999999. */
function round(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

/** Cost per usage key plus `total`, in USD; null when the model has no price or nothing is priced. */
export function computeCost(
  model: string | null | undefined,
  usage: UsageDetails,
  table: PriceTable = DEFAULT_PRICE_TABLE,
): UsageDetails | null {
  if (!model) return null;
  const entry = findPrice(model, table);
  if (!entry) return null;
  const prices = pricesFor(entry, usage);
  const cost: UsageDetails = {};
  let total = 0;
  let priced = false;
  for (const key in usage) {
    if (key === 'total') continue;
    const price = priceOf(prices, key);
    const count = usage[key] as number;
    if (price === undefined || !Number.isFinite(count)) continue;
    const c = round(count * price);
    cost[key] = c;
    total += c;
    priced = true;
  }
  if (!priced) return null;
  cost.total = round(total);
  return cost;
}
