// Two versions of one support agent, traced with the real Langfuse JS SDK (v5), for comparing runs.
// Version b changes the planner's system prompt, model and temperature, answers more slowly, and calls the lookup
// tool twice.
// Usage: node langfuse-compare-agent.mjs <trace-name> <a|b>
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, startActiveObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const [traceName = 'compare-run', version = 'a'] = process.argv.slice(2);
const b = version === 'b';

const processor = new LangfuseSpanProcessor({
  baseUrl: process.env.LANGFUSE_BASE_URL,
  publicKey: 'pk-lf-local',
  secretKey: 'sk-lf-local',
});
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const question = 'Where is my order 1042?';
const system = b
  ? 'You are a concise support agent for Acme. Answer in one sentence and always cite the order id.'
  : 'You are a friendly support agent for Acme. Answer in one sentence and always cite the order id.';

await propagateAttributes({ traceName, userId: 'user-compare', tags: ['e2e', `version-${version}`] }, () =>
  startActiveObservation(
    'support-agent',
    async (agent) => {
      agent.update({ input: { question } });
      await startActiveObservation(
        'search-docs',
        async (retriever) => {
          await sleep(10);
          retriever.update({ input: { query: question }, output: [{ id: 'doc-7', text: 'Orders ship in 2 days.' }] });
        },
        { asType: 'retriever' },
      );
      await startActiveObservation(
        'plan',
        async (generation) => {
          await sleep(b ? 60 : 400);
          generation.update({
            model: b ? 'gpt-4o-mini' : 'gpt-4o',
            modelParameters: { temperature: b ? 0.7 : 0.2, max_tokens: 256 },
            input: [
              { role: 'system', content: system },
              { role: 'user', content: question },
            ],
            output: { role: 'assistant', content: 'I will look the order up, then answer.' },
            usageDetails: b ? { input: 380, output: 40, total: 420 } : { input: 400, output: 52, total: 452 },
            costDetails: b ? { total: 0.00008 } : { total: 0.0015 },
          });
        },
        { asType: 'generation' },
      );
      for (let i = 0; i < (b ? 2 : 1); i++) {
        await startActiveObservation(
          'lookup-order',
          async (tool) => {
            await sleep(5);
            tool.update({ input: { orderId: 1042, attempt: i }, output: { status: i === 0 ? 'pending' : 'shipped' } });
          },
          { asType: 'tool' },
        );
      }
      await startActiveObservation(
        'answer',
        async (generation) => {
          await sleep(b ? 500 : 30);
          generation.update({
            model: 'gpt-4o-mini',
            input: [{ role: 'user', content: question }],
            output: {
              role: 'assistant',
              content: b ? 'Order 1042 has shipped and arrives tomorrow.' : 'Order 1042 is pending and ships tomorrow.',
            },
            usageDetails: { input: 60, output: b ? 14 : 12, total: b ? 74 : 72 },
          });
        },
        { asType: 'generation' },
      );
      agent.update({ output: { answer: 'done' } });
    },
    { asType: 'agent' },
  ),
);

await provider.forceFlush();
await provider.shutdown();
