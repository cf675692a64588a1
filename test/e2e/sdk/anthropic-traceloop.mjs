// An app calling Anthropic through `@anthropic-ai/sdk` 0.137.0 (the last 0.x, installed under the alias
// `@anthropic-ai/sdk-0`), traced by Traceloop's (OpenLLMetry's) Anthropic instrumentation through its manual API
// (manuallyInstrument on the SDK's module: 0.27.0 patches `Anthropic.Completions`, which the 1.x SDK no longer has).
// A NodeTracerProvider is registered globally, so the SDK also emits its own `anthropic.messages.create` span of each
// call, under Traceloop's. Spans go out as OTLP/JSON to OTEL_EXPORTER_OTLP_ENDPOINT. The model is the captures' fake
// Messages API on 127.0.0.1 and the calls are theirs: a get_weather tool round (the second call reads the prompt
// cache the first one wrote), then a streamed call.
// Usage: node anthropic-traceloop.mjs
import Anthropic, * as AnthropicModule from '@anthropic-ai/sdk-0';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AnthropicInstrumentation } from '@traceloop/instrumentation-anthropic';
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
const instrumentation = new AnthropicInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.manuallyInstrument(AnthropicModule);

const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.baseURL });
await runWeatherChat(client, provider.getTracer('travel-app'));
await provider.shutdown();
fake.server.close();
