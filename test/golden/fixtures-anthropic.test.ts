import { generationFact } from '@core/analysis/facts';
import { toChatMessages } from '@core/messages/normalize';
import { type Observation, type ObservationRow, splitObservation, type TraceSummary } from '@core/model/types';
import { mergeObservationIntoTrace } from '@core/trace/merge';
import { markSameCall } from '@core/trace/same-call';
import { buildSkeleton, nodeOfId } from '@core/tree/skeleton';
import { describe, expect, it } from 'vitest';
import { loadObservations, traceFixtures } from './fixtures';

/**
 * Facts of the Anthropic captures (scripts/capture/anthropic-*.mjs): the SDK through OpenInference and through
 * Traceloop, where the SDK's own span of each call sits under the instrumentation's, and the SDK's own tracing alone.
 * Each call is one tool round call, its answer, or a streamed answer: 1240 / 1260 / 1260 tokens in (1200 of them
 * written to or read from the prompt cache), 22 / 15 / 15 out; Claude Haiku 4.5 prices them at $0.00216 in all.
 */

function all(folder: string): Observation[] {
  return traceFixtures(folder).flatMap((f) => loadObservations(folder, f.seq));
}

/** Stores `requests` one after the other as the writer does, with one store across them. */
function ingest(requests: Observation[][]): { trace: TraceSummary; rows: ObservationRow[] } {
  const stored = new Map<string, ObservationRow>();
  let trace: TraceSummary | undefined;
  for (const request of requests) {
    for (const incoming of request) {
      const previous = stored.get(incoming.id);
      const o = markSameCall(incoming, previous, trace, (id) => stored.get(id));
      trace = mergeObservationIntoTrace(trace, o, previous, 0);
      stored.set(o.id, splitObservation(o).row);
    }
  }
  return { trace: trace as TraceSummary, rows: [...stored.values()] };
}

/** The capture as sent, one span per request in the order sent, and one span per request in reverse. */
function deliveries(observations: Observation[]): [string, Observation[][]][] {
  return [
    ['as captured', [observations]],
    ['one span per request', observations.map((o) => [o])],
    ['one span per request, reversed', [...observations].reverse().map((o) => [o])],
  ];
}

function chat(value: unknown): string[] | undefined {
  return toChatMessages(value)?.map(
    (m) => `${m.role}${m.toolCalls.length > 0 ? `[${m.toolCalls.map((c) => c.name).join(',')}]` : ''}`,
  );
}

const TOOL_RESULT = '{"city":"Lisbon","tempC":21,"condition":"sunny"}';

for (const [folder, instrumentation] of [
  ['anthropic-openinference', 'Anthropic Messages'],
  ['anthropic-traceloop', 'chat claude-haiku-4-5-20251001'],
] as const) {
  describe(folder, () => {
    const observations = all(folder);

    for (const [how, requests] of deliveries(observations)) {
      it(`counts each call once in the trace, the tree and the analysis facts (${how})`, () => {
        const { trace, rows } = ingest(requests);
        expect(trace).toMatchObject({ inputTokens: 3760, outputTokens: 52, totalTokens: 3812, errorCount: 0 });
        expect(trace.totalCost).toBeCloseTo(0.00216, 12);
        expect(trace.pendingSameCalls).toBeUndefined();
        expect(rows.map((r) => generationFact(r, 0)).filter(Boolean)).toHaveLength(3);
        const s = buildSkeleton(rows);
        const root = nodeOfId(s, trace.rootObservationId as string);
        expect([s.inputTokens[root], s.outputTokens[root], s.tokens[root]]).toEqual([3760, 52, 3812]);
        const records = rows.filter((r) => r.name === 'anthropic.messages.create');
        expect(records.map((r) => s.sameCall[nodeOfId(s, r.id)])).toEqual([1, 1, 1]);
      });
    }

    it("reads each instrumentation span's usage with the cache inside the input, priced", () => {
      const calls = observations.filter((o) => o.name === instrumentation);
      expect(calls.map((o) => o.usage)).toEqual([
        { input: 40, input_cache_creation: 1200, output: 22, total: 1262 },
        { input: 60, input_cached_tokens: 1200, output: 15, total: 1275 },
        { input: 60, input_cached_tokens: 1200, output: 15, total: 1275 },
      ]);
      expect(calls.map((o) => o.cost.total)).toEqual([0.00165, 0.000255, 0.000255]);
      // The SDK's own record of each call says the same.
      const records = observations.filter((o) => o.name === 'anthropic.messages.create');
      expect(records.map((o) => o.usage)).toEqual(calls.map((o) => o.usage));
      expect(records.map((o) => o.parentId)).toEqual(calls.map((o) => o.id));
    });

    it('shows the tool round as chat, the tool result in the answer call', () => {
      const [first, answer] = observations.filter((o) => o.name === instrumentation);
      expect(chat(first?.output)).toEqual(['assistant[get_weather]']);
      expect(chat(answer?.input)).toEqual(['system', 'user', 'assistant[get_weather]', 'tool']);
      expect(toChatMessages(answer?.input)?.[3]).toMatchObject({ toolCallId: 'toolu_fake_1', text: TOOL_RESULT });
    });

    it("takes the streamed call's first-token time from the SDK's record", () => {
      const streamed = observations.filter((o) => o.name === 'anthropic.messages.create')[2] as Observation;
      expect(streamed.completionStartTime).not.toBeNull();
      expect((streamed.completionStartTime as number) - streamed.startTime).toBeGreaterThan(0);
    });
  });
}

describe('anthropic-sdk-own', () => {
  const observations = all('anthropic-sdk-own');

  it('maps the tool runner, its calls and tool, the stream and the failed call, in one session', () => {
    expect(observations.map((o) => `${o.type} ${o.name}`).sort()).toEqual([
      'AGENT anthropic.messages.tool_runner',
      'GENERATION anthropic.messages.create',
      'GENERATION anthropic.messages.create',
      'GENERATION anthropic.messages.create',
      'GENERATION anthropic.messages.create',
      'SPAN trip-planner',
      'TOOL get_weather',
    ]);
    for (const [how, requests] of deliveries(observations)) {
      const { trace, rows } = ingest(requests);
      expect(trace, how).toMatchObject({
        name: 'trip-planner',
        sessionId: 'conv-trip-1',
        inputTokens: 3760,
        outputTokens: 52,
        totalTokens: 3812,
        errorCount: 1,
        worstLevel: 'ERROR',
      });
      expect(trace.totalCost).toBeCloseTo(0.00216, 12);
      expect(rows.every((r) => r.sameCallAs === undefined)).toBe(true);
      expect(rows.map((r) => generationFact(r, 0)).filter(Boolean)).toHaveLength(4);
    }
  });

  it('shows the tool output, and the tool result in the chat of the next call', () => {
    const tool = observations.find((o) => o.type === 'TOOL');
    expect(tool).toMatchObject({ input: { city: 'Lisbon' }, output: JSON.parse(TOOL_RESULT) });
    const answer = observations.filter((o) => o.type === 'GENERATION')[1];
    expect(chat(answer?.input)).toEqual(['system', 'user', 'assistant[get_weather]', 'tool']);
    expect(toChatMessages(answer?.input)?.[3]).toMatchObject({ toolCallId: 'toolu_fake_1', text: TOOL_RESULT });
    expect(toChatMessages(answer?.output)?.[0]?.text).toBe('It is 21°C and sunny in Lisbon.');
  });

  it('gives the streamed call its first-token time and its content', () => {
    const streamed = observations.find((o) => o.attributes['gen_ai.request.stream'] === true) as Observation;
    expect((streamed.completionStartTime as number) - streamed.startTime).toBe(76);
    expect(toChatMessages(streamed.output)?.[0]?.text).toBe('Pack a light jacket for the evening.');
    expect(streamed.usage).toEqual({ input: 60, input_cached_tokens: 1200, output: 15, total: 1275 });
  });

  it('says what the failed call met: the error type and the HTTP status', () => {
    const failed = observations.find((o) => o.level === 'ERROR');
    expect(failed).toMatchObject({ statusMessage: 'rate_limit_error (HTTP 429)', usage: {} });
  });
});
