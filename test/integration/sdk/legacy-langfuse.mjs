// The legacy Langfuse JS SDK (npm `langfuse` 3.x) posting to /api/public/ingestion.
// Usage: LANGFUSE_BASE_URL=... node legacy-langfuse.mjs <trace-name>
import { Langfuse } from 'langfuse';

const [traceName = 'legacy-run'] = process.argv.slice(2);
const langfuse = new Langfuse({
  baseUrl: process.env.LANGFUSE_BASE_URL,
  publicKey: process.env.LANGFUSE_PUBLIC_KEY ?? 'pk-lf-local',
  secretKey: process.env.LANGFUSE_SECRET_KEY ?? 'sk-lf-local',
});
langfuse.on('error', (error) => {
  console.error(`langfuse error: ${error?.message ?? error}`);
  process.exitCode = 1;
});

const trace = langfuse.trace({
  name: traceName,
  userId: 'user-legacy',
  sessionId: 'session-legacy',
  tags: ['legacy'],
  input: { question: 'What is the weather in Paris?' },
});
const span = trace.span({ name: 'agent', input: { city: 'Paris' } });
const generation = span.generation({
  name: 'llm-call',
  model: 'gpt-4o-mini',
  input: [{ role: 'user', content: 'What is the weather in Paris?' }],
});
generation.end({ output: 'Sunny, 21 °C.', usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 } });
span.event({ name: 'cache-miss', level: 'WARNING', input: { key: 'weather:paris' } });
span.end({ output: { answer: 'Sunny, 21 °C.' } });
trace.update({ output: { answer: 'Sunny, 21 °C.' } });
langfuse.score({ traceId: trace.id, name: 'helpfulness', value: 0.9, comment: 'good' });
await langfuse.flushAsync();
await langfuse.shutdownAsync();
console.log(JSON.stringify({ traceId: trace.id }));
