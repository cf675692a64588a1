// An app with a Mastra agent and one tool, observed through Mastra's own OpenTelemetry exporter
// (@mastra/otel-exporter) the way its docs set it up: a custom OTLP/protobuf endpoint, here OTEL_EXPORTER_OTLP_ENDPOINT.
// The model is a fake OpenAI Chat Completions API on 127.0.0.1 behind Mastra's OpenAI-compatible model config: a tool
// round (a get_weather call, then the answer from its result). `agent.generate` calls it without streaming.
// The exporter declares the OTLP exporters of the 0.218 line as optional peers while this repository has 0.223; npm
// installs the 0.221 copies it lists as optional dependencies beside it, and those are what it loads.
// Usage: node mastra-weather-agent.mjs
import http from 'node:http';
import { Agent } from '@mastra/core/agent';
import { Mastra } from '@mastra/core/mastra';
import { createTool } from '@mastra/core/tools';
import { Observability } from '@mastra/observability';
import { OtelExporter } from '@mastra/otel-exporter';
import { z } from 'zod';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');

const MODEL = 'gpt-4.1-mini-2025-04-14';
const usage = (prompt_tokens, completion_tokens) => ({
  prompt_tokens,
  completion_tokens,
  total_tokens: prompt_tokens + completion_tokens,
});

/** With no tool message yet, call get_weather; else answer from its result. */
const fakeOpenAI = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const answered = (request.messages ?? []).some((m) => m.role === 'tool');
    const message = answered
      ? { role: 'assistant', content: 'It is 21°C and sunny in Lisbon.', refusal: null }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: 'call_weather_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Lisbon"}' },
            },
          ],
        };
    const body = {
      id: `chatcmpl-${answered ? 2 : 1}`,
      object: 'chat.completion',
      created: 1_800_000_000,
      model: MODEL,
      choices: [{ index: 0, message, finish_reason: answered ? 'stop' : 'tool_calls', logprobs: null }],
      usage: answered ? usage(187, 12) : usage(132, 18),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
await new Promise((resolve) => fakeOpenAI.listen(0, '127.0.0.1', resolve));

const getWeather = createTool({
  id: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 21, condition: 'sunny' }),
});
const weatherAgent = new Agent({
  id: 'weather-agent',
  name: 'Weather agent',
  instructions: 'Answer weather questions with the get_weather tool.',
  model: {
    id: 'openai/gpt-4.1-mini',
    url: `http://127.0.0.1:${fakeOpenAI.address().port}/v1`,
    apiKey: 'sk-test',
    api: 'chat',
  },
  tools: { get_weather: getWeather },
});
const mastra = new Mastra({
  agents: { weatherAgent },
  observability: new Observability({
    configs: {
      otel: {
        serviceName: 'weather-app',
        exporters: [
          new OtelExporter({ provider: { custom: { endpoint: `${endpoint}/v1/traces`, protocol: 'http/protobuf' } } }),
        ],
      },
    },
  }),
});

const result = await mastra.getAgent('weatherAgent').generate('What is the weather in Lisbon?', {
  tracingOptions: { metadata: { userId: 'user-lisbon', sessionId: 'session-lisbon' } },
});
console.log(result.text);
// Flushes and closes the exporters.
await mastra.shutdown();
fakeOpenAI.close();
