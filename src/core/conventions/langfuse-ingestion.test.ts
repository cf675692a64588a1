import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPriceOverrides } from '../cost/compute-cost';
import type { Observation } from '../model/types';
import { mapIngestionEvent } from './langfuse-ingestion';
import { IngestionCostMemory } from './langfuse-ingestion-cost';
import { truncateIngestionValues } from './langfuse-ingestion-truncate';

const fixtures = resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'otlp');

function observation(type: string, body: Record<string, unknown>): Observation {
  const mapped = mapIngestionEvent({ id: `e-${body.id}`, type, timestamp: '2026-11-22T10:00:00Z', body });
  if (mapped.kind !== 'observation') throw new Error(`expected an observation from ${type}`);
  return mapped.observation;
}

describe('computed cost for Langfuse ingestion observations', () => {
  it('keeps the cost the SDK sent, marked as the SDK’s', () => {
    const o = observation('generation-create', {
      id: 'g1',
      traceId: 't1',
      model: 'gpt-4o-mini',
      usage: { input: 1000, output: 100, inputCost: 0.5, outputCost: 0.25 },
    });
    new IngestionCostMemory().price([o]);
    expect(o).toMatchObject({ cost: { input: 0.5, output: 0.25, total: 0.75 }, costSource: 'sdk' });
    expect(o.partial).toContain('costSource');
  });

  it('prices usage with the price table when the event has model and usage but no cost', () => {
    const o = observation('generation-create', {
      id: 'g2',
      traceId: 't1',
      model: 'gpt-4o-mini',
      usageDetails: { input: 1_000_000, output: 1_000_000 },
    });
    new IngestionCostMemory().price([o]);
    expect(o.costSource).toBe('computed');
    expect(o.cost.input).toBeCloseTo(0.15, 10);
    expect(o.cost.total).toBeCloseTo(0.75, 10);
    expect(o.partial).toEqual(expect.arrayContaining(['cost', 'costSource']));
  });

  it('joins the model of a create and the usage of an update, in either order and across requests', () => {
    const memory = new IngestionCostMemory();
    const update = observation('generation-update', {
      id: 'g3',
      traceId: 't1',
      usage: { promptTokens: 80, completionTokens: 12, totalTokens: 92 },
    });
    memory.price([update]);
    expect(update.costSource).toBeUndefined();
    expect(update.partial).not.toContain('cost');
    const create = observation('generation-create', { id: 'g3', traceId: 't1', model: 'gpt-4o-mini' });
    memory.price([create]);
    expect(create.costSource).toBe('computed');
    expect(create.cost.total).toBeCloseTo(80 * 0.15e-6 + 12 * 0.6e-6, 12);
    expect(create.partial).toEqual(expect.arrayContaining(['cost', 'costSource']));
  });

  it('puts the cost on the last event of the observation in a batch, and never over an SDK cost', () => {
    const events = [
      observation('generation-create', { id: 'g4', traceId: 't1', model: 'gpt-4o' }),
      observation('generation-update', { id: 'g4', traceId: 't1', usage: { input: 10, output: 10 } }),
      observation('generation-create', { id: 'g5', traceId: 't1', model: 'gpt-4o', usage: { input: 1 } }),
      observation('generation-update', { id: 'g5', traceId: 't1', costDetails: { input: 9 } }),
    ];
    new IngestionCostMemory().price(events);
    expect(events[0]?.costSource).toBeUndefined();
    expect(events[1]?.costSource).toBe('computed');
    expect(events[2]?.costSource).toBeUndefined();
    expect(events[3]).toMatchObject({ costSource: 'sdk', cost: { input: 9, total: 9 } });
  });

  it('uses the price table it is given (user overrides) and leaves unknown models unpriced', () => {
    const table = withPriceOverrides([{ id: 'mine', match: '^my-model$', prices: { input: 0.001 } }]);
    const mine = observation('generation-create', { id: 'g6', traceId: 't1', model: 'my-model', usage: { input: 2 } });
    const other = observation('generation-create', { id: 'g7', traceId: 't1', model: 'unknown', usage: { input: 2 } });
    new IngestionCostMemory().price([mine, other], table);
    expect(mine.cost).toEqual({ input: 0.002, total: 0.002 });
    expect(other.cost).toEqual({});
    expect(other.costSource).toBeUndefined();
  });

  it('forgets the least recently seen observations beyond its limit', () => {
    const memory = new IngestionCostMemory(2);
    memory.price([observation('generation-create', { id: 'a', traceId: 't', model: 'gpt-4o' })]);
    memory.price([observation('generation-create', { id: 'b', traceId: 't', model: 'gpt-4o' })]);
    memory.price([observation('generation-create', { id: 'c', traceId: 't', model: 'gpt-4o' })]);
    const a = observation('generation-update', { id: 'a', traceId: 't', usage: { input: 1 } });
    const c = observation('generation-update', { id: 'c', traceId: 't', usage: { input: 1 } });
    memory.price([a, c]);
    expect(a.costSource).toBeUndefined();
    expect(c.costSource).toBe('computed');
  });

  it('prices the legacy SDK capture: the update with usage comes before the create with the model', () => {
    const batch = JSON.parse(readFileSync(resolve(fixtures, 'langfuse-v3', '001.body'), 'utf8')).batch as unknown[];
    const observations = batch
      .map((e) => mapIngestionEvent(e))
      .flatMap((m) => (m.kind === 'observation' ? [m.observation] : []));
    new IngestionCostMemory().price(observations);
    const priced = observations.filter((o) => o.costSource === 'computed');
    expect(priced.map((o) => o.id).sort()).toEqual([
      'c185f61b-8222-4a86-b421-fcf15b9c40ef',
      'e027bb19-5ab3-440c-b99a-ec284dee6b6a',
    ]);
    // Its create is the later event: the cost rides on it.
    const late = priced.find((o) => o.id.startsWith('c185'));
    expect(late?.model).toBe('gpt-4o-mini');
    expect(late?.cost.total).toBeCloseTo(80 * 0.15e-6 + 12 * 0.6e-6, 12);
    // The generation whose update sent costDetails keeps the SDK's cost.
    const sent = observations.filter((o) => o.id === 'da257859-a1bc-43e4-af82-46d11ed4dc21' && o.costSource);
    expect(sent.map((o) => o.costSource)).toEqual(['sdk']);
  });
});

describe('value cap for Langfuse ingestion', () => {
  it('cuts long strings inside input, output and metadata, keeping the structure and the marker', () => {
    const big = 'x'.repeat(300);
    const o = observation('generation-create', {
      id: 'g8',
      traceId: 't1',
      name: 'n'.repeat(200),
      input: [{ role: 'user', content: [{ type: 'text', text: big }] }],
      output: big,
      metadata: { short: 'ok', nested: { image: big } },
    });
    const trace = mapIngestionEvent({
      type: 'trace-create',
      body: { id: 't1', input: { q: big }, metadata: { m: big } },
    });
    if (trace.kind !== 'trace') throw new Error('expected a trace');
    const cut = truncateIngestionValues([o], [trace.trace], 100);
    expect(cut).toBe(6);
    const marker = '…[truncated by Loupe: 300 B → 100 B]';
    expect((o.input as { content: { text: string }[] }[])[0]?.content[0]?.text).toBe(`${'x'.repeat(100)}${marker}`);
    expect(o.output).toBe(`${'x'.repeat(100)}${marker}`);
    expect(o.metadata).toEqual({ short: 'ok', nested: { image: `${'x'.repeat(100)}${marker}` } });
    expect(o.name).toBe(`${'n'.repeat(100)}…[truncated by Loupe: 200 B → 100 B]`);
    expect(trace.trace.patch.input).toEqual({ q: `${'x'.repeat(100)}${marker}` });
    expect(trace.trace.patch.metadata).toEqual({ m: `${'x'.repeat(100)}${marker}` });
  });

  it('leaves values under the cap alone, and keeps a parsed __proto__ key as data', () => {
    const body = JSON.parse(
      `{"id": "g9", "traceId": "t1", "metadata": {"__proto__": "${'y'.repeat(50)}"}, "input": "short"}`,
    );
    const o = observation('span-create', body);
    expect(truncateIngestionValues([o], [], 10)).toBe(1);
    expect(Object.getPrototypeOf(o.metadata)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(o.metadata, '__proto__')?.value).toMatch(/^y{10}…\[truncated by Loupe/);
    expect(
      truncateIngestionValues([observation('span-create', { id: 'g10', traceId: 't1', input: 'short' })], [], 10),
    ).toBe(0);
  });
});
