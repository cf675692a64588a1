// Two examples of Langfuse's instrumentation documentation, as written there, sent with the real Langfuse JS SDK
// to LANGFUSE_BASE_URL: a generation with a model and no usage (Langfuse infers it), and propagated attributes
// (version, user, session, metadata). Usage: node langfuse-seed-examples.mjs
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, startActiveObservation, startObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const processor = new LangfuseSpanProcessor({
  baseUrl: process.env.LANGFUSE_BASE_URL,
  publicKey: 'pk-lf-local',
  secretKey: 'sk-lf-local',
});
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

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

await provider.shutdown();
