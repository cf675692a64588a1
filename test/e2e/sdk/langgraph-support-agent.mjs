// An app with LangGraph's prebuilt ReAct agent (createReactAgent) and LangChain's ChatOpenAI, traced by OpenInference's
// LangChain instrumentation the way its README says for ES modules (manuallyInstrument on LangChain's callback
// manager), spans exported as OTLP/protobuf to OTEL_EXPORTER_OTLP_ENDPOINT. The model is a fake OpenAI Chat
// Completions API on 127.0.0.1: a tool round (a get_order_status call, then the answer from its result).
// Usage: node langgraph-support-agent.mjs
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
import { startFakeOpenAI } from './fake-openai.mjs';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (!endpoint) throw new Error('set OTEL_EXPORTER_OTLP_ENDPOINT');

const fakeOpenAI = await startFakeOpenAI({
  model: 'gpt-4.1-mini-2025-04-14',
  toolCall: { id: 'call_order_1', name: 'get_order_status', arguments: '{"orderId":"A-1042"}' },
  answer: 'Order A-1042 shipped on May 2 and arrives on May 6.',
  usage: { call: [118, 19], answer: [164, 17] },
});

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
    configuration: { baseURL: fakeOpenAI.baseURL },
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
