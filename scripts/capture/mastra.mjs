// A Mastra agent with one tool, against a fake OpenAI Chat Completions API on 127.0.0.1, exported either by
// @mastra/otel-exporter as OTLP/JSON (traces to /v1/traces, logs to /v1/logs) or by @mastra/langfuse (Langfuse's OTLP
// endpoint). The agent calls the tool once and answers.
// Usage, from a scratch directory with the packages of README.md installed: node mastra.mjs otel|langfuse <out dir>
import http from 'node:http';
import { Agent } from '@mastra/core/agent';
import { Mastra } from '@mastra/core/mastra';
import { createTool } from '@mastra/core/tools';
import { Observability } from '@mastra/observability';
import { z } from 'zod';
import { startCaptureServer, versionOf } from './capture-server.mjs';

const [kind, out] = process.argv.slice(2);
if (!['otel', 'langfuse'].includes(kind) || !out) throw new Error('usage: node mastra.mjs otel|langfuse <out dir>');

const MODEL = 'gpt-4.1-mini-2025-04-14';

/**
 * `POST /v1/chat/completions`, as much as the AI SDK's OpenAI-compatible provider reads: with `get_weather` offered
 * and no tool message yet, call it; else answer from the tool message. Streamed (Mastra always streams) as
 * server-sent chunks, the last one carrying usage; a JSON body when `stream` is false.
 */
let completions = 0;
function respond(request) {
  const messages = request.messages ?? [];
  const offered = (request.tools ?? []).map((t) => t.function?.name);
  const n = ++completions;
  if (offered.includes('get_weather') && !messages.some((m) => m.role === 'tool')) {
    const call = {
      id: 'call_weather_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Lisbon"}' },
    };
    return { n, content: null, toolCalls: [call], finish: 'tool_calls', usage: [132, 18, 0] };
  }
  return { n, content: 'It is 21°C and sunny in Lisbon.', toolCalls: [], finish: 'stop', usage: [187, 12, 128] };
}

function usageOf([prompt, completion, cached]) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

function completion(r) {
  const message = { role: 'assistant', content: r.content, refusal: null };
  if (r.toolCalls.length > 0) message.tool_calls = r.toolCalls;
  return {
    id: `chatcmpl-${r.n}`,
    object: 'chat.completion',
    created: 1_800_000_000 + r.n,
    model: MODEL,
    choices: [{ index: 0, message, logprobs: null, finish_reason: r.finish }],
    usage: usageOf(r.usage),
  };
}

/** Role first, then the text in two pieces or the tool call (name, then arguments), the finish reason, then usage. */
function chunks(r) {
  const base = { id: `chatcmpl-${r.n}`, object: 'chat.completion.chunk', created: 1_800_000_000 + r.n, model: MODEL };
  const deltas = [{ role: 'assistant', content: '' }];
  if (r.content) {
    const half = Math.ceil(r.content.length / 2);
    deltas.push({ content: r.content.slice(0, half) }, { content: r.content.slice(half) });
  }
  r.toolCalls.forEach((c, index) => {
    deltas.push({
      tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }],
    });
    deltas.push({ tool_calls: [{ index, function: { arguments: c.function.arguments } }] });
  });
  const out = deltas.map((delta) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] }));
  out.push({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: r.finish }] });
  out.push({ ...base, choices: [], usage: usageOf(r.usage) });
  return out;
}

const fakeOpenAI = http.createServer((req, res) => {
  const body = [];
  req.on('data', (c) => body.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
      return;
    }
    const request = JSON.parse(Buffer.concat(body).toString('utf8'));
    const r = respond(request);
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(r)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const c of chunks(r)) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  });
});
await new Promise((resolve) => fakeOpenAI.listen(0, '127.0.0.1', resolve));

const exporterPackages = {
  otel: ['@mastra/otel-exporter', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/exporter-logs-otlp-http'],
  langfuse: ['@mastra/langfuse', '@langfuse/otel'],
}[kind];
const { server, url } = await startCaptureServer({
  out,
  scenario: `mastra-${kind}`,
  description:
    kind === 'otel'
      ? 'Mastra agent with a tool (fake Chat Completions server, streamed): one tool round, exported by @mastra/otel-exporter -> OTLP JSON traces and logs'
      : 'Mastra agent with a tool (fake Chat Completions server, streamed): one tool round, exported by @mastra/langfuse -> Langfuse OTLP endpoint',
  mainPackages: [versionOf('@mastra/core'), versionOf('@mastra/observability'), ...exporterPackages.map(versionOf)],
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
    url: `http://127.0.0.1:${fakeOpenAI.address().port}/v1`,
    apiKey: 'sk-capture',
    api: 'chat',
  },
  tools: { get_weather: getWeather },
});
const exporter =
  kind === 'otel'
    ? new (await import('@mastra/otel-exporter')).OtelExporter({
        provider: { custom: { endpoint: `${url}/v1/traces`, protocol: 'http/json' } },
      })
    : new (await import('@mastra/langfuse')).LangfuseExporter({
        publicKey: 'pk-lf-capture',
        secretKey: 'sk-lf-capture',
        baseUrl: url,
      });
const mastra = new Mastra({
  agents: { weatherAgent },
  observability: new Observability({ configs: { otel: { serviceName: 'mastra-capture', exporters: [exporter] } } }),
});

const agent = mastra.getAgent('weatherAgent');
const result = await agent.generate('What is the weather in Lisbon?', {
  tracingOptions: { metadata: { userId: 'user-mastra', sessionId: 'session-mastra-1' }, tags: ['capture', 'mastra'] },
});
console.log(result.text);
await mastra.shutdown?.();
await exporter.shutdown?.();
server.close();
fakeOpenAI.close();
