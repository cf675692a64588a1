import http from 'node:http';

/**
 * A fake Anthropic Messages API on 127.0.0.1 for the Anthropic captures: `POST /v1/messages`, as much of it as the
 * SDK and the instrumentations read. What it answers depends on the request alone:
 * - the last user message says `fail`: 429 with a `rate_limit_error` envelope;
 * - a tool is offered and no tool result is in the messages yet: a `tool_use` of the first tool;
 * - otherwise a text answer, streamed as server-sent events when the request asks for a stream.
 * Every answer reports cache usage: the first call writes the prompt cache, later ones read it.
 */
export const MODEL = 'claude-haiku-4-5-20251001';
const CACHED_PROMPT = 1200;

let calls = 0;

function lastUserText(messages) {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content.map((b) => (b.type === 'text' ? b.text : '')).join(' ');
}

function hasToolResult(messages) {
  return messages.some((m) => Array.isArray(m.content) && m.content.some((b) => b.type === 'tool_result'));
}

function usage(n, input, output) {
  return {
    input_tokens: input,
    cache_creation_input_tokens: n === 1 ? CACHED_PROMPT : 0,
    cache_read_input_tokens: n === 1 ? 0 : CACHED_PROMPT,
    cache_creation: { ephemeral_5m_input_tokens: n === 1 ? CACHED_PROMPT : 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: output,
    service_tier: 'standard',
  };
}

function message(n, body) {
  const base = { id: `msg_fake_${n}`, type: 'message', role: 'assistant', model: MODEL, stop_sequence: null };
  const tool = body.tools?.[0];
  if (tool && !hasToolResult(body.messages)) {
    const content = [
      { type: 'text', text: 'Let me look that up.' },
      { type: 'tool_use', id: `toolu_fake_${n}`, name: tool.name, input: { city: 'Lisbon' } },
    ];
    return { ...base, content, stop_reason: 'tool_use', usage: usage(n, 40, 22) };
  }
  const text = hasToolResult(body.messages)
    ? 'It is 21°C and sunny in Lisbon.'
    : 'Pack a light jacket for the evening.';
  return { ...base, content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: usage(n, 60, 15) };
}

/** The events of a streamed answer: the text in two deltas, the final output count in `message_delta`. */
function events(m) {
  const text = m.content[0].text;
  const cut = Math.ceil(text.length / 2);
  return [
    [
      'message_start',
      {
        type: 'message_start',
        message: { ...m, content: [], stop_reason: null, usage: { ...m.usage, output_tokens: 1 } },
      },
    ],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    [
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(0, cut) } },
    ],
    [
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(cut) } },
    ],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    [
      'message_delta',
      {
        type: 'message_delta',
        delta: { stop_reason: m.stop_reason, stop_sequence: null },
        usage: { output_tokens: m.usage.output_tokens },
      },
    ],
    ['message_stop', { type: 'message_stop' }],
  ];
}

async function stream(res, n, m) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': `req_fake_${n}` });
  for (const [name, data] of events(m)) {
    res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    // A first token that comes measurably after the request, as from a real model.
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  res.end();
}

export async function startFakeAnthropic() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/messages') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"type":"error","error":{"type":"not_found_error","message":"not here"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const n = ++calls;
      if (lastUserText(body.messages).includes('fail')) {
        res.writeHead(429, { 'content-type': 'application/json', 'request-id': `req_fake_${n}`, 'retry-after': '30' });
        res.end(
          '{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit."}}',
        );
        return;
      }
      const m = message(n, body);
      if (body.stream) {
        stream(res, n, m);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_fake_${n}` });
      res.end(JSON.stringify(m));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseURL: `http://127.0.0.1:${server.address().port}` };
}
