import type { ModelPrice, Prices, PriceTier, TierCondition, TierOperator } from './price-types';
import { TIER_OPERATORS } from './price-types';

/**
 * The user's own model prices (`prices` in settings.json), in the shape of a Langfuse model definition so that
 * an entry copied from Langfuse needs no rewriting:
 *
 *   { "modelName": "my-finetune", "matchPattern": "(?i)^ft:gpt-4o-mini:acme:.*$",
 *     "prices": { "input": 0.0000003, "output": 0.0000012 },
 *     "pricingTiers": [{ "name": "long context",
 *                        "conditions": [{ "usageDetailPattern": "^input", "operator": "gt", "value": 200000 }],
 *                        "prices": { "input": 0.0000006, "output": 0.0000024 } }] }
 *
 * Prices are USD per token, as in Langfuse's API and its default price list. `matchPattern` is optional (the
 * exact model name, any case); a leading PostgreSQL `(?i)` is dropped since matching ignores case anyway.
 */

export interface PriceOverrideError {
  /** Position in the `prices` array; -1 when `prices` itself is unusable. */
  index: number;
  message: string;
}

export interface PriceOverridesResult {
  /** The valid entries, in order, ready for `withPriceOverrides`. */
  entries: ModelPrice[];
  errors: PriceOverrideError[];
}

// The dearest model in the built-in table costs $0.0006 per output token; 100 times that is a typo
// or a price per 1M tokens, which would make every cost a million times too high.
const MAX_PRICE_PER_TOKEN = 0.06;
const MAX_PATTERN_LENGTH = 1000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class EntryError extends Error {}

function regex(source: unknown, what: string): string {
  if (typeof source !== 'string' || source === '') throw new EntryError(`${what} must be a non-empty text`);
  if (source.length > MAX_PATTERN_LENGTH)
    throw new EntryError(`${what} is longer than ${MAX_PATTERN_LENGTH} characters`);
  const stripped = source.startsWith('(?i)') ? source.slice(4) : source;
  try {
    new RegExp(stripped, 'i');
  } catch (error) {
    throw new EntryError(`${what} is not a valid regular expression (${(error as Error).message})`);
  }
  return stripped;
}

function prices(value: unknown, what: string): Prices {
  if (!isObject(value)) {
    throw new EntryError(`${what} must be an object of USD per token by usage type, e.g. {"input": 0.0000025}`);
  }
  const out: Prices = {};
  for (const [key, price] of Object.entries(value)) {
    if (key === 'total') {
      throw new EntryError(`${what}.total is not supported: give prices per usage type ("input", "output", ...)`);
    }
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
      throw new EntryError(
        `${what}.${key} must be a number of USD per token, 0 or more (got ${JSON.stringify(price)})`,
      );
    }
    if (price > MAX_PRICE_PER_TOKEN) {
      throw new EntryError(
        `${what}.${key} is ${price} USD per token; prices are per token, not per 1M tokens: write ${price / 1e6}`,
      );
    }
    Object.defineProperty(out, key, { value: price, enumerable: true, writable: true });
  }
  if (Object.keys(out).length === 0) throw new EntryError(`${what} has no price; give at least "input" or "output"`);
  return out;
}

function condition(value: unknown, what: string): TierCondition {
  if (!isObject(value)) throw new EntryError(`${what} must be an object {usageDetailPattern, operator, value}`);
  const operator = value.operator;
  if (typeof operator !== 'string' || !(TIER_OPERATORS as readonly string[]).includes(operator)) {
    throw new EntryError(`${what}.operator must be one of ${TIER_OPERATORS.join(', ')}`);
  }
  if (typeof value.value !== 'number' || !Number.isFinite(value.value)) {
    throw new EntryError(`${what}.value must be a number of tokens`);
  }
  return {
    usageKeyPattern: regex(value.usageDetailPattern, `${what}.usageDetailPattern`),
    operator: operator as TierOperator,
    value: value.value,
  };
}

function tier(value: unknown, what: string): PriceTier {
  if (!isObject(value)) throw new EntryError(`${what} must be an object {name, conditions, prices}`);
  if (!Array.isArray(value.conditions) || value.conditions.length === 0) {
    throw new EntryError(`${what}.conditions must be a non-empty array`);
  }
  const conditions = value.conditions.map((c, i) => condition(c, `${what}.conditions[${i}]`));
  const name = typeof value.name === 'string' && value.name !== '' ? value.name : what;
  return { name, conditions, prices: prices(value.prices, `${what}.prices`) };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function entry(value: unknown): ModelPrice {
  if (!isObject(value)) throw new EntryError('must be an object {modelName, matchPattern, prices}');
  const { modelName } = value;
  if (typeof modelName !== 'string' || modelName.trim() === '')
    throw new EntryError('modelName must be a non-empty text');
  const match =
    value.matchPattern === undefined ? `^${escapeRegex(modelName)}$` : regex(value.matchPattern, 'matchPattern');
  const tiers = value.pricingTiers ?? [];
  if (!Array.isArray(tiers)) throw new EntryError('pricingTiers must be an array');
  // Langfuse keeps the base price as the tier marked `isDefault` (and then has no top-level prices).
  const isDefault = (t: unknown) => isObject(t) && t.isDefault === true;
  const base = value.prices === undefined ? tiers.find(isDefault) : undefined;
  const out: ModelPrice = {
    id: modelName,
    match,
    prices: base ? prices((base as Json).prices, 'pricingTiers (default).prices') : prices(value.prices, 'prices'),
  };
  const checked = tiers
    .map((t, i) => ({ t, i, priority: isObject(t) && typeof t.priority === 'number' ? t.priority : i }))
    .filter(({ t }) => !isDefault(t))
    .sort((a, b) => a.priority - b.priority)
    .map(({ t, i }) => tier(t, `pricingTiers[${i}]`));
  if (checked.length > 0) out.tiers = checked;
  return out;
}

/** Validates the `prices` setting: the usable entries, and for every other one what is wrong with it. */
export function parsePriceOverrides(value: unknown): PriceOverridesResult {
  if (value === undefined || value === null) return { entries: [], errors: [] };
  if (!Array.isArray(value)) {
    return {
      entries: [],
      errors: [{ index: -1, message: 'prices must be an array of entries {modelName, matchPattern, prices}' }],
    };
  }
  const entries: ModelPrice[] = [];
  const errors: PriceOverrideError[] = [];
  value.forEach((item, index) => {
    try {
      entries.push(entry(item));
    } catch (error) {
      if (!(error instanceof EntryError)) throw error;
      const name = isObject(item) && typeof item.modelName === 'string' ? ` (${JSON.stringify(item.modelName)})` : '';
      errors.push({ index, message: `prices[${index}]${name}: ${error.message}` });
    }
  });
  return { entries, errors };
}
