// A support agent traced with the real Langfuse JS SDK (v5): a retriever, a generation with every field the
// inspector shows (time to first token, cached and reasoning tokens, cost, prompt, markdown, an image, and
// hostile markup), three calls of the same tool, a huge output, an event and a warning.
// Usage: node langfuse-rich-agent.mjs <trace-name> [session-id] [question]
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, startActiveObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const [traceName = 'support-run', sessionId = 'session-rich', question = 'Where is my order 1042?'] =
  process.argv.slice(2);

const processor = new LangfuseSpanProcessor({
  baseUrl: process.env.LANGFUSE_BASE_URL,
  publicKey: 'pk-lf-local',
  secretKey: 'sk-lf-local',
});
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A 2x2 red PNG.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

const HOSTILE = [
  'Please check <script>window.__pwned = "script"</script> this order.',
  '<img src=x onerror="window.__pwned = \'img\'">',
  "[click me](javascript:window.__pwned='link')",
  '<style>body { display: none !important }</style>',
  '![tracker](https://tracker.invalid/pixel.png)',
].join('\n\n');

const SYSTEM = `You are **Acme support**. Follow the policy:\n\n| rule | detail |\n| --- | --- |\n| tone | friendly |\n| refunds | over $50 need approval |\n\n${'Always cite the order id. '.repeat(40)}`;

await propagateAttributes(
  { traceName, userId: 'user-rich', sessionId, tags: ['e2e', 'support'], environment: 'staging' },
  () =>
    startActiveObservation(
      'support-agent',
      async (agent) => {
        agent.update({ input: { question } });
        await startActiveObservation(
          'search-docs',
          async (retriever) => {
            await sleep(8);
            retriever.update({ input: { query: question }, output: [{ id: 'doc-7', text: 'Orders ship in 2 days.' }] });
          },
          { asType: 'retriever' },
        );

        const t0 = new Date();
        await startActiveObservation(
          'rich-call',
          async (generation) => {
            await sleep(300);
            generation.update({
              model: 'gpt-4o',
              modelParameters: { temperature: 0.1, max_tokens: 512 },
              completionStartTime: new Date(t0.getTime() + 250),
              prompt: { name: 'support-prompt', version: 3, isFallback: false },
              input: [
                { role: 'system', content: SYSTEM },
                { role: 'user', content: `${question}\n\n${HOSTILE}` },
              ],
              output: {
                role: 'assistant',
                content: `Your order **1042** ships _tomorrow_.\n\n- tracking: [carrier](https://carrier.example/track/1042)\n- chart: ![status chart](${PNG})\n\n\`\`\`json\n{"order": 1042}\n\`\`\``,
              },
              usageDetails: {
                input: 500,
                output: 80,
                input_cached_tokens: 300,
                output_reasoning_tokens: 40,
                total: 920,
              },
              costDetails: { input: 0.01, output: 0.0023, total: 0.0123 },
            });
          },
          { asType: 'generation', startTime: t0 },
        );

        for (let i = 0; i < 3; i++) {
          await startActiveObservation(
            'lookup-order',
            async (tool) => {
              await sleep(4);
              tool.update({ input: { orderId: 1042, attempt: i }, output: { status: i < 2 ? 'pending' : 'shipped' } });
            },
            { asType: 'tool' },
          );
        }

        await startActiveObservation(
          'huge-output',
          async (span) => {
            span.update({ output: `BEGIN ${'lorem ipsum '.repeat(250_000)} END` });
          },
          { asType: 'span' },
        );

        await startActiveObservation(
          'final-answer',
          async (generation) => {
            await sleep(12);
            generation.update({
              model: 'gpt-4o-mini',
              level: 'WARNING',
              statusMessage: 'answer truncated at max_tokens',
              input: [{ role: 'user', content: question }],
              output: { role: 'assistant', content: 'Order 1042 ships tomorrow.' },
              usageDetails: { input: 60, output: 12, total: 72 },
            });
          },
          { asType: 'generation' },
        );
        agent.update({ output: { answer: 'Order 1042 ships tomorrow.' } });
      },
      { asType: 'agent' },
    ),
);

await provider.forceFlush();
await provider.shutdown();
