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
import { startCaptureServer, versionOf } from './capture-server.mjs';
import { MODEL, startFakeAnthropic } from './fake-anthropic.mjs';

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
const getWeather = betaTool({
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  run: async ({ city }) => JSON.stringify({ city, tempC: 21, condition: 'sunny' }),
});

await tracer.startActiveSpan('trip-planner', async (root) => {
  const final = await client.beta.messages.toolRunner(
    {
      model: MODEL,
      max_tokens: 256,
      system: 'You answer travel questions. Use the tools.',
      messages: [{ role: 'user', content: 'What is the weather in Lisbon?' }],
      tools: [getWeather],
      thread: false,
    },
    { openTelemetry: { conversationId: 'conv-trip-1' } },
  );
  console.log(final.content[0].text);

  const stream = client.messages.stream({
    model: MODEL,
    max_tokens: 128,
    messages: [{ role: 'user', content: 'What should I pack for Lisbon?' }],
  });
  console.log(await stream.finalText());

  try {
    await client.messages.create(
      { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Book a table, or fail trying.' }] },
      { maxRetries: 0 },
    );
  } catch (error) {
    console.log(`${error.status} ${error.type}`);
  }
  root.end();
});
await provider.forceFlush();
await provider.shutdown();
server.close();
fake.server.close();
