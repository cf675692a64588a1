// A small agent traced with the real Langfuse JS SDK (v5, OpenTelemetry based), exported to
// LANGFUSE_BASE_URL. Usage: node langfuse-agent.mjs <trace-name> <user-question>
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, startActiveObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const [traceName = 'weather-agent-run', question = 'What is the weather in Paris today?'] = process.argv.slice(2);

const processor = new LangfuseSpanProcessor({
  baseUrl: process.env.LANGFUSE_BASE_URL,
  publicKey: 'pk-lf-local',
  secretKey: 'sk-lf-local',
});
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

await propagateAttributes({ traceName, userId: 'user-e2e', sessionId: 'session-e2e', tags: ['e2e', 'weather'] }, () =>
  startActiveObservation(
    'weather-agent',
    async (agent) => {
      agent.update({ input: { question } });
      const messages = [
        { role: 'system', content: 'You are a concise travel assistant. Use tools for live data.' },
        { role: 'user', content: question },
      ];
      const toolCall = {
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      };

      await startActiveObservation(
        'plan-step',
        async (generation) => {
          await sleep(15);
          generation.update({
            model: 'gpt-4o-mini',
            modelParameters: { temperature: 0.2, max_tokens: 256 },
            input: messages,
            output: { role: 'assistant', content: null, tool_calls: [toolCall] },
            usageDetails: { input: 42, output: 17, total: 59 },
          });
        },
        { asType: 'generation' },
      );

      const weather = await startActiveObservation(
        'get_weather',
        async (tool) => {
          await sleep(5);
          const result = { city: 'Paris', forecast: 'sunny', celsius: 21 };
          tool.update({ input: { city: 'Paris' }, output: result });
          return result;
        },
        { asType: 'tool' },
      );

      await startActiveObservation(
        'cache-lookup',
        async (span) => {
          span.update({ level: 'ERROR', statusMessage: 'cache backend unreachable: connection refused' });
        },
        { asType: 'span' },
      );

      const answer = `It is ${weather.forecast} in Paris, ${weather.celsius} °C.`;
      await startActiveObservation(
        'answer-step',
        async (generation) => {
          await sleep(10);
          generation.update({
            model: 'gpt-4o-mini',
            input: [
              ...messages,
              { role: 'assistant', content: null, tool_calls: [toolCall] },
              { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify(weather) },
            ],
            output: { role: 'assistant', content: answer },
            usageDetails: { input: 88, output: 23, total: 111 },
          });
        },
        { asType: 'generation' },
      );
      agent.update({ output: { answer } });
    },
    { asType: 'agent' },
  ),
);

await provider.forceFlush();
await provider.shutdown();
