import { postSpans, type TestSpan } from './harness';

/**
 * A realistic agent run, as a new user's first trace: a system prompt, a retriever with scored documents, a
 * streamed planning call that offers two tools and calls both at once, the two tool calls running in parallel,
 * an answer call that fails on a rate limit and a fallback model that answers. Token counts are chosen so the
 * tree's usage column has to fit a four-digit count on one row and a six-digit one on another.
 */
export const AGENT_TRACE_ID = 'a9e11c0de0000000000000000000c0de';
export const AGENT_TRACE_NAME = 'trip-planner';
export const RATE_LIMIT = '429 Too Many Requests: rate limit reached for gpt-4o-mini; retry after 20s';

/** What an SDK records as the status of the failed call: the message, the provider's error body, the stack. */
const RATE_LIMIT_STATUS = [
  RATE_LIMIT,
  '',
  JSON.stringify(
    {
      error: {
        message:
          'Rate limit reached for gpt-4o-mini in organization org-2f9c on tokens per min (TPM): Limit 200000, Used 199430, Requested 2846. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.',
        type: 'tokens',
        param: null,
        code: 'rate_limit_exceeded',
      },
    },
    null,
    2,
  ),
  '',
  'RateLimitError: 429 Rate limit reached for gpt-4o-mini',
  ...[
    'APIError.generate (node_modules/openai/error.mjs:62:20)',
    'OpenAI.makeStatusError (node_modules/openai/core.mjs:293:25)',
    'OpenAI.makeRequest (node_modules/openai/core.mjs:337:30)',
    'async Completions.create (node_modules/openai/resources/chat/completions.mjs:44:16)',
    'async answer (src/agent/answer.ts:88:22)',
    'async withFallback (src/agent/fallback.ts:21:14)',
    'async runTripPlanner (src/agent/index.ts:142:5)',
  ].map((frame) => `    at ${frame}`),
].join('\n');

const SYSTEM =
  'You are Tripwise, a travel assistant. Answer with concrete options: flights with times and prices, the weather for the travel dates, and one sentence of advice. Use the tools for live data; never invent a flight number. If a tool fails, say so and offer what you can.';

/** 180 characters: longer than the old 76-character cut-off, shorter than the old 240 "show all". */
export const MID_STRING =
  'Lisbon, 14-17 March: mild and mostly dry, highs of 18°C and lows of 11°C, light wind from the north-west, a 20% chance of a shower on the afternoon of the 16th; pack a light jacket.';

export const DOC_TEXT =
  'Checked baggage: economy fares on TAP include one 23 kg bag on routes between Europe and North America; light fares include a cabin bag only. Bags over the allowance cost 70 EUR each way when paid online, 100 EUR at the airport.';

/** 900 characters: past the 500 shown whole, so it opens with "show all". */
export const FARE_RULES = Array.from(
  { length: 9 },
  (_, i) => `Rule ${i + 1}: changes are free up to 24 hours before departure, then 150 USD plus any fare difference. `,
)
  .join('')
  .padEnd(900, '.');

const id = (n: number) => n.toString(16).padStart(16, '0');

export function agentSpans(now = Date.now()): TestSpan[] {
  const t = AGENT_TRACE_ID;
  const lf = (type: string, extra: Record<string, unknown> = {}) => {
    const out: Record<string, string> = { 'langfuse.observation.type': type };
    for (const [k, v] of Object.entries(extra))
      out[`langfuse.observation.${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
    return out;
  };
  const tools = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Daily forecast for a city over a date range.',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
          required: ['city', 'from'],
        },
      },
    },
    {
      type: 'function',
      function: {
        name: 'search_flights',
        description: 'Flights between two airports on a date, cheapest first.',
        parameters: {
          type: 'object',
          properties: { origin: { type: 'string' }, destination: { type: 'string' }, date: { type: 'string' } },
          required: ['origin', 'destination', 'date'],
        },
      },
    },
  ];
  const question = 'Plan a long weekend in Lisbon from New York, 14-17 March. What should I pack?';
  return [
    {
      traceId: t,
      spanId: id(1),
      name: AGENT_TRACE_NAME,
      startMs: 0,
      endMs: 4200,
      attributes: {
        ...lf('agent', { input: { question }, output: { answer: 'See the plan below.' } }),
        'langfuse.trace.name': AGENT_TRACE_NAME,
      },
    },
    {
      traceId: t,
      spanId: id(2),
      parentSpanId: id(1),
      name: 'search-policies',
      startMs: 10,
      endMs: 180,
      attributes: lf('retriever', {
        input: { query: 'baggage allowance TAP New York Lisbon', top_k: 3 },
        output: [
          {
            id: 'kb-baggage-12',
            page_content: DOC_TEXT,
            score: 0.912,
            metadata: { source: 'policies/baggage.md', updated: '2026-01-04' },
          },
          {
            id: 'kb-visa-03',
            page_content: 'US citizens can stay in Portugal for up to 90 days without a visa.',
            score: 0.774,
            metadata: { source: 'policies/visas.md' },
          },
          {
            id: 'kb-refunds-07',
            page_content: 'Refunds for cancelled flights are paid within 7 days.',
            score: 0.52,
            metadata: { source: 'policies/refunds.md' },
          },
        ],
      }),
    },
    {
      traceId: t,
      spanId: id(3),
      parentSpanId: id(1),
      name: 'plan-call',
      startMs: 200,
      endMs: 1400,
      attributes: lf('generation', {
        'model.name': 'gpt-4o',
        completion_start_time: JSON.stringify(new Date(now + 450).toISOString()),
        input: {
          messages: [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: question },
          ],
          tools,
        },
        output: {
          role: 'assistant',
          content: '',
          tool_calls: [
            {
              id: 'call_w1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Lisbon","from":"2026-03-14","to":"2026-03-17"}' },
            },
            {
              id: 'call_f1',
              type: 'function',
              function: {
                name: 'search_flights',
                arguments: '{"origin":"JFK","destination":"LIS","date":"2026-03-14"}',
              },
            },
          ],
        },
        usage_details: { input: 2400, output: 138 },
        cost_details: { total: 0.00738 },
      }),
    },
    {
      traceId: t,
      spanId: id(4),
      parentSpanId: id(1),
      name: 'get_weather',
      startMs: 1410,
      endMs: 2100,
      attributes: lf('tool', {
        input: { city: 'Lisbon', from: '2026-03-14', to: '2026-03-17' },
        output: {
          summary: MID_STRING,
          days: [
            { date: '2026-03-14', high: 18, low: 11 },
            { date: '2026-03-15', high: 17, low: 10 },
          ],
        },
      }),
    },
    {
      traceId: t,
      spanId: id(5),
      parentSpanId: id(1),
      name: 'search_flights',
      startMs: 1410,
      endMs: 2600,
      attributes: lf('tool', {
        input: { origin: 'JFK', destination: 'LIS', date: '2026-03-14' },
        output: {
          flights: [
            {
              number: 'TP 202',
              departs: '2026-03-14T19:30-05:00',
              arrives: '2026-03-15T07:25Z',
              price: { amount: 612, currency: 'USD' },
            },
            {
              number: 'UA 66',
              departs: '2026-03-14T18:05-05:00',
              arrives: '2026-03-15T06:10Z',
              price: { amount: 689, currency: 'USD' },
            },
          ],
          query: { origin: 'JFK', destination: 'LIS', cabin: 'economy' },
          fare_rules: FARE_RULES,
        },
      }),
    },
    {
      traceId: t,
      spanId: id(6),
      parentSpanId: id(1),
      name: 'answer-call',
      startMs: 2650,
      endMs: 2900,
      attributes: lf('generation', {
        'model.name': 'gpt-4o-mini',
        level: 'ERROR',
        status_message: RATE_LIMIT_STATUS,
        input: [{ role: 'user', content: question }],
      }),
    },
    {
      traceId: t,
      spanId: id(7),
      parentSpanId: id(1),
      name: 'answer-call-fallback',
      startMs: 2950,
      endMs: 4100,
      attributes: lf('generation', {
        'model.name': 'claude-3-5-sonnet-20241022',
        input: [{ role: 'user', content: question }],
        output: {
          role: 'assistant',
          content: 'Fly TP 202 on Friday evening (612 USD); expect 18°C and a shower on Sunday: pack a light jacket.',
        },
        usage_details: { input: 840000, output: 500 },
        cost_details: { total: 2.5275 },
      }),
    },
  ];
}

export async function postAgentTrace(baseUrl: string): Promise<void> {
  await postSpans(baseUrl, agentSpans());
}

/** An agent that thinks and looks something up 1,000 times: the loop the graph must fold. */
export const LOOP_TRACE_NAME = 'research-loop';

export async function postLoopTrace(baseUrl: string): Promise<void> {
  const t = 'b00b00b00b00b00b00b00b00b00b0001';
  const spans: TestSpan[] = [
    {
      traceId: t,
      spanId: id(1),
      name: LOOP_TRACE_NAME,
      startMs: 0,
      endMs: 4001,
      attributes: { 'langfuse.observation.type': 'agent' },
    },
  ];
  for (let i = 0; i < 1000; i++) {
    spans.push({
      traceId: t,
      spanId: id(10 + 2 * i),
      parentSpanId: id(1),
      name: 'think',
      startMs: i * 4,
      endMs: i * 4 + 2,
      attributes: { 'langfuse.observation.type': 'generation' },
    });
    spans.push({
      traceId: t,
      spanId: id(11 + 2 * i),
      parentSpanId: id(1),
      name: 'lookup',
      startMs: i * 4 + 2,
      endMs: i * 4 + 4,
      attributes: { 'langfuse.observation.type': 'tool' },
    });
  }
  await postSpans(baseUrl, spans);
}
