import { toChatMessages } from '@core/messages/normalize';
import { inputTokens } from '@core/trace/usage-totals';
import { describe, expect, it } from 'vitest';
import { isAnthropicSdkCall } from './anthropic-sdk';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

const scope = { name: 'com.anthropic.sdk.typescript', version: '1.15.0' };
const sdkSpan = (attributes: Parameters<typeof testSpan>[0], overrides: Parameters<typeof testSpan>[1] = {}) =>
  mapSpan(testSpan(attributes, { name: 'anthropic.messages.create', scope, ...overrides }));

describe("the Anthropic SDK's own spans", () => {
  it('knows its call spans by name and scope, platform packages included', () => {
    expect(isAnthropicSdkCall('anthropic.messages.create', 'com.anthropic.sdk.typescript')).toBe(true);
    expect(isAnthropicSdkCall('anthropic.messages.create', 'com.anthropic.sdk.typescript.bedrock')).toBe(true);
    expect(isAnthropicSdkCall('anthropic.messages.tool_runner', 'com.anthropic.sdk.typescript')).toBe(false);
    expect(isAnthropicSdkCall('anthropic.messages.create', '@traceloop/instrumentation-anthropic')).toBe(false);
    expect(isAnthropicSdkCall('anthropic.messages.create', 'com.anthropic.sdk.typescriptish')).toBe(false);
  });

  it('reads a tool run: arguments in, the result blocks out as their text, parsed when JSON', () => {
    const tool = (result: string) =>
      mapSpan(
        testSpan(
          {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': 'get_weather',
            'gen_ai.tool.call.id': 'toolu_1',
            'gen_ai.tool.call.arguments': '{"city":"Lisbon"}',
            'anthropic.tool_result.content': result,
          },
          { name: 'anthropic.custom_tool_use get_weather', scope },
        ),
      );
    const json = tool('[{"type":"text","text":"{\\"city\\":\\"Lisbon\\",\\"tempC\\":21}"}]');
    expect(json).toMatchObject({ type: 'TOOL', name: 'get_weather', input: { city: 'Lisbon' } });
    expect(json.output).toEqual({ city: 'Lisbon', tempC: 21 });
    expect(tool('[{"type":"text","text":"sunny"},{"type":"text","text":"21°C"}]').output).toBe('sunny\n21°C');
    const mixed = '[{"type":"text","text":"a chart"},{"type":"image"}]';
    expect(tool(mixed).output).toEqual([{ type: 'text', text: 'a chart' }, { type: 'image' }]);
    expect(tool('[]').output).toEqual([]);
  });

  it('shows the tool result of the next call as the text of its blocks in the chat', () => {
    const o = sdkSpan({
      'gen_ai.operation.name': 'chat',
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: {} }] },
        {
          role: 'user',
          parts: [{ type: 'tool_call_response', id: 'toolu_1', response: [{ type: 'text', text: '{"tempC":21}' }] }],
        },
        { role: 'user', parts: [{ type: 'tool_call_response', id: 'toolu_2', response: [1, 2] }] },
      ]),
    });
    const tools = toChatMessages(o.input)?.filter((m) => m.role === 'tool');
    expect(tools?.map((m) => [m.toolCallId, m.text])).toEqual([
      ['toolu_1', '{"tempC":21}'],
      ['toolu_2', '[1,2]'],
    ]);
  });

  it('takes the first chunk time of a streamed call, in seconds after the start', () => {
    const o = sdkSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.response.time_to_first_chunk': 0.076 });
    expect(o.completionStartTime).toBe(o.startTime + 76);
  });

  it('names what failed: the error type and the HTTP status, unless the span says more', () => {
    const failed = (attributes: Parameters<typeof testSpan>[0], message: string | null = null) =>
      sdkSpan({ 'gen_ai.operation.name': 'chat', ...attributes }, { status: { code: 2, message } });
    expect(failed({ 'error.type': 'rate_limit_error', 'http.response.status_code': 429 })).toMatchObject({
      level: 'ERROR',
      statusMessage: 'rate_limit_error (HTTP 429)',
    });
    expect(failed({ 'error.type': '500', 'http.response.status_code': 500 }).statusMessage).toBe('HTTP 500');
    expect(failed({ 'error.type': 'connection_error' }).statusMessage).toBe('connection_error');
    expect(failed({ 'http.response.status_code': 503 }).statusMessage).toBe('HTTP 503');
    expect(failed({ 'error.type': 'api_error' }, 'Overloaded').statusMessage).toBe('Overloaded');
    expect(failed({}).statusMessage).toBeNull();
    // Not an error: the attributes alone say nothing.
    expect(sdkSpan({ 'http.response.status_code': 200 }).statusMessage).toBeNull();
  });

  it('reads thinking tokens as reasoning, a part of the output', () => {
    const o = sdkSpan({ 'gen_ai.usage.output_tokens': 90, 'gen_ai.usage.reasoning.output_tokens': 64 });
    expect(o.usage).toEqual({ output: 26, output_reasoning_tokens: 64, total: 90 });
  });

  it('prices hour-long cache writes apart from the five-minute ones', () => {
    const o = sdkSpan({
      'gen_ai.operation.name': 'chat',
      'gen_ai.response.model': 'claude-haiku-4-5-20251001',
      'gen_ai.usage.input_tokens': 1540,
      'gen_ai.usage.output_tokens': 22,
      'gen_ai.usage.cache_write.input_tokens': 1500,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'anthropic.usage.cache_creation.ephemeral_5m_input_tokens': 1200,
      'anthropic.usage.cache_creation.ephemeral_1h_input_tokens': 300,
    });
    expect(o.usage).toEqual({
      input: 40,
      input_cache_creation: 1200,
      input_cache_creation_1h: 300,
      output: 22,
      total: 1562,
    });
    expect(inputTokens(o.usage)).toBe(1540);
    // Haiku 4.5: $1.25 per million five-minute writes, $2 per million hour-long ones.
    expect(o.cost.input_cache_creation).toBeCloseTo(0.0015, 10);
    expect(o.cost.input_cache_creation_1h).toBeCloseTo(0.0006, 10);
    const allHour = sdkSpan({
      'gen_ai.usage.input_tokens': 340,
      'gen_ai.usage.cache_write.input_tokens': 300,
      'anthropic.usage.cache_creation.ephemeral_1h_input_tokens': 300,
    });
    expect(allHour.usage).toEqual({ input: 40, input_cache_creation_1h: 300, total: 340 });
  });
});
