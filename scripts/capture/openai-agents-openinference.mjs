// OpenAI Agents SDK traced through OpenInference, against a fake OpenAI Responses API on 127.0.0.1, as OTLP/protobuf.
// A triage agent hands off to a weather agent, which calls a function tool and answers.
// Usage, from a scratch directory with the packages of README.md installed: node openai-agents-openinference.mjs <out dir>
import http from 'node:http';
import { OpenAIAgentsInstrumentation } from '@arizeai/openinference-instrumentation-openai-agents';
import * as agents from '@openai/agents';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import OpenAI from 'openai';
import { z } from 'zod';
import { startCaptureServer, versionOf } from './capture-server.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node openai-agents-openinference.mjs <out dir>');

/**
 * `POST /v1/responses`, non-streaming, as much as the Agents SDK reads: with a handoff tool (`transfer_to_<agent>`)
 * offered and not yet called, call it; with `get_weather` offered and not yet answered, call it; else answer from the tool output.
 */
let responses = 0;
function respond(request) {
  const input = Array.isArray(request.input) ? request.input : [];
  const answered = new Set(input.filter((i) => i.type === 'function_call_output').map((i) => i.call_id));
  const offered = new Set((request.tools ?? []).map((t) => t.name));
  const n = ++responses;
  const base = {
    id: `resp_${n}`,
    object: 'response',
    created_at: 1_800_000_000 + n,
    status: 'completed',
    model: 'gpt-4.1-mini-2025-04-14',
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: request.tools ?? [],
    temperature: request.temperature ?? 1,
    top_p: 1,
  };
  const usage = (input_tokens, output_tokens, cached = 0) => ({
    input_tokens,
    input_tokens_details: { cached_tokens: cached },
    output_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input_tokens + output_tokens,
  });
  const call = (id, name, args) => ({
    type: 'function_call',
    id: `fc_${n}`,
    call_id: id,
    name,
    arguments: args,
    status: 'completed',
  });
  const handoff = [...offered].find((name) => name.startsWith('transfer_to_'));
  if (handoff && !answered.has('call_handoff_1')) {
    return { ...base, output: [call('call_handoff_1', handoff, '{}')], usage: usage(96, 14) };
  }
  if (offered.has('get_weather') && !answered.has('call_weather_1')) {
    return { ...base, output: [call('call_weather_1', 'get_weather', '{"city":"Lisbon"}')], usage: usage(141, 18, 64) };
  }
  const text = 'It is 21°C and sunny in Lisbon.';
  const message = {
    type: 'message',
    id: `msg_${n}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
  return { ...base, output: [message], output_text: text, usage: usage(188, 11) };
}

const fakeOpenAI = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/responses') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
      return;
    }
    const body = JSON.stringify(respond(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});
await new Promise((resolve) => fakeOpenAI.listen(0, '127.0.0.1', resolve));

const { server, url } = await startCaptureServer({
  out,
  scenario: 'openai-agents-openinference',
  description:
    'OpenAI Agents SDK (Responses API, fake server) + OpenInference instrumentation: handoff, function tool, answer -> OTLP protobuf',
  mainPackages: [
    versionOf('@openai/agents'),
    versionOf('@arizeai/openinference-instrumentation-openai-agents'),
    versionOf('openai'),
    versionOf('@opentelemetry/exporter-trace-otlp-proto'),
  ],
});
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'agents-capture' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
});
provider.register();
new OpenAIAgentsInstrumentation({ tracerProvider: provider }).manuallyInstrument(agents);
agents.setDefaultOpenAIClient(
  new OpenAI({ apiKey: 'sk-capture', baseURL: `http://127.0.0.1:${fakeOpenAI.address().port}/v1` }),
);

const getWeather = agents.tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => JSON.stringify({ city, tempC: 21, condition: 'sunny' }),
});
const weatherAgent = new agents.Agent({
  name: 'Weather agent',
  instructions: 'Answer weather questions with the get_weather tool.',
  model: 'gpt-4.1-mini',
  tools: [getWeather],
});
const triage = new agents.Agent({
  name: 'Triage agent',
  instructions: 'Hand weather questions to the weather agent.',
  model: 'gpt-4.1-mini',
  handoffs: [weatherAgent],
});

const result = await agents.withTrace('weather-workflow', () => agents.run(triage, 'What is the weather in Lisbon?'), {
  groupId: 'session-agents-1',
  metadata: { user: 'user-agents' },
});
console.log(result.finalOutput);
await agents.getGlobalTraceProvider?.().forceFlush?.();
await provider.forceFlush();
await provider.shutdown();
server.close();
fakeOpenAI.close();
