// An app with a Mastra agent and one tool, observed through Mastra's own OpenTelemetry exporter
// (@mastra/otel-exporter) the way its docs set it up: a custom OTLP/protobuf endpoint, here OTEL_EXPORTER_OTLP_ENDPOINT.
// The model is a fake OpenAI Chat Completions API on 127.0.0.1 behind Mastra's OpenAI-compatible model config: a tool
// round (a get_weather call, then the answer from its result). `agent.generate` calls it without streaming.
// The exporter declares the OTLP exporters of the 0.218 line as optional peers while this repository has 0.223; npm
// installs the 0.221 copies it lists as optional dependencies beside it, and those are what it loads.
// Usage: node mastra-weather-agent.mjs
import { Agent } from '@mastra/core/agent';
import { Mastra } from '@mastra/core/mastra';
import { createTool } from '@mastra/core/tools';
import { Observability } from '@mastra/observability';
import { OtelExporter } from '@mastra/otel-exporter';
import { z } from 'zod';
import { startFakeOpenAI } from './fake-openai.mjs';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');

const fakeOpenAI = await startFakeOpenAI({
  model: 'gpt-4.1-mini-2025-04-14',
  toolCall: { id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Lisbon"}' },
  answer: 'It is 21°C and sunny in Lisbon.',
  usage: { call: [132, 18], answer: [187, 12] },
});

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
    url: fakeOpenAI.baseURL,
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
