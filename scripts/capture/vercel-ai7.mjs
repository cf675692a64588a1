// Vercel AI SDK 7 with its OpenTelemetry integration (@ai-sdk/otel) and mock models (no network), as OTLP/JSON.
// Usage, from a scratch directory with the packages of README.md installed: node vercel-ai7.mjs <out dir>

import { OpenTelemetry } from '@ai-sdk/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { generateText, registerTelemetry, stepCountIs, streamText, tool } from 'ai';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { z } from 'zod';
import { startCaptureServer, versionOf } from './capture-server.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node vercel-ai7.mjs <out dir>');
const { server, url } = await startCaptureServer({
  out,
  scenario: 'vercel-ai7-own',
  description: 'Vercel AI SDK 7 + @ai-sdk/otel with mock models: generateText with a tool round, streamText',
  mainPackages: [versionOf('ai'), versionOf('@ai-sdk/otel'), versionOf('@opentelemetry/exporter-trace-otlp-http')],
});
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'ai7-capture', 'service.version': '0.7.0' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
});
provider.register();
registerTelemetry(new OpenTelemetry());
const tracer = provider.getTracer('capture-app');

const usage = (input, output, { cacheRead = 0, reasoning = 0 } = {}) => ({
  inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: undefined },
  outputTokens: { total: output, text: output - reasoning, reasoning },
});
const finish = (unified) => ({ unified, raw: unified === 'tool-calls' ? 'tool_calls' : unified });

let step = 0;
const model = new MockLanguageModelV4({
  provider: 'openai.responses',
  modelId: 'gpt-4.1-mini',
  doGenerate: async () =>
    step++ === 0
      ? {
          content: [
            {
              type: 'tool-call',
              toolCallId: 'call_fx1',
              toolName: 'convertCurrency',
              input: '{"amount":120,"from":"EUR","to":"USD"}',
            },
          ],
          finishReason: finish('tool-calls'),
          usage: usage(64, 22, { cacheRead: 32 }),
          warnings: [],
          response: { id: 'resp_1', modelId: 'gpt-4.1-mini-2025-04-14', timestamp: new Date() },
        }
      : {
          content: [
            { type: 'reasoning', text: 'The tool gave 130.8 USD.' },
            { type: 'text', text: '120 EUR is about 130.80 USD.' },
          ],
          finishReason: finish('stop'),
          usage: usage(110, 18, { reasoning: 6 }),
          warnings: [],
          response: { id: 'resp_2', modelId: 'gpt-4.1-mini-2025-04-14', timestamp: new Date() },
        },
});

let streamStep = 0;
const streamModel = new MockLanguageModelV4({
  provider: 'anthropic.messages',
  modelId: 'claude-haiku-4-5',
  doStream: async () => ({
    stream: simulateReadableStream({
      chunks:
        streamStep++ === 0
          ? [
              { type: 'stream-start', warnings: [] },
              { type: 'response-metadata', id: 'msg_1', modelId: 'claude-haiku-4-5-20251001', timestamp: new Date() },
              { type: 'tool-input-start', id: 'toolu_1', toolName: 'lookupRate' },
              { type: 'tool-input-delta', id: 'toolu_1', delta: '{"pair":"EUR/JPY"}' },
              { type: 'tool-input-end', id: 'toolu_1' },
              { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'lookupRate', input: '{"pair":"EUR/JPY"}' },
              { type: 'finish', finishReason: finish('tool-calls'), usage: usage(40, 12) },
            ]
          : [
              { type: 'stream-start', warnings: [] },
              { type: 'response-metadata', id: 'msg_2', modelId: 'claude-haiku-4-5-20251001', timestamp: new Date() },
              { type: 'text-start', id: 't1' },
              { type: 'text-delta', id: 't1', delta: 'One euro buys ' },
              { type: 'text-delta', id: 't1', delta: '162.4 yen.' },
              { type: 'text-end', id: 't1' },
              { type: 'finish', finishReason: finish('stop'), usage: usage(70, 9, { cacheRead: 20 }) },
            ],
      chunkDelayInMs: 5,
    }),
  }),
});

const telemetry = (functionId) => ({ isEnabled: true, functionId });

await tracer.startActiveSpan('currency-chat', async (root) => {
  await generateText({
    model,
    instructions: 'You convert currencies. Use the tool.',
    prompt: 'How much is 120 EUR in USD?',
    temperature: 0.3,
    stopWhen: stepCountIs(3),
    tools: {
      convertCurrency: tool({
        description: 'Converts an amount between currencies',
        inputSchema: z.object({ amount: z.number(), from: z.string(), to: z.string() }),
        execute: async ({ amount, from, to }) => ({
          amount: Math.round(amount * 109) / 100,
          currency: to,
          rate: 1.09,
          source: `${from}/${to}`,
        }),
      }),
    },
    telemetry: telemetry('currency-agent'),
  });
  const stream = streamText({
    model: streamModel,
    // ai 7 refuses system messages in `messages`: instructions take their place.
    instructions: 'Answer briefly.',
    messages: [{ role: 'user', content: 'What does one euro buy in yen?' }],
    stopWhen: stepCountIs(3),
    tools: {
      lookupRate: tool({
        description: 'Looks up an exchange rate',
        inputSchema: z.object({ pair: z.string() }),
        execute: async ({ pair }) => ({ pair, rate: 162.4 }),
      }),
    },
    telemetry: telemetry('rate-stream'),
  });
  await stream.text;
  root.end();
});
await provider.forceFlush();
await provider.shutdown();
server.close();
