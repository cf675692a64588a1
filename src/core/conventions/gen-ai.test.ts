import { describe, expect, it } from 'vitest';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

describe('OpenTelemetry GenAI attributes', () => {
  it('maps a chat span: type, model, parameters, usage with cache details, messages', () => {
    const o = mapSpan(
      testSpan({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 256,
        'gen_ai.usage.input_tokens': 42,
        'gen_ai.usage.output_tokens': 17,
        'gen_ai.usage.cache_read.input_tokens': 10,
        'gen_ai.system_instructions': '[{"type":"text","content":"Be helpful."}]',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Hi"}]}]',
        'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"Hello"}]}]',
      }),
    );
    expect(o).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o-mini-2024-07-18',
      modelParameters: { temperature: 0.2, max_tokens: 256 },
      usage: { input: 32, input_cached_tokens: 10, output: 17, total: 59 },
      input: [
        { role: 'system', parts: [{ type: 'text', content: 'Be helpful.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      ],
      output: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }],
    });
  });

  it('maps operation names to types', () => {
    const cases: [string, string][] = [
      ['embeddings', 'EMBEDDING'],
      ['invoke_agent', 'AGENT'],
      ['create_agent', 'AGENT'],
      ['execute_tool', 'TOOL'],
      ['text_completion', 'GENERATION'],
      ['agent_step', 'SPAN'],
    ];
    for (const [op, type] of cases) expect(mapSpan(testSpan({ 'gen_ai.operation.name': op })).type).toBe(type);
  });

  it('names tool spans after the tool and reads arguments and result', () => {
    const o = mapSpan(
      testSpan(
        {
          'gen_ai.tool.name': 'get_weather',
          'gen_ai.tool.call.arguments': '{"city":"Paris"}',
          'gen_ai.tool.call.result': 'sunny',
        },
        { name: 'execute_tool get_weather' },
      ),
    );
    expect(o).toMatchObject({ type: 'TOOL', name: 'get_weather', input: { city: 'Paris' }, output: 'sunny' });
  });

  it('reads old token names, total tokens, cost and the conversation id as session', () => {
    const o = mapSpan(
      testSpan({
        'gen_ai.request.model': 'm',
        'gen_ai.usage.prompt_tokens': '80',
        'gen_ai.usage.completion_tokens': 12,
        'llm.usage.total_tokens': 92,
        'gen_ai.usage.cost': 0.5,
        'gen_ai.conversation.id': 'conv-1',
      }),
    );
    expect(o).toMatchObject({ type: 'GENERATION', usage: { input: 80, output: 12, total: 92 }, cost: { total: 0.5 } });
    expect(o.trace.sessionId).toBe('conv-1');
  });

  it('rebuilds indexed prompt and completion attributes as chat messages', () => {
    const o = mapSpan(
      testSpan({
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'Be brief.',
        'gen_ai.prompt.1.role': 'assistant',
        'gen_ai.prompt.1.tool_calls.0.id': 'call_1',
        'gen_ai.prompt.1.tool_calls.0.name': 'get_weather',
        'gen_ai.prompt.1.tool_calls.0.arguments': '{"city":"Paris"}',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'Sunny.',
      }),
    );
    expect(o.input).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'assistant',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
    ]);
    expect(o.output).toEqual([{ role: 'assistant', content: 'Sunny.' }]);
  });

  it('prefers the deprecated content events over structured messages, as Langfuse does', () => {
    const o = mapSpan(
      testSpan(
        { 'gen_ai.input.messages': '[{"role":"user","parts":[]}]' },
        {
          events: [
            {
              name: 'gen_ai.content.prompt',
              time: 0,
              attributes: { 'gen_ai.prompt': '[{"role":"user","content":"a"}]' },
            },
            { name: 'gen_ai.content.completion', time: 0, attributes: { 'gen_ai.completion': 'b' } },
          ],
        },
      ),
    );
    expect(o.input).toEqual([{ role: 'user', content: 'a' }]);
    expect(o.output).toBe('b');
  });

  it('derives the completion start from time_to_first_chunk (seconds)', () => {
    const o = mapSpan(testSpan({ 'gen_ai.client.operation.time_to_first_chunk': 0.25 }));
    expect(o.completionStartTime).toBe(1_700_000_000_250);
  });
});
