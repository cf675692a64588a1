import { toChatMessages } from '@core/messages/normalize';
import { describe, expect, it } from 'vitest';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

const roles = (v: unknown) => toChatMessages(v)?.map((m) => m.role);

describe('input and output sources', () => {
  it('rebuilds OpenInference flattened messages with content parts and tool calls', () => {
    const o = mapSpan(
      testSpan({
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'Be brief.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.contents.0.message_content.type': 'text',
        'llm.input_messages.1.message.contents.0.message_content.text': 'What is this?',
        'llm.input_messages.1.message.contents.1.message_content.type': 'image',
        'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'https://x/y.png',
        'llm.input_messages.2.message.role': 'assistant',
        'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'c1',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'look',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"q":1}',
        'llm.input_messages.3.message.role': 'tool',
        'llm.input_messages.3.message.content': 'seen',
        'llm.input_messages.3.message.tool_call_id': 'c1',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'A cat.',
      }),
    );
    expect(toChatMessages(o.input)).toEqual([
      { role: 'system', text: 'Be brief.', toolCalls: [] },
      { role: 'user', text: 'What is this?', images: ['https://x/y.png'], toolCalls: [] },
      { role: 'assistant', text: '', toolCalls: [{ id: 'c1', name: 'look', arguments: '{"q":1}' }] },
      { role: 'tool', text: 'seen', toolCallId: 'c1', toolCalls: [] },
    ]);
    expect(toChatMessages(o.output)).toEqual([{ role: 'assistant', text: 'A cat.', toolCalls: [] }]);
  });

  it('reads GenAI per-message events and gen_ai.choice', () => {
    const ev = (name: string, attributes: Record<string, string>) => ({ name, time: 0, attributes });
    const o = mapSpan(
      testSpan(
        {},
        {
          events: [
            ev('gen_ai.system.message', { content: 'Be brief.' }),
            ev('gen_ai.user.message', { content: 'Weather?' }),
            ev('gen_ai.assistant.message', {
              tool_calls: '[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]',
            }),
            ev('gen_ai.tool.message', { content: '18C', id: 'c1' }),
            ev('gen_ai.choice', { message: '{"role":"assistant","content":"18C in Paris"}', finish_reason: 'stop' }),
          ],
        },
      ),
    );
    expect(roles(o.input)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(toChatMessages(o.input)?.[3]?.toolCallId).toBe('c1');
    expect(toChatMessages(o.output)?.[0]?.text).toBe('18C in Paris');
  });

  it('reads the inference details event with system instructions prepended', () => {
    const o = mapSpan(
      testSpan(
        {},
        {
          events: [
            {
              name: 'gen_ai.client.inference.operation.details',
              time: 0,
              attributes: {
                'gen_ai.system_instructions': '[{"type":"text","content":"Be brief."}]',
                'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
                'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"hello"}]}]',
              },
            },
          ],
        },
      ),
    );
    expect(roles(o.input)).toEqual(['system', 'user']);
    expect(toChatMessages(o.output)?.[0]?.text).toBe('hello');
  });

  it('prepends gen_ai.system_instructions to gen_ai.input.messages', () => {
    const o = mapSpan(
      testSpan({
        'gen_ai.system_instructions': 'Be brief.',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
      }),
    );
    expect(toChatMessages(o.input)?.map((m) => [m.role, m.text])).toEqual([
      ['system', 'Be brief.'],
      ['user', 'hi'],
    ]);
  });

  it('falls back through mlflow, pydantic-ai and tool argument keys', () => {
    expect(mapSpan(testSpan({ 'mlflow.spanInputs': '{"a":1}', 'mlflow.spanOutputs': '2' })).input).toEqual({ a: 1 });
    expect(mapSpan(testSpan({ tool_arguments: '{"city":"Paris"}', tool_response: 'sunny' }))).toMatchObject({
      input: { city: 'Paris' },
      output: 'sunny',
    });
    expect(roles(mapSpan(testSpan({ 'pydantic_ai.all_messages': '[{"role":"user","parts":[]}]' })).input)).toEqual([
      'user',
    ]);
  });
});
