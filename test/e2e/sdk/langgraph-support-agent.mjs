// An app with LangGraph's prebuilt ReAct agent (createReactAgent) and LangChain's ChatOpenAI, traced by OpenInference's
// LangChain instrumentation the way its README says for ES modules (manuallyInstrument on LangChain's callback
// manager), spans exported as OTLP/protobuf to OTEL_EXPORTER_OTLP_ENDPOINT. The model is a fake OpenAI Chat
// Completions API on 127.0.0.1: a tool round (a get_order_status call, then the answer from its result).
// Usage: node langgraph-support-agent.mjs
import http from 'node:http';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');

const MODEL = 'gpt-4.1-mini-2025-04-14';
const usage = (prompt_tokens, completion_tokens) => ({
  prompt_tokens,
  completion_tokens,
  total_tokens: prompt_tokens + completion_tokens,
});

/** With no tool message yet, call get_order_status; else answer from its result. */
const fakeOpenAI = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const answered = (request.messages ?? []).some((m) => m.role === 'tool');
    const message = answered
      ? { role: 'assistant', content: 'Order A-1042 shipped on May 2 and arrives on May 6.', refusal: null }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: 'call_order_1',
              type: 'function',
              function: { name: 'get_order_status', arguments: '{"orderId":"A-1042"}' },
            },
          ],
        };
    const body = {
      id: `chatcmpl-${answered ? 2 : 1}`,
      object: 'chat.completion',
      created: 1_800_000_000,
      model: MODEL,
      choices: [{ index: 0, message, finish_reason: answered ? 'stop' : 'tool_calls', logprobs: null }],
      usage: answered ? usage(164, 17) : usage(118, 19),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
await new Promise((resolve) => fakeOpenAI.listen(0, '127.0.0.1', resolve));

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'support-app' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))],
});
provider.register();
new LangChainInstrumentation({ tracerProvider: provider }).manuallyInstrument(CallbackManagerModule);

const getOrderStatus = tool(async ({ orderId }) => JSON.stringify({ orderId, status: 'shipped', eta: '2026-05-06' }), {
  name: 'get_order_status',
  description: 'Shipping status of an order',
  schema: z.object({ orderId: z.string() }),
});
const agent = createReactAgent({
  llm: new ChatOpenAI({
    model: 'gpt-4.1-mini',
    temperature: 0,
    apiKey: 'sk-test',
    configuration: { baseURL: `http://127.0.0.1:${fakeOpenAI.address().port}/v1` },
  }),
  tools: [getOrderStatus],
  prompt: 'You are a support agent. Use the tools to look orders up.',
  name: 'support_agent',
});
const state = await agent.invoke({ messages: [{ role: 'user', content: 'Where is my order A-1042?' }] });
console.log(state.messages.at(-1).content);

await provider.forceFlush();
await provider.shutdown();
fakeOpenAI.close();
