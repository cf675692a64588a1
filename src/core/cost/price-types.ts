/**
 * The shape of a model price entry, shared by the built-in table and user overrides. Prices are
 * USD per token, keyed by usage key (`input`, `output`, `input_cached_tokens`,
 * `input_cache_creation`, `output_reasoning_tokens`, ...).
 */

export type Prices = Record<string, number>;

export const TIER_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type TierOperator = (typeof TIER_OPERATORS)[number];

/** Holds when the summed usage of the keys matching `usageKeyPattern` compares true against `value`. */
export interface TierCondition {
  /** Regular expression source, matched case-insensitively against usage keys, e.g. `^input`. */
  usageKeyPattern: string;
  operator: TierOperator;
  value: number;
}

export interface PriceTier {
  name: string;
  /** Every condition must hold. */
  conditions: TierCondition[];
  prices: Prices;
}

export interface ModelPrice {
  /** A stable name for the entry, shown as the price source. */
  id: string;
  /** Regular expression source for the model name, matched case-insensitively (no `(?i)` prefix). */
  match: string;
  prices: Prices;
  /** Checked in order before the default `prices`; the first whose conditions hold wins. */
  tiers?: PriceTier[];
}
