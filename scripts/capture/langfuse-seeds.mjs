// Every TypeScript example of the two documentation pages Loupe's Langfuse parity is checked against (generations,
// and instrumentation: ../shared/seeds), run with the real Langfuse JS SDK and exported as Langfuse's OTLP/JSON, one
// request per example. Model calls are local stubs and nothing leaves 127.0.0.1: the cross-service example's
// `fetch("https://service-b.example.com/api")` is the one line not run as written (a stub takes its place).
// Examples that send no span are left out: `startObservation("run", async (span) => ...)` never ends its span, and
// the flushing examples only set the SDK up. Usage, from the repository root (the SDK is a dev dependency):
//   rm -rf test/fixtures/otlp/langfuse-seeds && node scripts/capture/langfuse-seeds.mjs test/fixtures/otlp/langfuse-seeds
import { LangfuseSpanProcessor } from '@langfuse/otel';
import {
  createTraceId,
  observe,
  propagateAttributes,
  startActiveObservation,
  startObservation,
  updateActiveObservation,
} from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { startCaptureServer, versionOf } from './capture-server.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/capture/langfuse-seeds.mjs <out dir>');
const { server, url } = await startCaptureServer({
  out,
  scenario: 'langfuse-seeds',
  description: 'The TypeScript examples of the generations and instrumentation documentation pages, one per request',
  mainPackages: [
    versionOf('@langfuse/tracing'),
    versionOf('@langfuse/otel'),
    versionOf('@opentelemetry/sdk-trace-node'),
  ],
});
const processor = new LangfuseSpanProcessor({ baseUrl: url, publicKey: 'pk-lf-local', secretKey: 'sk-lf-local' });
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

const messages = [
  { role: 'system', content: 'You draft short, friendly replies to customer emails.' },
  { role: 'user', content: 'Can I change the delivery address of order #123?' },
];
let failNext = false;
async function callModel() {
  if (failNext) throw new Error('model overloaded: 503');
  return {
    text: 'Yes: reply with the new address and we will update it.',
    usage: { inputTokens: 31, outputTokens: 12 },
  };
}

const examples = {
  // Generations: record a generation.
  'draft-reply': async () => {
    await startActiveObservation(
      'draft-reply',
      async (gen) => {
        const response = await callModel(messages);
        gen.update({
          input: messages,
          output: response.text,
          model: 'gpt-4o',
          usageDetails: { input: response.usage.inputTokens, output: response.usage.outputTokens },
        });
        return response;
      },
      { asType: 'generation' },
    );
  },
  // Generations: errors, once as it succeeds (no usage sent) and once as it fails.
  'draft-reply-errors': async () => {
    for (const fail of [false, true]) {
      failNext = fail;
      await startActiveObservation(
        'draft-reply',
        async (gen) => {
          try {
            const response = await callModel(messages);
            gen.update({ input: messages, output: response.text, model: 'gpt-4o' });
            return response;
          } catch (error) {
            gen.update({ level: 'ERROR', statusMessage: error instanceof Error ? error.message : String(error) });
            throw error;
          }
        },
        { asType: 'generation' },
      ).catch(() => undefined);
    }
    failNext = false;
  },
  // Instrumentation: context manager.
  'user-request-llm-call': async () => {
    await startActiveObservation('user-request', async (span) => {
      span.update({ input: { query: 'Capital of France?' } });
      const generation = startObservation(
        'llm-call',
        { model: 'gpt-4', input: [{ role: 'user', content: 'Capital of France?' }] },
        { asType: 'generation' },
      );
      generation.update({ output: { content: 'Paris.' } }).end();
      span.update({ output: 'Answered.' });
    });
  },
  // Instrumentation: observe wrapper.
  'fetch-data': async () => {
    async function fetchData(source) {
      updateActiveObservation({ metadata: { source: 'API' } });
      return { data: `some data from ${source}` };
    }
    const tracedFetchData = observe(fetchData, { name: 'fetch-data', asType: 'span' });
    await tracedFetchData('API');
  },
  // Instrumentation: manual observations.
  'manual-observations': async () => {
    const span = startObservation('user-request', { input: { query: 'What is the capital of France?' } });
    const toolCall = span.startObservation('fetch-weather', { input: { city: 'Paris' } }, { asType: 'tool' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    toolCall.update({ output: { temperature: '15°C' } }).end();
    const generation = span.startObservation(
      'llm-call',
      { model: 'gpt-4', input: [{ role: 'user', content: 'What is the capital of France?' }] },
      { asType: 'generation' },
    );
    generation.update({
      usageDetails: { input: 10, output: 5 },
      output: { content: 'The capital of France is Paris.' },
    });
    generation.end();
    span.update({ output: 'Successfully answered user request.' }).end();
  },
  // Instrumentation: nesting with the context manager.
  'outer-process': async () => {
    await startActiveObservation('outer-process', async () => {
      await startActiveObservation('llm-step-1', async (span) => {
        span.update({ output: 'LLM 1 output' });
      });
      await startActiveObservation('intermediate-step', async (span) => {
        await startActiveObservation('llm-step-2', async (child) => {
          child.update({ output: 'LLM 2 output' });
        });
        span.update({ output: 'Intermediate processing done' });
      });
    });
  },
  // Instrumentation: update observations.
  'user-request-update': async () => {
    await startActiveObservation('user-request', async (span) => {
      span.update({ input: { path: '/api/process' }, output: { status: 'success' } });
    });
  },
  // Instrumentation: add attributes to observations.
  'user-workflow': async () => {
    await startActiveObservation('user-workflow', async () => {
      await propagateAttributes(
        {
          userId: 'user_123',
          sessionId: 'session_abc',
          metadata: { experiment: 'variant_a', env: 'prod' },
          version: '1.0',
          traceName: 'user-workflow',
        },
        async () => {
          const generation = startObservation('llm-call', { model: 'gpt-4' }, { asType: 'generation' });
          generation.end();
        },
      );
    });
  },
  // Instrumentation: cross-service propagation (the outbound request replaced by a stub, see the header).
  'api-request': async () => {
    const fetchServiceB = async () => undefined;
    await startActiveObservation('api-request', async () => {
      await propagateAttributes({ userId: 'user_123', sessionId: 'session_abc', asBaggage: true }, async () => {
        await fetchServiceB('https://service-b.example.com/api');
      });
    });
  },
  // Instrumentation: update trace (propagated attributes, trace input/output from the root).
  'data-processing': async () => {
    const userId = 'user-123';
    const sessionId = 'session-abc';
    propagateAttributes({ userId, sessionId, tags: ['authenticated-user'], metadata: { plan: 'premium' } }, () => {
      const rootSpan = startObservation('data-processing');
      const generation = rootSpan.startObservation('llm-call', {}, { asType: 'generation' });
      generation.end();
      rootSpan.end();
    });
  },
  // Instrumentation: trace and observation ids (a deterministic trace id, a parent span never sent).
  'process-ticket': async () => {
    const externalId = 'support-ticket-54321';
    const langfuseTraceId = await createTraceId(externalId);
    const rootSpan = startObservation(
      'process-ticket',
      {},
      { parentSpanContext: { traceId: langfuseTraceId, spanId: '0123456789abcdef', traceFlags: 1 } },
    );
    rootSpan.end();
  },
  // Instrumentation: link to existing traces.
  'downstream-task': async () => {
    const span = startObservation(
      'downstream-task',
      {},
      { parentSpanContext: { traceId: 'abcdef1234567890abcdef1234567890', spanId: 'fedcba0987654321', traceFlags: 1 } },
    );
    span.end();
  },
};

for (const [name, run] of Object.entries(examples)) {
  await run();
  await processor.forceFlush();
  console.log(`captured ${name}`);
}
await provider.shutdown();
server.close();
