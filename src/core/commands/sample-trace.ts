/**
 * The trace behind "Send a test trace": a small agent run in the Langfuse OTel convention (an agent span, a
 * generation with chat messages, model, usage and cost, and a tool call), as one OTLP/JSON request, so the
 * self-test exercises the same receiver, mapping and store as a real SDK.
 */
export interface SampleTrace {
  traceId: string;
  body: string;
}

type Attr = { key: string; value: { stringValue: string } | { intValue: string } | { boolValue: boolean } };

const str = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attr => ({ key, value: { intValue: String(value) } });

/** `random(n)` returns n random bytes as lowercase hex (2n characters). */
export function buildSampleTrace(nowMs: number, random: (bytes: number) => string): SampleTrace {
  const traceId = random(16);
  const [agent, generation, tool] = [random(8), random(8), random(8)];
  const start = nowMs - 2400;
  const ns = (ms: number) => `${BigInt(Math.round(start + ms)) * 1_000_000n}`;
  const span = (id: string, parent: string | null, name: string, from: number, to: number, attributes: Attr[]) => ({
    traceId,
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: ns(from),
    endTimeUnixNano: ns(to),
    attributes,
    status: {},
  });
  const question = 'What is the weather in Lisbon, and should I take an umbrella?';
  const messages = [
    { role: 'system', content: 'You are a helpful travel assistant. Use the tools you have.' },
    { role: 'user', content: question },
  ];
  const answer = 'It is 21 °C and sunny in Lisbon: no umbrella needed.';
  const spans = [
    span(agent, null, 'loupe-self-test', 0, 2400, [
      str('langfuse.observation.type', 'agent'),
      str('langfuse.trace.name', 'Loupe self-test'),
      str('langfuse.trace.tags', JSON.stringify(['self-test'])),
      str('langfuse.observation.input', JSON.stringify({ question })),
      str('langfuse.observation.output', JSON.stringify({ answer })),
      str('langfuse.trace.input', JSON.stringify({ question })),
      str('langfuse.trace.output', JSON.stringify({ answer })),
    ]),
    span(generation, agent, 'plan-and-answer', 100, 1900, [
      str('langfuse.observation.type', 'generation'),
      str('langfuse.observation.model.name', 'gpt-4o-mini'),
      str('langfuse.observation.model.parameters', JSON.stringify({ temperature: 0.2, max_tokens: 256 })),
      str('langfuse.observation.input', JSON.stringify(messages)),
      str('langfuse.observation.output', JSON.stringify({ role: 'assistant', content: answer })),
      str('langfuse.observation.usage_details', JSON.stringify({ input: 412, output: 38 })),
      str('langfuse.observation.completion_start_time', new Date(start + 640).toISOString()),
    ]),
    span(tool, agent, 'get_weather', 1950, 2300, [
      str('langfuse.observation.type', 'tool'),
      str('langfuse.observation.input', JSON.stringify({ city: 'Lisbon' })),
      str('langfuse.observation.output', JSON.stringify({ tempC: 21, condition: 'sunny' })),
      int('loupe.self_test', 1),
    ]),
  ];
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'loupe-self-test')] },
        scopeSpans: [{ scope: { name: 'langfuse-sdk', version: 'self-test' }, spans }],
      },
    ],
  };
  return { traceId, body: JSON.stringify(body) };
}
