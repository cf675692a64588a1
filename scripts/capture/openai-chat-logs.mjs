// The OpenTelemetry GenAI instrumentations of the `openai` client (contrib or Elastic's), against a fake OpenAI
// Chat Completions API on 127.0.0.1: spans through a tracer provider, the message events through a logger provider.
// Calls: system + user; a tool definition answered by a tool call; the follow-up with the tool result; a stream.
// The contrib instrumentation also wraps the Responses API, with another event shape: one more call shows it.
// Usage, from a scratch directory with the packages of README.md installed:
//   node openai-chat-logs.mjs <out dir> <contrib|elastic> <proto|json>
import http from 'node:http';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { logs } from '@opentelemetry/api-logs';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { startCaptureServer, versionOf } from './capture-server.mjs';

const [out, flavour, encoding] = process.argv.slice(2);
if (!out || !['contrib', 'elastic'].includes(flavour) || !['proto', 'json'].includes(encoding)) {
  throw new Error('usage: node openai-chat-logs.mjs <out dir> <contrib|elastic> <proto|json>');
}
// Both instrumentations read this once, when constructed; without it the bodies carry no text.
process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';

const MODEL = 'gpt-4o-mini-2024-07-18';
const usage = (prompt_tokens, completion_tokens) => ({
  prompt_tokens,
  completion_tokens,
  total_tokens: prompt_tokens + completion_tokens,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
});

/** `POST /v1/chat/completions`: a tool call while `get_weather` is offered and unanswered, else a text answer. */
let completions = 0;
function complete(request) {
  const n = ++completions;
  const base = { id: `chatcmpl-${n}`, object: 'chat.completion', created: 1_800_000_000 + n, model: MODEL };
  const answered = request.messages.some((m) => m.role === 'tool');
  if ((request.tools ?? []).some((t) => t.function?.name === 'get_weather') && !answered) {
    const call = {
      id: 'call_weather_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Lisbon"}' },
    };
    const message = { role: 'assistant', content: null, tool_calls: [call], refusal: null };
    return {
      ...base,
      choices: [{ index: 0, message, finish_reason: 'tool_calls', logprobs: null }],
      usage: usage(72, 16),
    };
  }
  const content = answered ? 'It is 21°C and sunny in Lisbon.' : 'Olá!';
  const message = { role: 'assistant', content, refusal: null };
  return {
    ...base,
    choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
    usage: usage(answered ? 108 : 24, answered ? 11 : 3),
  };
}

/** The same as server-sent events: a role chunk, three text deltas, a finish chunk, the usage chunk, `[DONE]`. */
function streamed(res) {
  const n = ++completions;
  const chunk = (choices, extra = {}) =>
    `data: ${JSON.stringify({ id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: 1_800_000_000 + n, model: MODEL, choices, ...extra })}\n\n`;
  const delta = (d, finish_reason = null) => [{ index: 0, delta: d, finish_reason, logprobs: null }];
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(chunk(delta({ role: 'assistant', content: '' })));
  for (const part of ['One', ', two', ', three.']) res.write(chunk(delta({ content: part })));
  res.write(chunk(delta({}, 'stop')));
  res.write(chunk([], { usage: usage(26, 6) }));
  res.end('data: [DONE]\n\n');
}

/** `POST /v1/responses`, non-streaming: a text answer. */
function respond(request) {
  const text = 'It is 21°C and sunny in Lisbon.';
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1_800_000_100,
    status: 'completed',
    model: MODEL,
    output: [
      {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    output_text: text,
    tools: request.tools ?? [],
    usage: {
      input_tokens: 96,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 11,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 107,
    },
  };
}

const fakeOpenAI = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const request = req.method === 'POST' ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
    if (req.url === '/v1/chat/completions' && request?.stream) streamed(res);
    else if (req.url === '/v1/chat/completions' && request)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(complete(request)));
    else if (req.url === '/v1/responses' && request)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(respond(request)));
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
  });
});
await new Promise((resolve) => fakeOpenAI.listen(0, '127.0.0.1', resolve));

const instrumentationPackage =
  flavour === 'contrib' ? '@opentelemetry/instrumentation-openai' : '@elastic/opentelemetry-instrumentation-openai';
const exporterKind = encoding === 'proto' ? 'proto' : 'http';
const { OTLPTraceExporter } = await import(`@opentelemetry/exporter-trace-otlp-${exporterKind}`);
const { OTLPLogExporter } = await import(`@opentelemetry/exporter-logs-otlp-${exporterKind}`);
const { OpenAIInstrumentation } = await import(instrumentationPackage);

const scenario = `${flavour === 'contrib' ? 'otel' : 'elastic'}-openai-logs${flavour === 'contrib' ? `-${encoding}` : ''}`;
const { server, url } = await startCaptureServer({
  out,
  scenario,
  description:
    `${instrumentationPackage} with message content, openai client against a fake Chat Completions API: ` +
    `system + user, tool call, tool result + answer, stream with usage${flavour === 'contrib' ? ', a Responses API call' : ''} -> OTLP ${encoding === 'proto' ? 'protobuf' : 'JSON'} traces and logs`,
  mainPackages: [
    versionOf(instrumentationPackage),
    versionOf('openai'),
    versionOf(`@opentelemetry/exporter-trace-otlp-${exporterKind}`),
    versionOf(`@opentelemetry/exporter-logs-otlp-${exporterKind}`),
    versionOf('@opentelemetry/sdk-logs'),
  ],
});
const resource = resourceFromAttributes({ 'service.name': 'openai-logs-capture' });
const tracerProvider = new NodeTracerProvider({
  resource,
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
});
tracerProvider.register();
const loggerProvider = new LoggerProvider({
  resource,
  processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${url}/v1/logs` }) })],
});
logs.setGlobalLoggerProvider(loggerProvider);
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()], tracerProvider, loggerProvider });

// The instrumentations patch `require('openai')`; an ESM import would need the import-in-the-middle loader hook.
const OpenAI = createRequire(import.meta.url)('openai');
const client = new OpenAI({
  apiKey: 'sk-capture',
  baseURL: `http://127.0.0.1:${fakeOpenAI.address().port}/v1`,
  maxRetries: 0,
});

const hello = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Say hello in Portuguese.' },
  ],
  temperature: 0.2,
});
console.log(hello.choices[0].message.content);

const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];
const question = [{ role: 'user', content: 'What is the weather in Lisbon?' }];
const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, tools });
const assistant = first.choices[0].message;
const result = JSON.stringify({ city: 'Lisbon', tempC: 21, condition: 'sunny' });
const toolMessage = { role: 'tool', tool_call_id: assistant.tool_calls[0].id, content: result };
const answer = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [...question, assistant, toolMessage],
  tools,
});
console.log(answer.choices[0].message.content);

const stream = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Count to three.' },
  ],
  stream: true,
  stream_options: { include_usage: true },
});
let counted = '';
for await (const chunk of stream) counted += chunk.choices[0]?.delta?.content ?? '';
console.log(counted);

// Elastic's instrumentation leaves `client.responses` alone (it wraps Chat Completions and Embeddings only).
if (flavour === 'contrib') {
  const response = await client.responses.create({
    model: 'gpt-4o-mini',
    instructions: 'Answer weather questions with the get_weather tool.',
    input: [
      { role: 'user', content: 'What is the weather in Lisbon?' },
      { type: 'function_call', call_id: 'call_weather_2', name: 'get_weather', arguments: '{"city":"Lisbon"}' },
      { type: 'function_call_output', call_id: 'call_weather_2', output: result },
    ],
    tools: [{ type: 'function', name: 'get_weather', parameters: tools[0].function.parameters, strict: false }],
  });
  console.log(response.output_text);
}

// Both batch processors keep their default delays (log records 1 s, spans 5 s), so the requests arrive in the
// order an application sees them; shutting down after 6 s only flushes what is left.
await sleep(6_000);
await tracerProvider.shutdown();
await loggerProvider.shutdown();
server.close();
fakeOpenAI.close();
