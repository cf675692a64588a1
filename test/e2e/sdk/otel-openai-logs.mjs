// An app using the official OpenTelemetry OpenAI instrumentation (@opentelemetry/instrumentation-openai) the way its
// README says: message content on, spans through a tracer provider, the messages as log records through a logger
// provider, both exported to OTEL_EXPORTER_OTLP_ENDPOINT. The model is a fake OpenAI Chat Completions API on
// 127.0.0.1: a tool round (a tool call, then the answer). The app also logs a line inside its span and one outside
// any trace. Usage: node otel-openai-logs.mjs <trace-name> [http|grpc]
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { startFakeOpenAI } from './fake-openai.mjs';

const [traceName = 'lisbon-weather', transport = 'http'] = process.argv.slice(2);
process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');

const fakeOpenAI = await startFakeOpenAI({
  model: 'gpt-4o-mini-2024-07-18',
  toolCall: { id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Lisbon"}' },
  answer: 'It is 21°C and sunny in Lisbon.',
  usage: { call: [72, 16], answer: [108, 11] },
});

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
const client = new OpenAI({ apiKey: 'sk-test', baseURL: fakeOpenAI.baseURL });
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
