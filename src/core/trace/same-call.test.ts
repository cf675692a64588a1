import { generationFact } from '@core/analysis/facts';
import { testObservation } from '@core/model/test-observation';
import { type Observation, type ObservationRow, splitObservation, type TraceSummary } from '@core/model/types';
import { buildSkeleton, nodeOfId } from '@core/tree/skeleton';
import { describe, expect, it } from 'vitest';
import { mergeObservationIntoTrace } from './merge';
import { isSdkRecordOf, markSameCall, sameCallParentKeys } from './same-call';

const SDK = { name: 'com.anthropic.sdk.typescript', version: '1.15.0' };
const usage = { input: 60, input_cached_tokens: 1200, output: 15, total: 1275 };
const cost = { total: 0.000255 };

const root = testObservation({ id: 'root', startTime: 0, endTime: 100 });
/** An instrumentation's span of one call, and the SDK's own span of it below. */
const call = (n: number, over: Partial<Observation> = {}) => {
  const llm = testObservation({
    id: `llm${n}`,
    parentId: 'root',
    type: 'GENERATION',
    name: 'Anthropic Messages',
    startTime: n * 10,
    endTime: n * 10 + 8,
    usage,
    cost,
    scope: { name: '@arizeai/openinference-instrumentation-anthropic', version: '0.2.8' },
    ...over,
  });
  const sdk = testObservation({
    id: `sdk${n}`,
    parentId: llm.id,
    type: 'GENERATION',
    name: 'anthropic.messages.create',
    startTime: n * 10 + 1,
    endTime: n * 10 + 7,
    usage,
    cost,
    scope: SDK,
    ...over,
  });
  return [llm, sdk] as const;
};

/**
 * Merges as the writer does: each observation marked against the rows stored so far, then merged with its stored
 * row. `requests` are delivered one after the other; the store outlives them, as the database does.
 */
function ingest(...requests: Observation[][]) {
  const stored = new Map<string, ObservationRow>();
  let trace: TraceSummary | undefined;
  for (const request of requests) {
    for (const incoming of request) {
      const previous = stored.get(incoming.id);
      const o = markSameCall(incoming, previous, trace, (id) => stored.get(id));
      const parentStored = o.parentId !== null && stored.has(o.parentId);
      trace = mergeObservationIntoTrace(trace, o, previous, 0, parentStored);
      stored.set(o.id, splitObservation(o).row);
    }
  }
  return { trace: trace as TraceSummary, rows: [...stored.values()] };
}

const totals = (t: TraceSummary) => [t.inputTokens, t.outputTokens, t.totalTokens, t.totalCost, t.errorCount];
const once = [1260, 15, 1275, 0.000255, 0];

describe('a call recorded by an instrumentation and by the SDK itself', () => {
  const [llm, sdk] = call(1);

  it('counts once when the parent arrives first: the SDK span is marked', () => {
    const { trace, rows } = ingest([root, llm, sdk]);
    expect(totals(trace)).toEqual(once);
    expect(rows.find((r) => r.id === 'sdk1')?.sameCallAs).toBe('llm1');
    expect(rows.find((r) => r.id === 'llm1')?.sameCallAs).toBeUndefined();
    expect(trace.pendingSameCalls).toBeUndefined();
  });

  it('counts once when the child arrives first: the parent is marked when it comes', () => {
    const first = ingest([sdk]);
    expect(first.trace.pendingSameCalls).toEqual({ llm1: 'sdk1' });
    const { trace, rows } = ingest([sdk], [llm, root]);
    expect(totals(trace)).toEqual(once);
    expect(rows.find((r) => r.id === 'llm1')?.sameCallAs).toBe('sdk1');
    expect(trace.pendingSameCalls).toBeUndefined();
  });

  it('counts once in any order, over any split into requests, with retries of either', () => {
    const calls = [call(1), call(2), call(3, { level: 'ERROR', usage: {}, cost: {} })].flat();
    const all = [root, ...calls];
    for (let seed = 1; seed <= 60; seed++) {
      let x = seed;
      const random = () => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return x / 2147483648;
      };
      const shuffled = [...all].sort(() => random() - 0.5);
      const retried = [...shuffled, ...shuffled.filter(() => random() < 0.3)];
      const cut = Math.floor(random() * retried.length);
      const { trace, rows } = ingest(retried.slice(0, cut), retried.slice(cut));
      const [input, output, total, usd, errors] = totals(trace);
      expect([input, output, total, errors], `seed ${seed}`).toEqual([2520, 30, 2550, 1]);
      expect(usd).toBeCloseTo(0.00051, 12);
      // Exactly one of each pair counts, and the other names it.
      for (const n of [1, 2, 3]) {
        const pair = rows.filter((r) => r.id === `llm${n}` || r.id === `sdk${n}`);
        expect(pair.filter((r) => r.sameCallAs === undefined)).toHaveLength(1);
        const marked = pair.find((r) => r.sameCallAs !== undefined);
        expect(pair.map((r) => r.id)).toContain(marked?.sameCallAs);
      }
      expect(trace.pendingSameCalls, `seed ${seed}`).toBeUndefined();
    }
  });

  it('counts the SDK span under anything but a generation, and settles its wait when that parent comes', () => {
    const tools = testObservation({
      id: 'runner',
      parentId: 'root',
      type: 'AGENT',
      name: 'anthropic.messages.tool_runner',
    });
    const alone = { ...sdk, parentId: 'runner' };
    const { trace, rows } = ingest([alone], [tools, root]);
    expect(totals(trace)).toEqual(once);
    expect(rows.every((r) => r.sameCallAs === undefined)).toBe(true);
    expect(trace.pendingSameCalls).toBeUndefined();
    // Its parent stored first, it has nothing to wait for: the summary ends the same either way.
    const parentFirst = ingest([root, tools, alone]).trace;
    expect(totals(parentFirst)).toEqual(once);
    expect(parentFirst.pendingSameCalls).toBeUndefined();
  });

  it('keeps what a stored row was given: a retry neither moves nor repeats the count', () => {
    const { trace, rows } = ingest([root, llm, sdk], [sdk, llm, { ...sdk, endTime: 99 }]);
    expect(totals(trace)).toEqual(once);
    expect(rows.find((r) => r.id === 'sdk1')?.sameCallAs).toBe('llm1');
    // A marked span that arrives fresh again, without its mark, gets it back from its stored row.
    const fresh = { ...sdk };
    delete fresh.sameCallAs;
    expect(
      markSameCall(
        fresh,
        rows.find((r) => r.id === 'sdk1'),
        trace,
        () => undefined,
      ).sameCallAs,
    ).toBe('llm1');
  });

  it('counts a generation over two SDK calls once, as its own usage or as theirs', () => {
    const twice = { input: 120, input_cached_tokens: 2400, output: 30, total: 2550 };
    const wrapper = { ...llm, usage: twice, cost: { total: 0.00051 } };
    const second = { ...sdk, id: 'sdk1b', startTime: 19 };
    for (const order of [
      [sdk, wrapper, second, root],
      [wrapper, sdk, second, root],
      [sdk, second, wrapper, root],
    ]) {
      const { trace } = ingest(order);
      expect(totals(trace).slice(0, 3), order.map((o) => o.id).join(',')).toEqual([2520, 30, 2550]);
    }
  });

  it('leaves other generations under generations alone, and asks the store only for SDK spans’ parents', () => {
    const child = testObservation({ id: 'inner', parentId: 'llm1', type: 'GENERATION', usage, cost });
    expect(totals(ingest([root, llm, child]).trace)).toEqual([2520, 30, 2550, 0.00051, 0]);
    expect(sameCallParentKeys([root, llm, sdk, child])).toEqual([['t', 'llm1']]);
    expect(isSdkRecordOf(splitObservation(sdk).row, { type: 'SPAN' })).toBe(false);
  });

  it('shows the pair as one call in the tree totals, the child marked, and writes one analysis fact', () => {
    for (const order of [
      [root, llm, sdk],
      [sdk, llm, root],
    ]) {
      const { rows } = ingest(order);
      const s = buildSkeleton(rows);
      expect(s.tokens[nodeOfId(s, 'root')]).toBe(1275);
      expect(s.cost[nodeOfId(s, 'root')]).toBeCloseTo(0.000255, 12);
      expect([s.sameCall[nodeOfId(s, 'sdk1')], s.sameCall[nodeOfId(s, 'llm1')]]).toEqual([1, 0]);
      expect(rows.map((r) => generationFact(r, 0)).filter(Boolean)).toHaveLength(1);
    }
  });
});
