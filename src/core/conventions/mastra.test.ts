import { toChatMessages } from '@core/messages/normalize';
import { describe, expect, it } from 'vitest';
import { mapSpan, mapSpans } from './map-span';
import { testSpan } from './test-span';

const trace = '0af7651916cd43dd8448eb211c80319c';

/** An agent_step span and its chat span, as `@mastra/otel-exporter` writes them (trimmed). */
function stepAndChat(chat: Record<string, string | number> = {}) {
  const step = testSpan(
    {
      'gen_ai.operation.name': 'agent_step',
      'mastra.span.type': 'model_step',
      'mastra.model_step.input': '[{"role":"system","content":"Use tools."},{"role":"user","content":"Weather?"}]',
      'mastra.model_step.output':
        '{"text":"","toolCalls":[{"toolCallId":"call_1","toolName":"get_weather","args":{"city":"Lisbon"}}]}',
    },
    { spanId: '1111111111111111', name: 'agent_step Weather agent' },
  );
  const inference = testSpan(
    {
      'gen_ai.operation.name': 'chat',
      'mastra.span.type': 'model_inference',
      'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":""}]}]',
      'gen_ai.request.model': 'gpt-4.1-mini',
      'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
      'gen_ai.usage.input_tokens': 132,
      'gen_ai.usage.output_tokens': 18,
      ...chat,
    },
    { spanId: '2222222222222222', parentSpanId: '1111111111111111', name: 'chat gpt-4.1-mini' },
  );
  return { step, inference };
}

function roles(value: unknown): string[] | undefined {
  return toChatMessages(value)?.map((m) => `${m.role}${m.toolCalls.map((c) => `[${c.name}]`).join('')}`);
}

describe('Mastra', () => {
  it("gives a chat span its parent step's prompt and completion, tool calls included, when both are in the batch", () => {
    const { step, inference } = stepAndChat();
    const [mappedStep, chat] = mapSpans([step, inference]);
    expect(chat).toMatchObject({ type: 'GENERATION', model: 'gpt-4.1-mini-2025-04-14', usage: { input: 132 } });
    expect(roles(chat?.input)).toEqual(['system', 'user']);
    expect(chat?.output).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lisbon"}' } },
        ],
      },
    ]);
    // The step keeps its own content and stays a span: one generation per model call.
    expect(mappedStep).toMatchObject({ type: 'SPAN', output: { text: '', toolCalls: [{ toolName: 'get_weather' }] } });
    expect(mappedStep?.usage).toEqual({});
  });

  it('keeps what the chat span has when its step is in another request, and its own gen_ai input when it has one', () => {
    const { step, inference } = stepAndChat({ 'gen_ai.input.messages': '[{"role":"user","parts":[]}]' });
    const alone = mapSpans([inference])[0];
    expect(alone?.input).toEqual([{ role: 'user', parts: [] }]);
    expect(roles(alone?.output)).toEqual(['assistant']);
    expect(mapSpans([step, inference])[1]?.input).toEqual([{ role: 'user', parts: [] }]);
    // The step of another trace is not this span's parent.
    const elsewhere = { ...step, traceId: trace.replace('0af', 'fff') };
    expect(mapSpans([elsewhere, stepAndChat().inference])[1]?.input).toBeNull();
  });

  it('reads the step through @mastra/langfuse, which moves its content to langfuse.observation.*', () => {
    const { step, inference } = stepAndChat();
    const a = { ...step.attributes };
    a['langfuse.observation.input'] = a['mastra.model_step.input'] as string;
    a['langfuse.observation.output'] = a['mastra.model_step.output'] as string;
    delete a['mastra.model_step.input'];
    delete a['mastra.model_step.output'];
    const chat = mapSpans([{ ...step, attributes: a }, inference])[1];
    expect(roles(chat?.input)).toEqual(['system', 'user']);
    expect(roles(chat?.output)).toEqual(['assistant[get_weather]']);
  });

  it('reads mastra.<type>.input / .output of the other spans, the run metadata and the trace fields', () => {
    const o = mapSpan(
      testSpan({
        'gen_ai.operation.name': 'invoke_agent',
        'mastra.span.type': 'agent_run',
        'mastra.agent_run.input': 'What is the weather in Lisbon?',
        'mastra.agent_run.output': '{"text":"Sunny.","files":[]}',
        'gen_ai.system_instructions': 'Use tools.',
        'mastra.metadata.runId': 'run-1',
        'mastra.metadata.userId': 'user-1',
        'mastra.metadata.sessionId': 'session-1',
        'mastra.metadata.modelMetadata': '{"modelId":"gpt-4.1-mini"}',
        'mastra.tags': '["capture","mastra"]',
      }),
    );
    expect(o).toMatchObject({
      type: 'AGENT',
      input: 'What is the weather in Lisbon?',
      output: { text: 'Sunny.', files: [] },
      metadata: { runId: 'run-1', modelMetadata: { modelId: 'gpt-4.1-mini' } },
      trace: { userId: 'user-1', sessionId: 'session-1', tags: ['capture', 'mastra'] },
    });
    expect(o.metadata).not.toHaveProperty('userId');
    const memory = mapSpan(testSpan({ 'mastra.span.type': 'agent_run', 'mastra.metadata.threadId': 'thread-7' }));
    expect(memory.trace.sessionId).toBe('thread-7');
  });

  it('takes the first-token time unless it is before the span started (Mastra keeps the first call’s for all)', () => {
    const start = Date.parse('2026-12-02T00:44:01.600Z');
    const at = (iso: string, key = 'mastra.completion_start_time') =>
      mapSpan(testSpan({ 'mastra.span.type': 'model_inference', [key]: iso }, { startTime: start }))
        .completionStartTime;
    expect(at('2026-12-02T00:44:01.636Z')).toBe(start + 36);
    expect(at('2026-12-02T00:44:01.536Z')).toBeNull();
    expect(at('2026-12-02T00:44:01.536Z', 'langfuse.observation.completion_start_time')).toBeNull();
    expect(at('2026-12-02T00:44:01.700Z', 'langfuse.observation.completion_start_time')).toBe(start + 100);
    expect(at('not a time')).toBeNull();
  });
});
