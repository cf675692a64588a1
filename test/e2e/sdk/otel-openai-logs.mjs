// An app using the official OpenTelemetry OpenAI instrumentation (@opentelemetry/instrumentation-openai) the way its
// README says: message content on, spans through a tracer provider, the messages as log records through a logger
// provider, both exported to OTEL_EXPORTER_OTLP_ENDPOINT. The model is a fake OpenAI Chat Completions API on
// 127.0.0.1: a tool round (a tool call, then the answer). The app also logs a line inside its span and one outside
// any trace. Usage: node otel-openai-logs.mjs <trace-name> [http|grpc]
import http from 'node:http';
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const [traceName = 'lisbon-weather', transport = 'http'] = process.argv.slice(2);
process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');

const MODEL = 'gpt-4o-mini-2024-07-18';
const usage = (prompt_tokens, completion_tokens) => ({
  prompt_tokens,
  completion_tokens,
  total_tokens: prompt_tokens + completion_tokens,
});

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
      usage: answered ? usage(108, 11) : usage(72, 16),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
await new Promise((resolve) => fakeOpenAI.listen(0, '127.0.0.1', resolve));

async function exporters() {
  if (transport === 'grpc') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
    const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-grpc');
    return { spans: new OTLPTraceExporter({ url: endpoint }), logs: new OTLPLogExporter({ url: endpoint }) };
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-proto');
  return {
    spans: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }),
    logs: new OTLPLogExporter({ url: `${endpoint}/v1/logs` }),
  };
}

const exporter = await exporters();
const resource = resourceFromAttributes({ 'service.name': 'weather-app' });
const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter.spans)] });
tracerProvider.register();
const loggerProvider = new LoggerProvider({
  resource,
  processors: [new BatchLogRecordProcessor({ exporter: exporter.logs })],
});
logs.setGlobalLoggerProvider(loggerProvider);
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });

// The instrumentation patches require(), so the client is loaded after it is registered.
const { OpenAI } = createRequire(import.meta.url)('openai');
const client = new OpenAI({ apiKey: 'sk-test', baseURL: `http://127.0.0.1:${fakeOpenAI.address().port}/v1` });
const appLog = logs.getLogger('weather-app');
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

await trace.getTracer('weather-app').startActiveSpan(traceName, async (span) => {
  const messages = [
    { role: 'system', content: 'Answer weather questions with the get_weather tool.' },
    { role: 'user', content: 'What is the weather in Lisbon?' },
  ];
  const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
  const call = first.choices[0].message.tool_calls[0];
  appLog.emit({ severityText: 'INFO', severityNumber: 9, body: `calling get_weather for ${call.function.arguments}` });
  messages.push(first.choices[0].message, {
    role: 'tool',
    tool_call_id: call.id,
    content: '{"city":"Lisbon","tempC":21,"condition":"sunny"}',
  });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
  span.end();
});
context.with(trace.deleteSpan(context.active()), () =>
  appLog.emit({ severityText: 'WARN', severityNumber: 13, body: 'weather cache is cold' }),
);

await loggerProvider.forceFlush();
await tracerProvider.forceFlush();
await Promise.all([loggerProvider.shutdown(), tracerProvider.shutdown()]);
fakeOpenAI.close();
