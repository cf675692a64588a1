// The Anthropic SDK traced through OpenInference, against a fake Messages API on 127.0.0.1, as OTLP/JSON.
// A global tracer provider is registered, so the SDK also emits its own span of each call, under OpenInference's.
// A tool round (tool_use, then the answer from the tool result) and one streamed call; cache writes and reads.
// Usage, from a scratch directory with the packages of README.md installed: node anthropic-openinference.mjs <out dir>
import Anthropic, * as AnthropicModule from '@anthropic-ai/sdk';
import { AnthropicInstrumentation } from '@arizeai/openinference-instrumentation-anthropic';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { runWeatherChat } from './anthropic-chat.mjs';
import { startCaptureServer, versionOf } from './capture-server.mjs';
import { startFakeAnthropic } from './fake-anthropic.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node anthropic-openinference.mjs <out dir>');

const fake = await startFakeAnthropic();
const { server, url } = await startCaptureServer({
  out,
  scenario: 'anthropic-openinference',
  description:
    'Anthropic SDK (fake Messages API) + OpenInference instrumentation, global provider: tool round, streamed call -> OTLP JSON',
  mainPackages: [
    versionOf('@anthropic-ai/sdk'),
    versionOf('@arizeai/openinference-instrumentation-anthropic'),
    versionOf('@opentelemetry/sdk-trace-node'),
    versionOf('@opentelemetry/exporter-trace-otlp-http'),
  ],
});
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'anthropic-oi-capture' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
});
provider.register();
new AnthropicInstrumentation({ tracerProvider: provider }).manuallyInstrument(AnthropicModule);

const client = new Anthropic({ apiKey: 'sk-ant-capture', baseURL: fake.baseURL });
await runWeatherChat(client, provider.getTracer('capture-app'));
await provider.forceFlush();
await provider.shutdown();
server.close();
fake.server.close();
