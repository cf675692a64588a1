import { extractToolDefinitions, toChatMessages } from '@core/messages/normalize';
import type { Observation, TraceSummary } from '@core/model/types';
import { mergeObservationIntoTrace } from '@core/trace/merge';
import { inputTokens, outputTokens } from '@core/trace/usage-totals';
import { describe, expect, it } from 'vitest';
import { loadObservations, traceFixtures } from './fixtures';

/**
 * Facts of the repository's own captures (scripts/capture): Vercel AI SDK 6 and 7, and the OpenAI Agents SDK
 * through OpenInference. Each checks what Langfuse shows for the same trace: types, chats with tool calls, usage.
 */

function all(folder: string): Observation[] {
  return traceFixtures(folder).flatMap((f) => loadObservations(folder, f.seq));
}

function onlyTrace(observations: Observation[]): TraceSummary {
  let t: TraceSummary | undefined;
  for (const o of observations) t = mergeObservationIntoTrace(t, o, undefined, 0);
  return t as TraceSummary;
}

function chat(value: unknown): string[] | undefined {
  return toChatMessages(value)?.map(
    (m) => `${m.role}${m.toolCalls.length > 0 ? `[${m.toolCalls.map((c) => c.name).join(',')}]` : ''}`,
  );
}

describe('vercel-ai6-own', () => {
  const observations = all('vercel-ai6-own');

  it('keeps the trace fields from the telemetry metadata and sums only the model calls', () => {
    expect(onlyTrace(observations)).toMatchObject({
      name: 'currency-chat',
      userId: 'user-ai6',
      sessionId: 'session-ai6',
      tags: ['ai6', 'capture'],
      observationCount: 9,
      inputTokens: 284,
      outputTokens: 61,
    });
  });

  it('maps the tool round of generateText: a call, the tool, and the answer with reasoning tokens', () => {
    const calls = observations.filter((o) => o.name === 'currency-agent:ai.generateText.doGenerate');
    expect(calls.map((o) => o.type)).toEqual(['GENERATION', 'GENERATION']);
    expect(calls[0]).toMatchObject({ model: 'gpt-4.1-mini-2025-04-14', usage: { input: 32, input_cached_tokens: 32 } });
    expect(chat(calls[0]?.output)).toEqual(['assistant[convertCurrency]']);
    expect(chat(calls[1]?.input)).toEqual(['system', 'user', 'assistant[convertCurrency]', 'tool']);
    expect(calls[1]?.usage).toMatchObject({ output: 12, output_reasoning_tokens: 6 });
    expect(calls[1]?.costSource).toBe('computed');
    const tool = observations.find((o) => o.name === 'convertCurrency');
    expect(tool).toMatchObject({ type: 'TOOL', input: { amount: 120, from: 'EUR', to: 'USD' } });
  });

  it('maps streamText with its time to first token and the tool definitions', () => {
    const [first] = observations.filter((o) => o.name === 'rate-stream:ai.streamText.doStream');
    expect(first?.completionStartTime).not.toBeNull();
    expect(extractToolDefinitions(first?.input, first?.attributes).map((t) => t.name)).toEqual(['lookupRate']);
  });
});

describe('vercel-ai7-own', () => {
  const observations = all('vercel-ai7-own');

  it('maps invoke_agent, steps, chat and execute_tool spans, without counting the agent twice', () => {
    const types = observations.map((o) => `${o.type} ${o.name}`);
    expect(types.filter((t) => t.startsWith('AGENT'))).toEqual([
      'AGENT invoke_agent gpt-4.1-mini',
      'AGENT invoke_agent claude-haiku-4-5',
    ]);
    expect(types.filter((t) => t.startsWith('GENERATION'))).toHaveLength(4);
    expect(types.filter((t) => t.startsWith('TOOL'))).toEqual(['TOOL convertCurrency', 'TOOL lookupRate']);
    expect(onlyTrace(observations)).toMatchObject({ inputTokens: 284, outputTokens: 61 });
  });

  it('reads gen_ai messages with system instructions, tool calls and results', () => {
    const answer = observations.filter((o) => o.name === 'chat claude-haiku-4-5')[1];
    expect(chat(answer?.input)).toEqual(['system', 'user', 'assistant[lookupRate]', 'tool']);
    expect(chat(answer?.output)).toEqual(['assistant']);
    expect(answer).toMatchObject({ model: 'claude-haiku-4-5-20251001', usage: { input: 50, input_cached_tokens: 20 } });
    const tool = observations.find((o) => o.name === 'lookupRate');
    expect(tool).toMatchObject({ input: { pair: 'EUR/JPY' }, output: { pair: 'EUR/JPY', rate: 162.4 } });
  });
});

describe('openai-agents-openinference', () => {
  const observations = all('openai-agents-openinference');

  it('maps the workflow, both agents, the handoff and the function tool', () => {
    const types = observations.map((o) => `${o.type} ${o.name}`).sort();
    expect(types).toEqual([
      'AGENT Triage agent',
      'AGENT Weather agent',
      'AGENT weather-workflow',
      'CHAIN Agent workflow',
      'CHAIN turn',
      'CHAIN turn',
      'CHAIN turn',
      'GENERATION response',
      'GENERATION response',
      'GENERATION response',
      'TOOL get_weather',
      'TOOL handoff to Weather agent',
    ]);
    expect(onlyTrace(observations)).toMatchObject({ name: 'weather-workflow', inputTokens: 425, outputTokens: 43 });
  });

  it('reads the Agents SDK items as a chat with the handoff and tool results', () => {
    const last = observations.filter((o) => o.type === 'GENERATION').at(-1);
    expect(chat(last?.input)).toEqual([
      'user',
      'assistant[transfer_to_Weather_agent]',
      'tool',
      'assistant[get_weather]',
      'tool',
    ]);
    expect(toChatMessages(last?.input)?.[4]).toMatchObject({
      toolCallId: 'call_weather_1',
      text: '{"city":"Lisbon","tempC":21,"condition":"sunny"}',
    });
    expect(toChatMessages(last?.output)?.[0]?.text).toBe('It is 21°C and sunny in Lisbon.');
    expect(extractToolDefinitions(last?.input, last?.attributes).map((t) => t.name)).toEqual(['get_weather']);
  });

  it('maps OpenInference usage with cached input and prices it', () => {
    const weather = observations.filter((o) => o.type === 'GENERATION')[1] as Observation;
    expect(weather).toMatchObject({ model: 'gpt-4.1-mini-2025-04-14', costSource: 'computed' });
    expect(weather.usage).toMatchObject({ input: 77, input_cached_tokens: 64, output: 18 });
    expect([inputTokens(weather.usage), outputTokens(weather.usage)]).toEqual([141, 18]);
  });
});
