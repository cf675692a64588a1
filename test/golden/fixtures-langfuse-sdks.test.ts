import { toChatMessages } from '@core/messages/normalize';
import type { Observation, TraceSummary } from '@core/model/types';
import { mergeObservationIntoTrace } from '@core/trace/merge';
import { inputTokens, outputTokens } from '@core/trace/usage-totals';
import { describe, expect, it } from 'vitest';
import { loadObservations } from './fixtures';

/** Facts of the repository's own captures: Langfuse JS SDK v4, and LangChain through @langfuse/langchain. */

function onlyTrace(observations: Observation[]): TraceSummary | undefined {
  let t: TraceSummary | undefined;
  for (const o of observations) t = mergeObservationIntoTrace(t, o, undefined, 0);
  return t;
}

function named(observations: Observation[], name: string): Observation[] {
  return observations.filter((o) => o.name === name);
}

function roles(value: unknown): string[] | undefined {
  return toChatMessages(value)?.map((m) => m.role);
}

describe('langfuse-v4 001', () => {
  const observations = loadObservations('langfuse-v4', '001');

  it('keeps the trace fields, totals and the error', () => {
    expect(onlyTrace(observations)).toMatchObject({
      name: 'support-agent',
      userId: 'user-v4',
      sessionId: 'session-v4',
      tags: ['capture', 'langfuse-v4'],
      environment: 'capture-test',
      release: 'v4-release',
      version: '4.0.0',
      observationCount: 6,
      inputTokens: 150,
      outputTokens: 35,
      worstLevel: 'ERROR',
      errorCount: 1,
    });
  });

  it('maps generations with chat input, usage, computed and sent cost, and the tool and event', () => {
    const [plan] = named(observations, 'plan-call');
    expect(plan).toMatchObject({ type: 'GENERATION', model: 'gpt-4o-mini-2024-07-18', costSource: 'computed' });
    expect(plan?.modelParameters).toEqual({ temperature: 0.2, max_tokens: 256 });
    expect(roles(plan?.input)).toEqual(['system', 'user']);
    expect(toChatMessages(plan?.output)?.[0]?.toolCalls[0]?.name).toBe('lookup_order');
    const [answer] = named(observations, 'answer-call');
    expect(answer).toMatchObject({ costSource: 'sdk', cost: { input: 0.00027, output: 0.00021 } });
    expect(answer?.cost.total).toBeCloseTo(0.00048, 12);
    expect(roles(answer?.input)).toEqual(['system', 'user', 'tool']);
    expect(named(observations, 'lookup_order')[0]).toMatchObject({ type: 'TOOL', input: { id: '123' } });
    expect(named(observations, 'refund-api')[0]).toMatchObject({
      level: 'ERROR',
      statusMessage: 'refund service returned 503',
    });
    expect(named(observations, 'user-feedback-requested')[0]?.type).toBe('EVENT');
  });
});

describe('langchain-langfuse 001', () => {
  const observations = loadObservations('langchain-langfuse', '001');

  it('keeps the trace fields from the callback handler and the failed model call', () => {
    expect(onlyTrace(observations)).toMatchObject({
      name: 'support-agent',
      userId: 'user-lc',
      sessionId: 'session-lc',
      tags: ['capture', 'langchain'],
      version: '0.3.0',
      observationCount: 9,
      inputTokens: 110,
      outputTokens: 23,
      errorCount: 1,
    });
    expect(named(observations, 'FakeStreamingChatModel')[0]).toMatchObject({
      type: 'GENERATION',
      level: 'ERROR',
      statusMessage: 'Error: 503 model overloaded',
    });
  });

  it('reads the generations as chats, the tool result included, with cached input tokens', () => {
    const [plan, answer] = named(observations, 'ScriptedChatModel');
    expect(plan?.model).toBe('gpt-4o-mini-2024-07-18');
    expect(plan?.usage).toMatchObject({ input: 32, input_cache_read: 8, output: 12 });
    expect(plan && [inputTokens(plan.usage), outputTokens(plan.usage)]).toEqual([40, 12]);
    expect(roles(answer?.input)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(roles(answer?.output)).toEqual(['assistant']);
  });

  it('reads serialized LangChain messages in chain outputs', () => {
    const [plan] = named(observations, 'plan');
    expect(toChatMessages(plan?.output)?.[0]).toMatchObject({
      role: 'assistant',
      toolCalls: [{ id: 'call_1', name: 'lookup_order' }],
    });
  });
});
