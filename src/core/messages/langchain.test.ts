import { describe, expect, it } from 'vitest';
import { toChatMessages } from './normalize';

const noTools = { toolCalls: [] };

describe('LangChain messages', () => {
  it('reads serialized messages, alone and in lists, with tool calls and tool results', () => {
    const ai = {
      lc: 1,
      type: 'constructor',
      id: ['langchain_core', 'messages', 'AIMessage'],
      kwargs: {
        content: '',
        tool_calls: [{ id: 'call_1', name: 'lookup_order', args: { id: '123' } }],
        additional_kwargs: {},
      },
    };
    const tool = {
      lc: 1,
      type: 'constructor',
      id: ['langchain_core', 'messages', 'ToolMessage'],
      kwargs: { content: '{"status":"shipped"}', tool_call_id: 'call_1', additional_kwargs: {} },
    };
    expect(toChatMessages(ai)?.[0]).toMatchObject({ role: 'assistant', toolCalls: [{ name: 'lookup_order' }] });
    expect(toChatMessages([ai, tool])?.map((m) => [m.role, m.toolCallId])).toEqual([
      ['assistant', undefined],
      ['tool', 'call_1'],
    ]);
  });

  it('uses the role a serialized ChatMessage carries, and rejects unknown classes without one', () => {
    const chat = { lc: 1, type: 'constructor', id: ['x', 'ChatMessage'], kwargs: { content: 'hi', role: 'critic' } };
    expect(toChatMessages(chat)).toEqual([{ role: 'critic', text: 'hi', ...noTools }]);
    expect(toChatMessages({ lc: 1, type: 'constructor', id: ['x', 'Custom'], kwargs: { content: 'hi' } })).toBeNull();
  });

  it('reads @langfuse/langchain tool messages: no role, or the tool name as the role', () => {
    const messages = toChatMessages([
      { role: 'user', content: 'Where is my order?' },
      { content: '{"status":"shipped"}', additional_kwargs: {} },
      { content: 'ok', additional_kwargs: {}, role: 'lookup_order' },
      { role: 'assistant', content: 'Shipped.', additional_kwargs: { tool_calls: [] } },
    ]);
    expect(messages?.map((m) => [m.role, m.name])).toEqual([
      ['user', undefined],
      ['tool', undefined],
      ['tool', 'lookup_order'],
      ['assistant', undefined],
    ]);
  });
});

/** A serialized LangChain message, as `toJSON()` writes it. */
function lc(className: string, kwargs: Record<string, unknown>) {
  return { lc: 1, type: 'constructor', id: ['langchain_core', 'messages', className], kwargs };
}

describe('LangChain run values (OpenInference input.value / output.value)', () => {
  const system = lc('SystemMessage', { content: 'You are a support agent.', additional_kwargs: {} });
  const human = lc('HumanMessage', { content: 'Where is order A-1042?', additional_kwargs: {} });
  const call = lc('AIMessage', {
    content: '',
    tool_calls: [{ name: 'get_order_status', args: { orderId: 'A-1042' }, type: 'tool_call', id: 'call_1' }],
    additional_kwargs: {
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_order_status', arguments: '{}' } }],
    },
  });
  const result = lc('ToolMessage', {
    content: '{"status":"shipped"}',
    tool_call_id: 'call_1',
    name: 'get_order_status',
    status: 'success',
    additional_kwargs: {},
  });

  it("reads a chat model's input: the one prompt of {messages: [[...]]}", () => {
    const messages = toChatMessages({ messages: [[system, human, call, result]] });
    expect(messages?.map((m) => [m.role, m.toolCalls.map((c) => c.name).join(), m.toolCallId])).toEqual([
      ['system', '', undefined],
      ['user', '', undefined],
      ['assistant', 'get_order_status', undefined],
      ['tool', '', 'call_1'],
    ]);
    expect(messages?.[2]?.toolCalls[0]).toEqual({
      id: 'call_1',
      name: 'get_order_status',
      arguments: '{"orderId":"A-1042"}',
    });
    expect(messages?.[3]).toMatchObject({ text: '{"status":"shipped"}', name: 'get_order_status' });
    // Several prompts in one run do not happen; two lists are not one chat.
    expect(toChatMessages({ messages: [[human], [human]] })).toBeNull();
  });

  it("reads a chat model's output {generations}, with streamed chunks and plain-text generations", () => {
    const chunk = lc('AIMessageChunk', { content: 'Shipped.', tool_call_chunks: [], tool_calls: [] });
    expect(toChatMessages({ generations: [[{ text: 'Shipped.', message: chunk }]], llmOutput: {} })).toEqual([
      { role: 'assistant', text: 'Shipped.', ...noTools },
    ]);
    expect(toChatMessages({ generations: [[{ text: '', message: call }]] })?.[0]?.toolCalls).toHaveLength(1);
    expect(toChatMessages({ generations: [[{ text: 'Paris.' }], [{ text: 'Rome.' }]] })?.map((m) => m.text)).toEqual([
      'Paris.',
      'Rome.',
    ]);
  });

  it('reads a ChatPromptValue and the {output} wrapper of a tool message, and nothing else under {output}', () => {
    const prompt = { lc: 1, type: 'constructor', id: ['langchain_core', 'prompt_values', 'ChatPromptValue'] };
    expect(toChatMessages({ ...prompt, kwargs: { messages: [system, human] } })?.map((m) => m.role)).toEqual([
      'system',
      'user',
    ]);
    expect(toChatMessages({ output: result })).toEqual([
      { role: 'tool', text: '{"status":"shipped"}', toolCallId: 'call_1', name: 'get_order_status', ...noTools },
    ]);
    const doc = { lc: 1, type: 'constructor', id: ['langchain_core', 'documents', 'Document'], kwargs: {} };
    expect(toChatMessages({ output: doc })).toBeNull();
    expect(toChatMessages({ output: result, extra: 1 })).toBeNull();
  });

  it("reads an AI message's calls from additional_kwargs when it has no tool_calls of its own (LangChain 0.1)", () => {
    const old = lc('AIMessage', {
      content: '',
      additional_kwargs: {
        tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'lookup', arguments: '{"id":1}' } }],
      },
    });
    expect(toChatMessages(old)?.[0]?.toolCalls).toEqual([{ id: 'call_2', name: 'lookup', arguments: '{"id":1}' }]);
  });
});
