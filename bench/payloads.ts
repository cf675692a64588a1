import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Spans per request: the OpenTelemetry SDK's default batch size. */
export const BATCH = 512;
const SPANS_PER_TRACE = 8;

const PROMPT = JSON.stringify([
  {
    role: 'system',
    content: 'You are a careful assistant. Answer from the retrieved documents only, cite them. '.repeat(4),
  },
  { role: 'user', content: 'How do I rotate the API keys of my project without downtime?' },
]);
const COMPLETION = JSON.stringify({
  role: 'assistant',
  content: 'Create the new key, deploy it, then revoke the old one [1][2]. '.repeat(3),
});

/**
 * Realistic LLM spans made by the OpenTelemetry SDK: per trace an agent and seven children (model calls carrying
 * model, usage and ~1 KB of prompt and completion attributes, and tool calls).
 */
export function makeSpans(count: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('bench');
  const t0 = Date.now() - 60_000;
  for (let n = 0; n < count; n += SPANS_PER_TRACE) {
    const root = tracer.startSpan('support-agent', {
      startTime: t0 + n,
      attributes: {
        'langfuse.observation.type': 'agent',
        'langfuse.trace.name': 'support-agent',
        'user.id': `user-${n % 50}`,
      },
    });
    const ctx = trace.setSpan(context.active(), root);
    for (let k = 1; k < SPANS_PER_TRACE && n + k < count; k++) {
      const generation = k % 2 === 1;
      const span = tracer.startSpan(
        generation ? 'chat gpt-4o' : 'search_docs',
        {
          startTime: t0 + n + k,
          attributes: generation
            ? {
                'gen_ai.operation.name': 'chat',
                'gen_ai.system': 'openai',
                'gen_ai.request.model': 'gpt-4o',
                'gen_ai.response.model': 'gpt-4o-2024-08-06',
                'gen_ai.usage.input_tokens': 900 + k,
                'gen_ai.usage.output_tokens': 120 + k,
                'gen_ai.request.temperature': 0.2,
                'langfuse.observation.input': PROMPT,
                'langfuse.observation.output': COMPLETION,
              }
            : {
                'langfuse.observation.type': 'tool',
                'langfuse.observation.input': '{"query":"rotate api keys","limit":5}',
                'langfuse.observation.output': '{"hits":["doc-1","doc-2","doc-3"]}',
              },
        },
        ctx,
      );
      span.end(t0 + n + k + 1);
    }
    root.end(t0 + n + SPANS_PER_TRACE + 1);
  }
  return memory.getFinishedSpans();
}

/** The request bodies the SDK's own OTLP exporter sends for these spans, captured once and replayed. */
export async function captureBodies(spans: ReadableSpan[], format: 'json' | 'protobuf'): Promise<Buffer[]> {
  const bodies: Buffer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': format === 'json' ? 'application/json' : 'application/x-protobuf' });
      res.end(format === 'json' ? '{}' : '');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  const exporter = format === 'json' ? new JsonExporter({ url }) : new ProtoExporter({ url });
  for (let i = 0; i < spans.length; i += BATCH) {
    await new Promise<void>((done, fail) =>
      exporter.export(spans.slice(i, i + BATCH), (r) => (r.code === 0 ? done() : fail(r.error))),
    );
  }
  await exporter.shutdown();
  await new Promise((done) => server.close(done));
  return bodies;
}
