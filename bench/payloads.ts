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
/** Spans per trace of `makeSpans`: an agent and seven children. */
export const SPANS_PER_TRACE = 8;

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

/** What differs between the agents the benches simulate; a field left out keeps the default agent's value. */
export interface AgentSpansOptions {
  /** The resource's `service.name`. */
  service?: string;
  /** How long before now the first trace starts, in ms. */
  agoMs?: number;
  /** The root span's `langfuse.trace.input`; none when undefined. */
  traceInput?: string;
  /** The number of distinct `session.id` values the traces cycle through; no session when undefined. */
  sessions?: number;
  /** The model calls' input and output token counts (the k-th child adds k to each). */
  inputTokens?: number;
  outputTokens?: number;
  /** The model calls' prompt (input) and completion (output) attributes. */
  prompt?: string;
  completion?: string;
  /** The tool calls' input and output attributes. */
  toolInput?: string;
  toolOutput?: string;
}

/**
 * Realistic LLM spans made by the OpenTelemetry SDK: per trace an agent and seven children, alternately model calls
 * (model, usage, prompt and completion) and tool calls. With the defaults the model calls carry ~1 KB of prompt and
 * completion attributes.
 */
export function makeSpans(
  count: number,
  {
    service = 'bench-agent',
    agoMs = 60_000,
    traceInput,
    sessions,
    inputTokens = 900,
    outputTokens = 120,
    prompt = PROMPT,
    completion = COMPLETION,
    toolInput = '{"query":"rotate api keys","limit":5}',
    toolOutput = '{"hits":["doc-1","doc-2","doc-3"]}',
  }: AgentSpansOptions = {},
): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('bench');
  const t0 = Date.now() - agoMs;
  for (let n = 0; n < count; n += SPANS_PER_TRACE) {
    const root = tracer.startSpan('support-agent', {
      startTime: t0 + n,
      attributes: {
        'langfuse.observation.type': 'agent',
        'langfuse.trace.name': 'support-agent',
        ...(traceInput !== undefined && { 'langfuse.trace.input': traceInput }),
        'user.id': `user-${n % 50}`,
        ...(sessions !== undefined && { 'session.id': `session-${n % sessions}` }),
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
                'gen_ai.usage.input_tokens': inputTokens + k,
                'gen_ai.usage.output_tokens': outputTokens + k,
                'gen_ai.request.temperature': 0.2,
                'langfuse.observation.input': prompt,
                'langfuse.observation.output': completion,
              }
            : {
                'langfuse.observation.type': 'tool',
                'langfuse.observation.input': toolInput,
                'langfuse.observation.output': toolOutput,
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

/** ~2.5 KB of retrieved passages, as a RAG agent puts into its prompt and its retrieval tool returns. */
const RAG_PASSAGES = Array.from(
  { length: 9 },
  (_, i) =>
    `[${i + 1}] Rotating project API keys: create a second key in the project settings, roll it out to every service that calls the API, watch the usage of the old key drop to zero, then revoke it. Keys are scoped per project; revoking one never affects another project (doc-${i + 1}, section ${i + 2}).`,
);
const RAG_PROMPT = JSON.stringify([
  {
    role: 'system',
    content: `You are a careful support assistant. Answer from the retrieved documents only and cite them.\n\n${RAG_PASSAGES.join('\n')}`,
  },
  { role: 'user', content: 'How do I rotate the API keys of my project without downtime?' },
]);
const RAG_COMPLETION = JSON.stringify({
  role: 'assistant',
  content: 'Create the new key, deploy it everywhere, wait until the old key is unused, then revoke it [1][2]. '.repeat(
    5,
  ),
});
const RAG_HITS = JSON.stringify({
  hits: RAG_PASSAGES.map((text, i) => ({ id: `doc-${i + 1}`, score: 0.9 - i / 20, text })),
});

/**
 * Spans made by the OpenTelemetry SDK: per trace an agent and seven children, alternately model calls (model, usage,
 * the prompt with its passages and the completion) and retrieval tool calls (query in, passages out): ~3 KB of
 * attributes per span on average.
 */
export const makeLlmSpans = (count: number) =>
  makeSpans(count, {
    service: 'bench-rag-agent',
    agoMs: 120_000,
    traceInput: 'How do I rotate the API keys of my project without downtime?',
    sessions: 200,
    inputTokens: 1400,
    outputTokens: 160,
    prompt: RAG_PROMPT,
    completion: RAG_COMPLETION,
    toolInput: '{"query":"rotate api keys without downtime","limit":9}',
    toolOutput: RAG_HITS,
  });

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
