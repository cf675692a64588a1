import { describe, expect, it } from 'vitest';
import { toChatMessages, toDisplayText } from './normalize';

const noTools = { toolCalls: [] };

describe('toChatMessages', () => {
  it('reads OpenAI chat messages with string and part contents and tool calls', () => {
    expect(
      toChatMessages([
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
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
      { role: 'user', text: 'Describe\n[image: https://x/y.png]', ...noTools },
      {
        role: 'assistant',
        text: '',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', text: '{"tempC":18}', ...noTools },
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

  it('reads OTel GenAI parts, including tool calls with object arguments and blobs', () => {
    expect(
      toChatMessages([
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'Weather?' },
            { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'AAAA' },
          ],
        },
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }],
        },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: { tempC: 18 } }] },
      ]),
    ).toEqual([
      { role: 'user', text: 'Weather?\n[image image/png]', ...noTools },
      { role: 'assistant', text: '', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', text: '{"tempC":18}', ...noTools },
    ]);
  });

  it('reads a single completion message, Anthropic blocks and AI SDK parts', () => {
    expect(toChatMessages({ role: 'assistant', content: 'It is 18°C.' })).toEqual([
      { role: 'assistant', text: 'It is 18°C.', ...noTools },
    ]);
    expect(
      toChatMessages([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'tu1', name: 'search', input: { q: 'x' } },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'tu1', content: [{ type: 'text', text: 'found' }] }],
        },
      ]),
    ).toEqual([
      { role: 'assistant', text: 'Checking.', toolCalls: [{ id: 'tu1', name: 'search', arguments: '{"q":"x"}' }] },
      { role: 'user', text: 'found', ...noTools },
    ]);
    expect(
      toChatMessages({
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'getWeather', input: '{"city":"Paris"}' }],
      }),
    ).toEqual([
      { role: 'assistant', text: '', toolCalls: [{ id: 'c', name: 'getWeather', arguments: '{"city":"Paris"}' }] },
    ]);
  });

  it('reads AI SDK prompts {system, prompt}', () => {
    expect(toChatMessages({ system: 'Be helpful.', prompt: 'Weather?' })).toEqual([
      { role: 'system', text: 'Be helpful.', ...noTools },
      { role: 'user', text: 'Weather?', ...noTools },
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
      [{ role: 'user' }, { content: 'no role' }],
    ]) {
      expect(toChatMessages(value)).toBeNull();
    }
  });

  it('shortens long image URLs such as data URIs', () => {
    const url = `data:image/png;base64,${'A'.repeat(1000)}`;
    const [m] = toChatMessages([{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }]) ?? [];
    expect(m?.text.length).toBeLessThan(80);
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
