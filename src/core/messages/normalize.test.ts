import { describe, expect, it } from 'vitest';
import { toChatMessages, toDisplayText } from './normalize';

const noTools = { toolCalls: [] };

describe('toChatMessages: OpenAI', () => {
  it('reads chat messages with string and part contents, images, tool calls and tool results', () => {
    expect(
      toChatMessages([
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'Describe' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            {
              type: 'image_url',
              image_url: { url: '@@@langfuseMedia:type=image/png|id=abc|source=base64_data_uri@@@' },
            },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', content: '{"tempC":18}', tool_call_id: 'call_1' },
      ]),
    ).toEqual([
      { role: 'system', text: 'Be brief.', ...noTools },
      {
        role: 'user',
        name: 'ann',
        text: 'Describe',
        images: ['https://x/y.png', '@@@langfuseMedia:type=image/png|id=abc|source=base64_data_uri@@@'],
        ...noTools,
      },
      {
        role: 'assistant',
        text: '',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', text: '{"tempC":18}', toolCallId: 'call_1', ...noTools },
    ]);
  });

  it('unwraps {messages} requests (with a system prompt) and {choices} responses', () => {
    expect(toChatMessages({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).toEqual([
      { role: 'user', text: 'hi', ...noTools },
    ]);
    expect(toChatMessages({ system: 'sys', messages: [{ role: 'user', content: 'hi' }] })?.map((m) => m.role)).toEqual([
      'system',
      'user',
    ]);
    expect(
      toChatMessages({ id: 'x', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' } }] }),
    ).toEqual([{ role: 'assistant', text: 'hello', ...noTools }]);
  });

  it('reads Responses requests and outputs: messages, function calls and outputs, reasoning', () => {
    expect(toChatMessages({ model: 'gpt-4o-mini', instructions: 'Be brief.', input: 'weather?' })).toEqual([
      { role: 'system', text: 'Be brief.', ...noTools },
      { role: 'user', text: 'weather?', ...noTools },
    ]);
    const input = [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Look' },
          { type: 'input_image', image_url: 'data:x' },
        ],
      },
      { type: 'function_call', call_id: 'fc1', name: 'lookup', arguments: '{"q":1}' },
      { type: 'function_call_output', call_id: 'fc1', output: 'result' },
    ];
    expect(toChatMessages({ model: 'o3', input })).toEqual([
      { role: 'user', text: 'Look', images: ['data:x'], ...noTools },
      { role: 'assistant', text: '', toolCalls: [{ id: 'fc1', name: 'lookup', arguments: '{"q":1}' }] },
      { role: 'tool', text: 'result', toolCallId: 'fc1', ...noTools },
    ]);
    const response = {
      object: 'response',
      output: [
        { type: 'reasoning', id: 'rs1', summary: [{ type: 'summary_text', text: 'Thinking it over' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
        { type: 'function_call', call_id: 'fc2', name: 'save', arguments: '{}' },
      ],
    };
    expect(toChatMessages(response)).toEqual([
      {
        role: 'assistant',
        text: 'Done.',
        reasoning: 'Thinking it over',
        toolCalls: [{ id: 'fc2', name: 'save', arguments: '{}' }],
      },
    ]);
  });
});

describe('toChatMessages: Anthropic, Gemini, AI SDK, OTel GenAI', () => {
  it('reads Anthropic blocks: system, base64 image, tool_use, tool_result, thinking', () => {
    expect(
      toChatMessages({
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'QUJD' } }],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Need a search.' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_use', id: 'tu1', name: 'search', input: { q: 'x' } },
            ],
          },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'tu1', content: [{ type: 'text', text: 'found' }] }],
          },
        ],
      }),
    ).toEqual([
      { role: 'system', text: 'Be brief.', ...noTools },
      { role: 'user', text: '', images: ['data:image/jpeg;base64,QUJD'], ...noTools },
      {
        role: 'assistant',
        text: 'Checking.',
        reasoning: 'Need a search.',
        toolCalls: [{ id: 'tu1', name: 'search', arguments: '{"q":"x"}' }],
      },
      { role: 'tool', text: 'found', toolCallId: 'tu1', ...noTools },
    ]);
  });

  it('reads Gemini contents and candidates: text, inlineData, functionCall, functionResponse', () => {
    expect(
      toChatMessages({
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'Weather?' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { tempC: 18 } } }] },
        ],
      }),
    ).toEqual([
      { role: 'system', text: 'Be brief.', ...noTools },
      { role: 'user', text: 'Weather?', images: ['data:image/png;base64,AAAA'], ...noTools },
      { role: 'assistant', text: '', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', text: '{"tempC":18}', name: 'get_weather', ...noTools },
    ]);
    expect(toChatMessages({ candidates: [{ content: { role: 'model', parts: [{ text: 'Sunny.' }] } }] })).toEqual([
      { role: 'assistant', text: 'Sunny.', ...noTools },
    ]);
  });

  it('reads AI SDK prompts and parts: image, file, tool-call, tool-result, reasoning', () => {
    expect(toChatMessages({ system: 'Be helpful.', prompt: 'Weather?' })).toEqual([
      { role: 'system', text: 'Be helpful.', ...noTools },
      { role: 'user', text: 'Weather?', ...noTools },
    ]);
    expect(
      toChatMessages([
        {
          role: 'user',
          content: [
            { type: 'image', image: 'AAAA', mediaType: 'image/webp' },
            { type: 'file', data: 'JVBE', mediaType: 'application/pdf', filename: 'a.pdf' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Use the tools.' },
            { type: 'tool-call', toolCallId: 'c1', toolName: 'getWeather', input: { city: 'Paris' } },
            { type: 'tool-call', toolCallId: 'c2', toolName: 'getAirQuality', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'getWeather',
              output: { type: 'json', value: { t: 18 } },
            },
            {
              type: 'tool-result',
              toolCallId: 'c2',
              toolName: 'getAirQuality',
              output: { type: 'text', value: 'n/a' },
            },
          ],
        },
      ]),
    ).toEqual([
      { role: 'user', text: '[application/pdf a.pdf]', images: ['data:image/webp;base64,AAAA'], ...noTools },
      {
        role: 'assistant',
        text: '',
        reasoning: 'Use the tools.',
        toolCalls: [
          { id: 'c1', name: 'getWeather', arguments: '{"city":"Paris"}' },
          { id: 'c2', name: 'getAirQuality', arguments: '{"city":"Paris"}' },
        ],
      },
      { role: 'tool', text: '{"t":18}', toolCallId: 'c1', name: 'getWeather', ...noTools },
      { role: 'tool', text: 'n/a', toolCallId: 'c2', name: 'getAirQuality', ...noTools },
    ]);
  });

  it('reads OTel GenAI parts: text, blob and uri images, tool calls and responses, reasoning', () => {
    expect(
      toChatMessages([
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'Weather?' },
            { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'AAAA' },
            { type: 'uri', modality: 'image', uri: 'https://x/y.png' },
            { type: 'blob', modality: 'audio', mime_type: 'audio/wav', content: 'AAAA' },
          ],
        },
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: 'Call the tool.' },
            { type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: { tempC: 18 } }] },
      ]),
    ).toEqual([
      {
        role: 'user',
        text: 'Weather?\n[audio audio/wav]',
        images: ['data:image/png;base64,AAAA', 'https://x/y.png'],
        ...noTools,
      },
      {
        role: 'assistant',
        text: '',
        reasoning: 'Call the tool.',
        toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', text: '{"tempC":18}', toolCallId: 'c1', ...noTools },
    ]);
  });

  it('returns null for values that are not chat', () => {
    for (const value of [
      'text',
      42,
      null,
      undefined,
      [],
      ['a', 'b'],
      { question: 'x' },
      { input: 'a plain function argument' },
      [{ role: 'user' }, { content: 'no role' }],
    ]) {
      expect(toChatMessages(value)).toBeNull();
    }
  });
});

describe('toDisplayText', () => {
  it('keeps strings and pretty-prints everything else', () => {
    expect(toDisplayText('plain')).toBe('plain');
    expect(toDisplayText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(toDisplayText(null)).toBe('null');
    expect(toDisplayText(undefined)).toBe('');
  });
});
