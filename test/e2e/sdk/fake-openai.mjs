// A fake OpenAI Chat Completions API on 127.0.0.1 for the SDK scripts: one tool round. While the conversation has no
// tool message, the model calls `toolCall`; once it has one, it answers `answer`. Each turn reports its usage.
import http from 'node:http';

const usage = ([prompt_tokens, completion_tokens]) => ({
  prompt_tokens,
  completion_tokens,
  total_tokens: prompt_tokens + completion_tokens,
});

/**
 * @param {{ model: string, toolCall: { id: string, name: string, arguments: string }, answer: string,
 *   usage: { call: [number, number], answer: [number, number] } }} round
 * @returns {Promise<{ baseURL: string, close: () => void }>} `baseURL` ends in `/v1`, as OpenAI clients expect.
 */
export async function startFakeOpenAI(round) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const request = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const answered = (request.messages ?? []).some((m) => m.role === 'tool');
      const { id, name, arguments: args } = round.toolCall;
      const message = answered
        ? { role: 'assistant', content: round.answer, refusal: null }
        : {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [{ id, type: 'function', function: { name, arguments: args } }],
          };
      const body = {
        id: `chatcmpl-${answered ? 2 : 1}`,
        object: 'chat.completion',
        created: 1_800_000_000,
        model: round.model,
        choices: [{ index: 0, message, finish_reason: answered ? 'stop' : 'tool_calls', logprobs: null }],
        usage: usage(answered ? round.usage.answer : round.usage.call),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseURL: `http://127.0.0.1:${server.address().port}/v1`, close: () => server.close() };
}
