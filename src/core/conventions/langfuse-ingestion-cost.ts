import { computeCost, DEFAULT_PRICE_TABLE, type PriceTable } from '../cost/compute-cost';
import type { Observation, UsageDetails } from '../model/types';

/**
 * Computed cost for Langfuse ingestion observations, as for OTLP spans: the SDK's own cost wins, else usage is
 * priced with the price table. The legacy SDKs split one generation over several events (`generation-create` with
 * the model, `generation-update` with the usage, in any order, sometimes in different requests), so no single
 * event holds both: this memory keeps, per observation, the last model and usage seen and whether the SDK sent a
 * cost, and puts the computed cost on the last event of the observation in the batch.
 */

interface Known {
  model: string | null;
  usage: UsageDetails | null;
  sdkCost: boolean;
}

// One entry is a few hundred bytes; 20k covers the observations in flight from any realistic run.
const DEFAULT_LIMIT = 20_000;

function sets(o: Observation, field: keyof Observation): boolean {
  return o.partial === undefined || o.partial.includes(field);
}

function mark(o: Observation, ...fields: (keyof Observation)[]): void {
  if (!o.partial) return;
  for (const f of fields) if (!o.partial.includes(f)) o.partial.push(f);
}

export class IngestionCostMemory {
  private readonly known = new Map<string, Known>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  private touch(key: string): Known {
    const k = this.known.get(key) ?? { model: null, usage: null, sdkCost: false };
    // Re-inserted so the Map's order is least recently used first.
    this.known.delete(key);
    this.known.set(key, k);
    if (this.known.size > this.limit) this.known.delete(this.known.keys().next().value as string);
    return k;
  }

  /** Adds computed cost (and `costSource`) to the observations of one batch, in place. */
  price(observations: Observation[], table: PriceTable = DEFAULT_PRICE_TABLE): void {
    const last = new Map<string, number>();
    observations.forEach((o, i) => {
      const key = `${o.traceId}/${o.id}`;
      const k = this.touch(key);
      if (sets(o, 'model') && o.model) k.model = o.model;
      if (sets(o, 'usage') && Object.keys(o.usage).length > 0) k.usage = o.usage;
      if (sets(o, 'cost') && Object.keys(o.cost).length > 0) k.sdkCost = true;
      last.set(key, i);
    });
    for (const [key, i] of last) {
      const k = this.known.get(key);
      if (!k || k.sdkCost || !k.model || !k.usage) continue;
      const cost = computeCost(k.model, k.usage, table);
      if (!cost) continue;
      const o = observations[i] as Observation;
      o.cost = cost;
      o.costSource = 'computed';
      mark(o, 'cost', 'costSource');
    }
  }
}
