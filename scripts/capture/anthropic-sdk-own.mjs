// The Anthropic SDK's own OpenTelemetry tracing, no instrumentation, with content on
// (ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content), against a fake Messages API on 127.0.0.1, as OTLP/JSON.
// The beta tool runner (a tool round: tool_use, the tool run, the answer), one streamed call through the stream
// helper, and one call that fails with HTTP 429.
// Usage, from a scratch directory with the packages of README.md installed: node anthropic-sdk-own.mjs <out dir>
import Anthropic from '@anthropic-ai/sdk';
import { betaTool } from '@anthropic-ai/sdk/helpers/beta/json-schema';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { runTripPlanner } from './anthropic-chat.mjs';
import { startCaptureServer, versionOf } from './capture-server.mjs';
import { startFakeAnthropic } from './fake-anthropic.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node anthropic-sdk-own.mjs <out dir>');
// Read once, when the client is constructed.
process.env.ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE = 'content';

const fake = await startFakeAnthropic();
const { server, url } = await startCaptureServer({
  out,
  scenario: 'anthropic-sdk-own',
  description:
    "Anthropic SDK's own tracing (content mode, fake Messages API): tool runner round, stream helper, HTTP 429 -> OTLP JSON",
  mainPackages: [
    versionOf('@anthropic-ai/sdk'),
    versionOf('@opentelemetry/sdk-trace-node'),
    versionOf('@opentelemetry/exporter-trace-otlp-http'),
  ],
});
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'anthropic-sdk-capture' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
});
provider.register();
const tracer = provider.getTracer('capture-app');

const client = new Anthropic({ apiKey: 'sk-ant-capture', baseURL: fake.baseURL });
const refused = await runTripPlanner(client, tracer, betaTool);
console.log(`${refused?.status} ${refused?.type}`);
await provider.forceFlush();
await provider.shutdown();
server.close();
fake.server.close();
