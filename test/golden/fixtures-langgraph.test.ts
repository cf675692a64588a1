import { toChatMessages } from '@core/messages/normalize';
import type { Observation, TraceSummary } from '@core/model/types';
import { mergeObservationIntoTrace } from '@core/trace/merge';
import { describe, expect, it } from 'vitest';
import { loadObservations, traceFixtures } from './fixtures';

/**
 * Facts of the repository's own capture of a LangGraph agent through OpenInference's LangChain instrumentation
 * (scripts/capture): each generation reads as a chat with its roles and tool calls, with its model and usage, and the
 * serialized LangChain messages of chains and tools read as chat too.
 */

function all(folder: string): Observation[] {
  return traceFixtures(folder).flatMap((f) => loadObservations(folder, f.seq));
}

function traces(observations: Observation[]): TraceSummary[] {
  const byId = new Map<string, TraceSummary>();
  for (const o of observations) byId.set(o.traceId, mergeObservationIntoTrace(byId.get(o.traceId), o, undefined, 0));
  return [...byId.values()];
}

function chat(value: unknown): string[] | undefined {
  return toChatMessages(value)?.map(
    (m) => `${m.role}${m.toolCalls.length > 0 ? `[${m.toolCalls.map((c) => c.name).join(',')}]` : ''}`,
  );
}

describe('langgraph-openinference', () => {
  const observations = all('langgraph-openinference');
  const generations = observations.filter((o) => o.type === 'GENERATION');

  it('maps the agent graph, its two model calls, the tool and the streamed follow-up', () => {
    expect(generations.map((o) => o.name)).toEqual(['ChatOpenAI', 'ChatOpenAI', 'ChatOpenAI']);
    expect(observations.filter((o) => o.type === 'TOOL').map((o) => o.name)).toEqual(['get_order_status']);
    expect(traces(observations)).toMatchObject([
      { name: 'support_agent', sessionId: 'session-lg-1', inputTokens: 282, outputTokens: 36 },
      { name: 'RunnableSequence', inputTokens: 41, outputTokens: 12 },
    ]);
  });

  it("reads the chat models' serialized messages as chats, tool call ids included", () => {
    const [call, answer, streamed] = generations;
    expect(chat(call?.input)).toEqual(['system', 'user']);
    expect(toChatMessages(call?.output)?.[0]?.toolCalls).toEqual([
      { id: 'call_order_1', name: 'get_order_status', arguments: '{"orderId":"A-1042"}' },
    ]);
    expect(chat(answer?.input)).toEqual(['system', 'user', 'assistant[get_order_status]', 'tool']);
    expect(toChatMessages(answer?.input)?.[3]).toMatchObject({ toolCallId: 'call_order_1', name: 'get_order_status' });
    expect(toChatMessages(answer?.output)?.[0]?.text).toBe('Order A-1042 shipped on May 2 and arrives on May 6.');
    expect(answer).toMatchObject({ model: 'gpt-4.1-mini', usage: { input: 100, input_cached_tokens: 64, output: 17 } });
    expect(chat(streamed?.input)).toEqual(['system', 'user']);
    expect(toChatMessages(streamed?.output)?.[0]?.text).toBe('You can track it with the link in your shipping email.');
  });

  it('unwraps serialized messages of chains and the tool: the ToolMessage shows its content', () => {
    const tool = observations.find((o) => o.type === 'TOOL');
    expect(toChatMessages(tool?.output)).toEqual([
      {
        role: 'tool',
        text: '{"orderId":"A-1042","status":"shipped","eta":"2026-05-06"}',
        toolCalls: [],
        toolCallId: 'call_order_1',
        name: 'get_order_status',
      },
    ]);
    const root = observations.find((o) => o.name === 'support_agent');
    expect(chat(root?.output)).toEqual(['user', 'assistant[get_order_status]', 'tool', 'assistant']);
    const template = observations.find((o) => o.name === 'ChatPromptTemplate');
    expect(chat(template?.output)).toEqual(['system', 'user']);
    expect(chat(observations.find((o) => o.name === 'prompt')?.output)).toEqual(['system', 'user']);
  });
});
