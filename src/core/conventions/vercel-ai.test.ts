import { describe, expect, it } from 'vitest';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

describe('Vercel AI SDK attributes', () => {
  it('maps ai.generateText.doGenerate with tool calls into one assistant message', () => {
    const o = mapSpan(
      testSpan({
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'gpt-4o-mini',
        'ai.settings.temperature': 0.2,
        'ai.settings.context.userId': 'not-a-setting',
        'ai.prompt.messages': '[{"role":"user","content":[{"type":"text","text":"Weather?"}]}]',
        'ai.response.toolCalls': '[{"toolCallId":"call_1","toolName":"getWeather","input":"{\\"city\\":\\"Paris\\"}"}]',
        'ai.usage.inputTokens': 42,
        'ai.usage.outputTokens': 17,
        'ai.usage.totalTokens': 59,
        'ai.usage.inputTokenDetails.cacheReadTokens': 10,
        'ai.response.msToFirstChunk': 15.5,
        'ai.telemetry.metadata.userId': 'user-123',
        'ai.telemetry.metadata.sessionId': 'session-1',
        'ai.telemetry.metadata.tags': ['capture', 'vercel-ai'],
        'ai.telemetry.metadata.tenant': 'acme',
      }),
    );
    expect(o).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2 },
      usage: { input: 32, input_cached_tokens: 10, output: 17, total: 59 },
      completionStartTime: 1_700_000_000_015.5,
      input: [{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }],
      output: {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'getWeather', input: '{"city":"Paris"}' }],
      },
      metadata: { tenant: 'acme' },
      trace: { userId: 'user-123', sessionId: 'session-1', tags: ['capture', 'vercel-ai'] },
    });
    expect(o.modelParameters).not.toHaveProperty('context.userId');
  });

  it('maps tool calls, embeddings and wrapper spans', () => {
    const tool = mapSpan(
      testSpan({
        'ai.operationId': 'ai.toolCall',
        'ai.toolCall.name': 'getWeather',
        'ai.toolCall.args': '{"city":"Paris"}',
        'ai.toolCall.result': '{"tempC":18}',
      }),
    );
    expect(tool).toMatchObject({ type: 'TOOL', name: 'getWeather', input: { city: 'Paris' }, output: { tempC: 18 } });
    const embed = mapSpan(
      testSpan({ 'ai.operationId': 'ai.embed.doEmbed', 'ai.values': ['"weather"'], 'ai.usage.tokens': 8 }),
    );
    expect(embed).toMatchObject({ type: 'EMBEDDING', input: ['weather'], usage: { input: 8, total: 8 } });
    const wrapper = mapSpan(
      testSpan({
        'ai.operationId': 'ai.generateText',
        'ai.prompt': '{"prompt":"hi"}',
        'ai.response.text': 'hello',
        'ai.usage.promptTokens': 3,
        'ai.usage.completionTokens': 2,
      }),
    );
    expect(wrapper).toMatchObject({
      type: 'SPAN',
      input: { prompt: 'hi' },
      output: 'hello',
      usage: { input: 3, output: 2, total: 5 },
    });
  });

  it('reads ai 7 caller context and the stream first-chunk event', () => {
    const o = mapSpan(
      testSpan(
        { 'ai.settings.context.sessionId': 's-7', 'ai.settings.context.tags': ['t'], 'ai.settings.context.attempt': 1 },
        { events: [{ name: 'ai.stream.firstChunk', time: 1_700_000_000_020, attributes: {} }] },
      ),
    );
    expect(o).toMatchObject({
      completionStartTime: 1_700_000_000_020,
      metadata: { attempt: 1 },
      trace: { sessionId: 's-7', tags: ['t'] },
    });
  });
});
