// An app calling Anthropic through `@anthropic-ai/sdk` 1.x with no instrumentation: the SDK's own OpenTelemetry
// tracing, on because a NodeTracerProvider is registered globally, with content recorded
// (ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content, read when the client is made). Spans go out as OTLP/JSON to
// OTEL_EXPORTER_OTLP_ENDPOINT. The model is the captures' fake Messages API on 127.0.0.1: the beta tool runner (a
// get_weather round; the second call reads the prompt cache the first one wrote), the stream helper, and a call that
// fails with HTTP 429 (not retried).
// Usage: node anthropic-sdk-own.mjs
import Anthropic from '@anthropic-ai/sdk';
import { betaTool } from '@anthropic-ai/sdk/helpers/beta/json-schema';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { runTripPlanner } from '../../../scripts/capture/anthropic-chat.mjs';
import { startFakeAnthropic } from '../../../scripts/capture/fake-anthropic.mjs';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');
process.env.ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE = 'content';

const fake = await startFakeAnthropic();
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'trip-app' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))],
});
provider.register();
const tracer = provider.getTracer('trip-app');

const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.baseURL });
const refused = await runTripPlanner(client, tracer, betaTool);
if (refused?.status !== 429) throw refused ?? new Error('the fake Messages API was to answer 429');
await provider.shutdown();
fake.server.close();
