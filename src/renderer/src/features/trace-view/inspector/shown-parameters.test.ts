import { describe, expect, it } from 'vitest';
import { isEmptyParameter, shownParameters } from './shown-parameters';

describe('shownParameters', () => {
  it('leaves out parameters nobody set', () => {
    expect(
      shownParameters({ stop: null, user: '', metadata: {}, logit_bias: [], temperature: 0, stream: false }),
    ).toEqual({
      inline: [
        ['temperature', '0'],
        ['stream', 'false'],
      ],
      blocks: [],
    });
    expect(shownParameters(null)).toEqual({ inline: [], blocks: [] });
  });

  it('keeps whitespace that means something, quoted so that it shows', () => {
    expect(isEmptyParameter(' ')).toBe(false);
    expect(shownParameters({ stop: '\n', prefix: ' Human:', model: 'gpt-4o' }).inline).toEqual([
      ['stop', '"\\n"'],
      ['prefix', '" Human:"'],
      ['model', 'gpt-4o'],
    ]);
  });

  it('keeps short objects inline as compact JSON', () => {
    expect(shownParameters({ response_format: { type: 'json_object' } }).inline).toEqual([
      ['response_format', '{"type":"json_object"}'],
    ]);
  });

  it('gives a long prompt a block of its own, as it was sent', () => {
    const system = `You are a careful assistant.\n\n${'Answer briefly. '.repeat(200)}`;
    const shown = shownParameters({ temperature: 0.2, system });
    expect(shown.inline).toEqual([['temperature', '0.2']]);
    expect(shown.blocks).toEqual([['system', system]]);
  });

  it('pretty-prints a long schema, whether sent as an object or as a JSON string', () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ];
    const pretty = JSON.stringify(tools, null, 2);
    expect(shownParameters({ tools }).blocks).toEqual([['tools', pretty]]);
    expect(shownParameters({ tools: JSON.stringify(tools) }).blocks).toEqual([['tools', pretty]]);
    const notJson = `[${'x'.repeat(100)}`;
    expect(shownParameters({ tools: notJson }).blocks).toEqual([['tools', notJson]]);
  });
});
