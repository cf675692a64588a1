// An app calling Anthropic through `@anthropic-ai/sdk` 1.x, traced by OpenInference's Anthropic instrumentation the
// way its README says for ES modules (manuallyInstrument on the SDK's module), with a NodeTracerProvider registered
// globally: so the SDK also emits its own `anthropic.messages.create` span of each call, under OpenInference's.
// Spans go out as OTLP/JSON to OTEL_EXPORTER_OTLP_ENDPOINT. The model is the captures' fake Messages API on
// 127.0.0.1 and the calls are theirs: a get_weather tool round (the second call reads the prompt cache the first
// one wrote), then a streamed call.
// Usage: node anthropic-openinference.mjs
import Anthropic, * as AnthropicModule from '@anthropic-ai/sdk';
import { AnthropicInstrumentation } from '@arizeai/openinference-instrumentation-anthropic';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { runWeatherChat } from '../../../scripts/capture/anthropic-chat.mjs';
import { startFakeAnthropic } from '../../../scripts/capture/fake-anthropic.mjs';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');

const fake = await startFakeAnthropic();
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'travel-app' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))],
});
provider.register();
new AnthropicInstrumentation({ tracerProvider: provider }).manuallyInstrument(AnthropicModule);

const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.baseURL });
await runWeatherChat(client, provider.getTracer('travel-app'));
await provider.shutdown();
fake.server.close();
