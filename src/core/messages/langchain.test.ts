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
