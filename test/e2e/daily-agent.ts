import type { Page } from '@playwright/test';

/**
 * A realistic support agent's traffic, as the Langfuse SDK's OpenTelemetry exporter sends it: a system prompt, a
 * streamed planning call, two tool calls in parallel, a retriever, and an answer. Three runs share one session:
 * the first goes well; in the second the primary model's call fails (rate limited) and a fallback model answers, so
 * the run recovers; in the third the order service is down and the agent gives up, so the run fails.
 */

export const SESSION = 'chat-4412';
export const RUNS = {
  ok: { traceId: 'd1a0000000000000000000000000a001', question: 'Where is my order 7731?' },
  recovered: { traceId: 'd1a0000000000000000000000000a002', question: 'Can I change the delivery address?' },
  failed: { traceId: 'd1a0000000000000000000000000a003', question: 'Refund order 7731 please' },
} as const;

const SYSTEM_PROMPT =
  'You are the Acme support assistant. Answer in two sentences at most, cite the order id, never promise refunds.';

type Value = string | number | boolean;

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, Value>;
  error?: string;
}

const attribute = (key: string, v: Value) => ({
  key,
  value:
    typeof v === 'string'
      ? { stringValue: v }
      : typeof v === 'boolean'
        ? { boolValue: v }
        : Number.isInteger(v)
          ? { intValue: String(v) }
          : { doubleValue: v },
});

let spanSeq = 0;
const spanId = () => (0xb00000 + ++spanSeq).toString(16).padStart(16, '0');

function generation(
  run: { traceId: string },
  parent: string,
  name: string,
  at: number,
  o: { model: string; input: unknown; output?: unknown; usage: [number, number]; cost: number; error?: string },
): Span {
  return {
    traceId: run.traceId,
    spanId: spanId(),
    parentSpanId: parent,
    name,
    startMs: at,
    endMs: at + 900,
    attributes: {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.model.name': o.model,
      'langfuse.observation.input': JSON.stringify(o.input),
      ...(o.output === undefined ? {} : { 'langfuse.observation.output': JSON.stringify(o.output) }),
      'langfuse.observation.usage_details': JSON.stringify({ input: o.usage[0], output: o.usage[1] }),
      'langfuse.observation.cost_details': JSON.stringify({ total: o.cost }),
      'langfuse.observation.completion_start_time': JSON.stringify(new Date(Date.now() + at + 180).toISOString()),
      ...(o.error ? { 'langfuse.observation.level': 'ERROR', 'langfuse.observation.status_message': o.error } : {}),
    },
    ...(o.error ? { error: o.error } : {}),
  };
}

function tool(run: { traceId: string }, parent: string, name: string, at: number, out: unknown, error?: string): Span {
  return {
    traceId: run.traceId,
    spanId: spanId(),
    parentSpanId: parent,
    name,
    startMs: at,
    endMs: at + 240,
    attributes: {
      'langfuse.observation.type': 'tool',
      'langfuse.observation.input': JSON.stringify({ order_id: '7731' }),
      ...(error ? {} : { 'langfuse.observation.output': JSON.stringify(out) }),
      ...(error ? { 'langfuse.observation.level': 'ERROR', 'langfuse.observation.status_message': error } : {}),
    },
    ...(error ? { error } : {}),
  };
}

/** One run of the agent, `ageMs` before now; the kind decides how it ends. */
function agentRun(kind: keyof typeof RUNS, ageMs: number): Span[] {
  const run = RUNS[kind];
  const t0 = -ageMs;
  const root = spanId();
  const messages = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: run.question },
  ];
  const answer =
    kind === 'failed'
      ? undefined
      : kind === 'ok'
        ? 'Order 7731 left the warehouse yesterday and arrives Thursday.'
        : 'Yes: order 7731 has not shipped yet, so I changed the delivery address to the one on file.';
  const spans: Span[] = [
    {
      traceId: run.traceId,
      spanId: root,
      name: 'support-agent',
      startMs: t0,
      endMs: t0 + 4200,
      attributes: {
        'langfuse.observation.type': 'agent',
        'langfuse.trace.name': 'support-agent',
        'langfuse.session.id': SESSION,
        'langfuse.user.id': 'ana@acme.test',
        'langfuse.trace.tags': JSON.stringify(['support', 'production-eu']),
        'langfuse.environment': 'production',
        'langfuse.observation.input': JSON.stringify({ messages }),
        ...(answer ? { 'langfuse.observation.output': JSON.stringify({ answer }) } : {}),
        ...(kind === 'failed'
          ? {
              'langfuse.observation.level': 'ERROR',
              'langfuse.observation.status_message': 'order service unavailable: gave up after 2 attempts',
            }
          : {}),
      },
      ...(kind === 'failed' ? { error: 'order service unavailable: gave up after 2 attempts' } : {}),
    },
    generation(run, root, 'plan', t0 + 20, {
      model: 'gpt-4o-mini',
      input: messages,
      output: { tool_calls: ['get_order', 'get_shipping'] },
      usage: [1834, 61],
      cost: 0.0003117,
    }),
    tool(run, root, 'get_order', t0 + 940, { status: 'packed' }, kind === 'failed' ? '503 from orders.internal' : ''),
    tool(run, root, 'get_shipping', t0 + 945, { carrier: 'DHL', eta: 'Thursday' }),
    {
      traceId: run.traceId,
      spanId: spanId(),
      parentSpanId: root,
      name: 'search-policies',
      startMs: t0 + 1200,
      endMs: t0 + 1330,
      attributes: {
        'langfuse.observation.type': 'retriever',
        'langfuse.observation.input': JSON.stringify({ query: run.question }),
        'langfuse.observation.output': JSON.stringify([{ id: 'policy-12', text: 'Addresses change until shipping.' }]),
      },
    },
  ];
  if (kind === 'recovered') {
    spans.push(
      generation(run, root, 'answer', t0 + 1400, {
        model: 'gpt-4o',
        input: messages,
        usage: [2210, 0],
        cost: 0,
        error: '429 Too Many Requests: rate limit reached for gpt-4o',
      }),
      generation(run, root, 'answer-fallback', t0 + 2400, {
        model: 'claude-3-5-haiku',
        input: messages,
        output: answer,
        usage: [2190, 38],
        cost: 0.0019036,
      }),
    );
  } else if (kind === 'ok') {
    spans.push(
      generation(run, root, 'answer', t0 + 1400, {
        model: 'gpt-4o',
        input: messages,
        output: answer,
        usage: [2210, 27],
        cost: 0.0341415,
      }),
    );
  }
  return spans;
}

async function postOtlp(baseUrl: string, spans: Span[]): Promise<void> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const ns = (ms: number) => String(now + BigInt(Math.round(ms * 1_000_000)));
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [attribute('service.name', 'support-bot')] },
        scopeSpans: [
          {
            scope: { name: 'langfuse-sdk', version: '4.2.0' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: 1,
              startTimeUnixNano: ns(s.startMs),
              endTimeUnixNano: ns(s.endMs),
              attributes: Object.entries(s.attributes).map(([k, v]) => attribute(k, v)),
              status: s.error ? { code: 2, message: s.error } : { code: 1 },
            })),
          },
        ],
      },
    ],
  };
  const response = await fetch(`${baseUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /v1/traces answered ${response.status}: ${await response.text()}`);
}

/** A score the way the Langfuse SDKs send one, through the ingestion endpoint. */
async function postScore(baseUrl: string, traceId: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${baseUrl}/api/public/ingestion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      batch: [
        {
          id: `evt-${traceId}-${body.name}`,
          type: 'score-create',
          timestamp: new Date().toISOString(),
          body: { id: `score-${traceId}-${body.name}`, traceId, ...body },
        },
      ],
    }),
  });
  if (response.status >= 300) throw new Error(`POST /api/public/ingestion answered ${response.status}`);
}

/** The three runs of the session, a minute apart, and the scores an evaluator gave the two that answered. */
export async function sendAgentSession(baseUrl: string): Promise<void> {
  await postOtlp(baseUrl, [
    ...agentRun('ok', 180_000),
    ...agentRun('recovered', 120_000),
    ...agentRun('failed', 60_000),
  ]);
  await postScore(baseUrl, RUNS.ok.traceId, { name: 'helpfulness', value: 0.92, dataType: 'NUMERIC' });
  await postScore(baseUrl, RUNS.ok.traceId, { name: 'correct', value: 1, dataType: 'BOOLEAN' });
  await postScore(baseUrl, RUNS.recovered.traceId, { name: 'helpfulness', value: 0.75, dataType: 'NUMERIC' });
}

/** Light and dark screenshots of what the page shows now, at its current size, to look at. */
export async function shoot(page: Page, path: (name: string) => string, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path(`${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: null });
}

/** One evaluation run that tries the question on six more models, with the long dated names providers give them. */
export async function sendModelSweep(baseUrl: string): Promise<void> {
  const run = { traceId: 'd1a0000000000000000000000000a0e1' };
  const root = spanId();
  const models = [
    'claude-3-5-sonnet-20241022',
    'gpt-4o-2024-08-06',
    'gemini-1.5-pro-002',
    'mistral-large-2411',
    'llama-3.1-70b-instruct-turbo',
    'o1-mini-2024-09-12',
  ];
  const messages = [{ role: 'user', content: RUNS.ok.question }];
  await postOtlp(baseUrl, [
    {
      traceId: run.traceId,
      spanId: root,
      name: 'model-sweep',
      startMs: -30_000,
      endMs: -20_000,
      attributes: { 'langfuse.observation.type': 'chain', 'langfuse.trace.name': 'model-sweep' },
    },
    ...models.map((model, i) =>
      generation(run, root, `try-${i + 1}`, -30_000 + i * 1000, {
        model,
        input: messages,
        output: 'Thursday.',
        usage: [1200 + i * 150, 20 + i * 7],
        cost: 0.0004 * (i + 1),
      }),
    ),
  ]);
}
