import { MODEL } from './fake-anthropic.mjs';

/**
 * The calls the OpenInference and Traceloop Anthropic captures make, under one root span of the application: a
 * tool round (`get_weather` called, then the answer from its result) and one streamed call read to the end.
 */
const tools = [
  {
    name: 'get_weather',
    description: 'Current weather for a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];
const system = 'You answer travel questions. Use the tools.';

function getWeather({ city }) {
  return JSON.stringify({ city, tempC: 21, condition: 'sunny' });
}

export async function runWeatherChat(client, tracer) {
  await tracer.startActiveSpan('weather-chat', async (root) => {
    const messages = [{ role: 'user', content: 'What is the weather in Lisbon?' }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 256, system, tools, messages });
    const call = first.content.find((b) => b.type === 'tool_use');
    messages.push({ role: 'assistant', content: first.content });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: call.id, content: getWeather(call.input) }],
    });
    const answer = await client.messages.create({ model: MODEL, max_tokens: 256, system, tools, messages });
    console.log(answer.content[0].text);

    const stream = await client.messages.create({
      model: MODEL,
      max_tokens: 128,
      messages: [{ role: 'user', content: 'What should I pack for Lisbon?' }],
      stream: true,
    });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    console.log(text);
    root.end();
  });
}

/**
 * The calls of the SDK's-own-tracing capture, under one root span: the beta tool runner (a `get_weather` round, in a
 * conversation), one call through the stream helper, and one the fake API refuses with HTTP 429 (not retried).
 * `betaTool` is the SDK's helper, passed in so this module imports nothing the scratch directory may lack. Resolves
 * with the refused call's error.
 */
export async function runTripPlanner(client, tracer, betaTool) {
  const weather = betaTool({
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: tools[0].input_schema,
    run: async (input) => getWeather(input),
  });
  return tracer.startActiveSpan('trip-planner', async (root) => {
    const final = await client.beta.messages.toolRunner(
      {
        model: MODEL,
        max_tokens: 256,
        system,
        messages: [{ role: 'user', content: 'What is the weather in Lisbon?' }],
        tools: [weather],
        thread: false,
      },
      { openTelemetry: { conversationId: 'conv-trip-1' } },
    );
    console.log(final.content[0].text);
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 128,
      messages: [{ role: 'user', content: 'What should I pack for Lisbon?' }],
    });
    console.log(await stream.finalText());
    let refused = null;
    try {
      await client.messages.create(
        { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Book a table, or fail trying.' }] },
        { maxRetries: 0 },
      );
    } catch (error) {
      refused = error;
    }
    root.end();
    return refused;
  });
}
