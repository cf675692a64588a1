import 'fake-indexeddb/auto';
import { testObservation } from '@core/model/test-observation';
import type { Observation } from '@core/model/types';
import type { IngestBatch } from '@core/wire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { storedGenerationFacts } from './generation-facts';
import { allObservations } from './queries';
import { applyBatch } from './writer';

/**
 * A call recorded by an instrumentation and by the provider SDK itself counts once in what the writer stores (the
 * trace summary, the analysis facts), whichever of the two spans arrives first and in whichever batch.
 */

const TRACE = '5f1c6a3d9e0b4a7c8d2e1f0a9b8c7d6e';
const T0 = 1_796_172_462_900;
const usage = { input: 40, input_cache_creation: 1200, output: 22, total: 1262 };
const cost = { total: 0.00165 };

const obs = (id: string, parentId: string | null, over: Partial<Observation>): Observation =>
  testObservation({ traceId: TRACE, id, parentId, startTime: T0, endTime: T0 + 100, ...over });

const root = obs('a0a0a0a0a0a0a0a0', null, { name: 'weather-chat' });
const llm = obs('b1b1b1b1b1b1b1b1', root.id, {
  type: 'GENERATION',
  name: 'Anthropic Messages',
  model: 'claude-haiku-4-5-20251001',
  usage,
  cost,
  scope: { name: '@arizeai/openinference-instrumentation-anthropic', version: '0.2.8' },
});
const sdk = obs('c2c2c2c2c2c2c2c2', llm.id, {
  type: 'GENERATION',
  name: 'anthropic.messages.create',
  model: 'claude-haiku-4-5-20251001',
  usage,
  cost,
  scope: { name: 'com.anthropic.sdk.typescript', version: '1.15.0' },
});

let seq = 0;
const batch = (...observations: Observation[]): IngestBatch => ({
  seq: ++seq,
  receivedAt: T0,
  source: 'test',
  observations,
});

let db: LoupeDb;
let dbCount = 0;
afterEach(async () => {
  await db.delete();
});

describe('a call recorded twice, stored', () => {
  const orders: [string, Observation[][]][] = [
    ['one batch, parent first', [[root, llm, sdk]]],
    ['one batch, child first', [[sdk, llm, root]]],
    ['parent in an earlier batch', [[llm], [sdk], [root]]],
    ['child in an earlier batch', [[sdk], [root], [llm]]],
    ['child first, then everything again', [[sdk], [llm, root], [root, llm, sdk]]],
  ];
  for (const [label, batches] of orders) {
    it(`counts once: ${label}`, async () => {
      db = openDb(`loupe-same-call-${++dbCount}`);
      for (const b of batches) await applyBatch(db, batch(...b));
      const trace = await db.traces.get(TRACE);
      expect(trace).toMatchObject({ inputTokens: 1240, outputTokens: 22, totalTokens: 1262, observationCount: 3 });
      expect(trace?.totalCost).toBeCloseTo(0.00165, 12);
      expect(trace?.pendingSameCalls).toBeUndefined();
      const facts = await storedGenerationFacts(db, 0);
      expect(facts).toHaveLength(1);
      const rows = await allObservations(db);
      const marked = rows.filter((r) => r.sameCallAs !== undefined);
      expect(marked).toHaveLength(1);
      expect([llm.id, sdk.id]).toContain(marked[0]?.sameCallAs);
      expect(facts[0]?.id).toBe(marked[0]?.sameCallAs);
    });
  }
});
