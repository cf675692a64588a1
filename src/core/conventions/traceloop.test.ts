import { inputTokens, totalTokens } from '@core/trace/usage-totals';
import { describe, expect, it } from 'vitest';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

describe('Traceloop / OpenLLMetry attributes', () => {
  it('maps span kinds, JSON-encoded entity values and association properties', () => {
    const o = mapSpan(
      testSpan({
        'traceloop.span.kind': 'workflow',
        'traceloop.entity.input': '{"args":[],"kwargs":{"city":"Paris"}}',
        'traceloop.entity.output': '"Canned answer"',
        'traceloop.association.properties.user_id': 'user-123',
        'traceloop.association.properties.session_id': 'session-1',
        'traceloop.association.properties.tenant': 'acme',
        'gen_ai.conversation.id': 'conv-001',
      }),
    );
    expect(o).toMatchObject({
      type: 'CHAIN',
      input: { args: [], kwargs: { city: 'Paris' } },
      output: 'Canned answer',
      metadata: { tenant: 'acme' },
      trace: { userId: 'user-123', sessionId: 'session-1' },
    });
    const kinds: [string, string][] = [
      ['task', 'SPAN'],
      ['agent', 'AGENT'],
      ['tool', 'TOOL'],
    ];
    for (const [kind, type] of kinds) expect(mapSpan(testSpan({ 'traceloop.span.kind': kind })).type).toBe(type);
  });

  it("reads the Anthropic instrumentation's input and total as Anthropic counts them, without the cache", () => {
    const attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'claude-haiku-4-5',
      'gen_ai.usage.input_tokens': 60,
      'gen_ai.usage.output_tokens': 15,
      'gen_ai.usage.total_tokens': 75,
      'gen_ai.usage.cache_read.input_tokens': 1200,
      'gen_ai.usage.cache_creation.input_tokens': 100,
    };
    const scope = { name: '@traceloop/instrumentation-anthropic', version: '0.27.0' };
    const o = mapSpan(testSpan(attributes, { scope }));
    expect(o.usage).toEqual({
      input: 60,
      input_cached_tokens: 1200,
      input_cache_creation: 100,
      output: 15,
      total: 1375,
    });
    expect([inputTokens(o.usage), totalTokens(o.usage)]).toEqual([1360, 1375]);
    // The older names, from the same instrumentation.
    const older = mapSpan(
      testSpan(
        {
          'gen_ai.usage.prompt_tokens': 60,
          'gen_ai.usage.completion_tokens': 15,
          'gen_ai.usage.cache_read_input_tokens': 40,
        },
        { scope },
      ),
    );
    expect(older.usage).toEqual({ input: 60, input_cached_tokens: 40, output: 15, total: 115 });
    // Any other scope counts the cache inside the input, as the conventions say: the same call reads the same.
    const inclusive = { ...attributes, 'gen_ai.usage.input_tokens': 1360, 'gen_ai.usage.total_tokens': 1375 };
    expect(mapSpan(testSpan(inclusive)).usage).toEqual(o.usage);
  });
});
