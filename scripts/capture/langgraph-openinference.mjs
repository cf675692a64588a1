// LangGraph's prebuilt ReAct agent with ChatOpenAI, traced through OpenInference's LangChain instrumentation, against a
// fake OpenAI Chat Completions API on 127.0.0.1, as OTLP/JSON. The agent calls a tool once and answers; then a prompt
// piped into a streaming model answers a follow-up, so AIMessageChunk outputs are in the capture too.
// Usage, from a scratch directory with the packages of README.md installed: node langgraph-openinference.mjs <out dir>
import http from 'node:http';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';
import { startCaptureServer, versionOf } from './capture-server.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node langgraph-openinference.mjs <out dir>');

const MODEL = 'gpt-4.1-mini-2025-04-14';

/**
 * `POST /v1/chat/completions`, as much as ChatOpenAI reads: with `get_order_status` offered and no tool message yet,
 * call it; else answer from the last tool message (or, without tools, the follow-up answer). `stream: true` answers
 * as server-sent chunks with a final usage chunk (`stream_options.include_usage`).
 */
let completions = 0;
function respond(request) {
  const messages = request.messages ?? [];
  const offered = (request.tools ?? []).map((t) => t.function?.name);
  const n = ++completions;
  if (offered.includes('get_order_status') && !messages.some((m) => m.role === 'tool')) {
    const call = {
      id: 'call_order_1',
      type: 'function',
      function: { name: 'get_order_status', arguments: '{"orderId":"A-1042"}' },
    };
    return {
      message: { role: 'assistant', content: null, tool_calls: [call] },
      finish: 'tool_calls',
      usage: [118, 19, 0],
      n,
    };
  }
  const text =
    offered.length > 0
      ? 'Order A-1042 shipped on May 2 and arrives on May 6.'
      : 'You can track it with the link in your shipping email.';
  return {
    message: { role: 'assistant', content: text },
    finish: 'stop',
    usage: offered.length > 0 ? [164, 17, 64] : [41, 12, 0],
    n,
  };
}

function usageOf([prompt, completion, cached]) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

function completion(r) {
  return {
    id: `chatcmpl-${r.n}`,
    object: 'chat.completion',
    created: 1_800_000_000 + r.n,
    model: MODEL,
    choices: [{ index: 0, message: { refusal: null, ...r.message }, logprobs: null, finish_reason: r.finish }],
    usage: usageOf(r.usage),
    system_fingerprint: 'fp_capture',
  };
}

/** The same answer as chunks: role, the text in three pieces, the finish reason, then usage alone. */
function chunks(r) {
  const base = { id: `chatcmpl-${r.n}`, object: 'chat.completion.chunk', created: 1_800_000_000 + r.n, model: MODEL };
  const text = r.message.content ?? '';
  const third = Math.ceil(text.length / 3);
  const deltas = [
    { role: 'assistant', content: '' },
    ...[0, 1, 2].map((i) => ({ content: text.slice(i * third, (i + 1) * third) })),
  ];
  const out = deltas.map((delta) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] }));
  out.push({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: r.finish }] });
  out.push({ ...base, choices: [], usage: usageOf(r.usage) });
  return out;
}

const fakeOpenAI = http.createServer((req, res) => {
  const body = [];
  req.on('data', (c) => body.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
      return;
    }
    const request = JSON.parse(Buffer.concat(body).toString('utf8'));
    const r = respond(request);
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(r)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const c of chunks(r)) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  });
});
await new Promise((resolve) => fakeOpenAI.listen(0, '127.0.0.1', resolve));
const baseURL = `http://127.0.0.1:${fakeOpenAI.address().port}/v1`;

const { server, url } = await startCaptureServer({
  out,
  scenario: 'langgraph-openinference',
  description:
    'LangGraph ReAct agent + ChatOpenAI (fake Chat Completions server): one tool round, then a streamed prompt | model chain, traced by OpenInference LangChain -> OTLP JSON',
  mainPackages: [
    versionOf('@langchain/langgraph'),
    versionOf('@langchain/core'),
    versionOf('@langchain/openai'),
    versionOf('@arizeai/openinference-instrumentation-langchain'),
    versionOf('@opentelemetry/exporter-trace-otlp-http'),
  ],
});
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'langgraph-capture' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
});
provider.register();
new LangChainInstrumentation({ tracerProvider: provider }).manuallyInstrument(CallbackManagerModule);

const getOrderStatus = tool(async ({ orderId }) => JSON.stringify({ orderId, status: 'shipped', eta: '2026-05-06' }), {
  name: 'get_order_status',
  description: 'Shipping status of an order',
  schema: z.object({ orderId: z.string() }),
});
const model = new ChatOpenAI({
  model: 'gpt-4.1-mini',
  temperature: 0,
  apiKey: 'sk-capture',
  configuration: { baseURL },
});
const agent = createReactAgent({
  llm: model,
  tools: [getOrderStatus],
  prompt: 'You are a support agent. Use the tools to look orders up.',
  name: 'support_agent',
});
const state = await agent.invoke(
  { messages: [{ role: 'user', content: 'Where is my order A-1042?' }] },
  { metadata: { session_id: 'session-lg-1', user_id: 'user-lg' }, tags: ['capture', 'langgraph'] },
);
console.log(state.messages.at(-1).content);

const streaming = new ChatOpenAI({
  model: 'gpt-4.1-mini',
  apiKey: 'sk-capture',
  streaming: true,
  streamUsage: true,
  configuration: { baseURL },
});
const followUp = ChatPromptTemplate.fromMessages([
  ['system', 'Answer in one sentence.'],
  ['human', '{question}'],
]).pipe(streaming);
let streamed = '';
for await (const chunk of await followUp.stream({ question: 'How can I track it?' })) streamed += chunk.content;
console.log(streamed);

await provider.forceFlush();
await provider.shutdown();
server.close();
fakeOpenAI.close();
