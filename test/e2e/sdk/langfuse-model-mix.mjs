// Calls to three models with known tokens, latencies, times to first token and costs, traced with the real Langfuse
// JS SDK (v5) and explicit times, so every figure of the Analysis view is known in advance.
// Usage: node langfuse-model-mix.mjs recent   (six traces, started within the last minute)
//        node langfuse-model-mix.mjs history  (four older traces, one to four days ago, at least 26 hours)
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, startObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const processor = new LangfuseSpanProcessor({
  baseUrl: process.env.LANGFUSE_BASE_URL,
  publicKey: 'pk-lf-local',
  secretKey: 'sk-lf-local',
});
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

const HOUR = 3_600_000;
const now = Date.now();

/** [start offset from now (ms), model, step name, latency, ttft, usage, cost, error?] */
const RECENT = [
  [-50_000, 'gpt-4o', 'plan', 1000, 200, { input: 1000, output: 200 }, 0.0125],
  [-45_000, 'gpt-4o', 'plan', 3000, 400, { input: 1000, output: 200 }, 0.0125],
  [-40_000, 'gpt-4o-mini', 'answer', 200, 50, { input: 500, output: 100 }, 0.0003],
  [-35_000, 'gpt-4o-mini', 'answer', 400, 100, { input: 500, output: 100 }, 0.0003, true],
  [-30_000, 'gpt-4o-mini', 'answer', 600, 150, { input: 500, output: 100 }, 0.0003],
  [
    -25_000,
    'claude-sonnet-4',
    'plan',
    2000,
    300,
    { input: 500, input_cached_tokens: 1500, output: 300, output_reasoning_tokens: 100 },
    0.018,
  ],
];
const HISTORY = [
  [-26 * HOUR, 'gpt-4o', 'plan', 1500, 250, { input: 1200, output: 300 }, 0.015],
  [-50 * HOUR, 'gpt-4o-mini', 'answer', 300, 60, { input: 400, output: 80 }, 0.0002],
  [-74 * HOUR, 'claude-sonnet-4', 'plan', 2500, 350, { input: 900, output: 250 }, 0.009],
  [-98 * HOUR, 'gpt-4o', 'plan', 1200, 220, { input: 800, output: 150 }, 0.009],
];

const runs = process.argv[2] === 'history' ? HISTORY : RECENT;
for (const [offset, model, name, latency, ttft, usageDetails, cost, failed] of runs) {
  const start = now + offset;
  await propagateAttributes({ traceName: 'support-run', userId: 'user-analysis', tags: ['e2e'] }, async () => {
    const agent = startObservation(
      'support-agent',
      { input: { question: 'Where is order 1042?' } },
      {
        asType: 'agent',
        startTime: new Date(start),
      },
    );
    // The top-level function takes a start time (the child method does not); the parent is given explicitly.
    const generation = startObservation(
      name,
      {
        model,
        input: [{ role: 'user', content: 'Where is order 1042?' }],
        output: failed ? null : { role: 'assistant', content: 'It ships tomorrow.' },
        usageDetails,
        costDetails: { total: cost },
        completionStartTime: new Date(start + 10 + ttft),
        ...(failed ? { level: 'ERROR', statusMessage: 'upstream 503 from the provider' } : {}),
      },
      { asType: 'generation', startTime: new Date(start + 10), parentSpanContext: agent.otelSpan.spanContext() },
    );
    generation.end(new Date(start + 10 + latency));
    agent.end(new Date(start + latency + 20));
  });
}

await provider.forceFlush();
await provider.shutdown();
