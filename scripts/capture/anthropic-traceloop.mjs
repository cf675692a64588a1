// The Anthropic SDK traced through Traceloop's (OpenLLMetry's) Anthropic instrumentation, against a fake Messages
// API on 127.0.0.1, as OTLP/JSON. A global tracer provider is registered, so the SDK also emits its own span of each
// call, under Traceloop's. The same calls as the OpenInference capture (anthropic-chat.mjs).
// Usage, from a scratch directory with the packages of README.md installed: node anthropic-traceloop.mjs <out dir>
import Anthropic, * as AnthropicModule from '@anthropic-ai/sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AnthropicInstrumentation } from '@traceloop/instrumentation-anthropic';
import { runWeatherChat } from './anthropic-chat.mjs';
import { startCaptureServer, versionOf } from './capture-server.mjs';
import { startFakeAnthropic } from './fake-anthropic.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node anthropic-traceloop.mjs <out dir>');

const fake = await startFakeAnthropic();
const { server, url } = await startCaptureServer({
  out,
  scenario: 'anthropic-traceloop',
  description:
    'Anthropic SDK (fake Messages API) + Traceloop Anthropic instrumentation, global provider: tool round, streamed call -> OTLP JSON',
  mainPackages: [
    versionOf('@anthropic-ai/sdk'),
    versionOf('@traceloop/instrumentation-anthropic'),
    versionOf('@opentelemetry/sdk-trace-node'),
    versionOf('@opentelemetry/exporter-trace-otlp-http'),
  ],
});
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'anthropic-traceloop-capture' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
});
provider.register();
const instrumentation = new AnthropicInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.manuallyInstrument(AnthropicModule);

const client = new Anthropic({ apiKey: 'sk-ant-capture', baseURL: fake.baseURL });
await runWeatherChat(client, provider.getTracer('capture-app'));
await provider.forceFlush();
await provider.shutdown();
server.close();
fake.server.close();
