import { describe, expect, it } from 'vitest';
import { extractToolDefinitions } from './normalize';

const weather = { type: 'object', properties: { city: { type: 'string' } } };

describe('extractToolDefinitions', () => {
  it('reads AI SDK, GenAI and OpenInference attributes', () => {
    expect(
      extractToolDefinitions(undefined, {
        'ai.prompt.tools': [
          JSON.stringify({ type: 'function', name: 'getWeather', description: 'd', inputSchema: weather }),
        ],
        'gen_ai.tool.definitions': JSON.stringify([{ type: 'function', name: 'search', parameters: weather }]),
        'llm.tools.0.tool.json_schema': JSON.stringify({
          type: 'function',
          function: { name: 'lookup', parameters: weather },
        }),
        'llm.tools.1.tool.json_schema': JSON.stringify({ type: 'function', function: { name: 'getWeather' } }),
      }),
    ).toEqual([
      { name: 'getWeather', description: 'd', parameters: weather },
      { name: 'search', parameters: weather },
      { name: 'lookup', parameters: weather },
    ]);
  });

  it('reads OpenAI, Anthropic and Gemini tools from a request or model parameters', () => {
    expect(
      extractToolDefinitions({
        tools: [{ type: 'function', function: { name: 'a', description: 'x', parameters: weather } }],
      }),
    ).toEqual([{ name: 'a', description: 'x', parameters: weather }]);
    expect(extractToolDefinitions({ tools: JSON.stringify([{ name: 'b', input_schema: weather }]) })).toEqual([
      { name: 'b', parameters: weather },
    ]);
    expect(extractToolDefinitions({ config: { tools: [{ functionDeclarations: [{ name: 'c' }] }] } })).toEqual([
      { name: 'c' },
    ]);
    expect(extractToolDefinitions('not tools')).toEqual([]);
  });
});
