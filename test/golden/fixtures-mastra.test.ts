import { toChatMessages } from '@core/messages/normalize';
import type { Observation, TraceSummary } from '@core/model/types';
import { mergeObservationIntoTrace } from '@core/trace/merge';
import { describe, expect, it } from 'vitest';
import { loadObservations, traceFixtures } from './fixtures';

/**
 * Facts of the repository's own captures of a Mastra agent (scripts/capture), through @mastra/otel-exporter and
 * through @mastra/langfuse: one generation per model call, with its step's prompt and completion as chat, its model,
 * usage and first-token time.
 */

function all(folder: string): Observation[] {
  return traceFixtures(folder).flatMap((f) => loadObservations(folder, f.seq));
}

function traces(observations: Observation[]): TraceSummary[] {
  const byId = new Map<string, TraceSummary>();
  for (const o of observations) byId.set(o.traceId, mergeObservationIntoTrace(byId.get(o.traceId), o, undefined, 0));
  return [...byId.values()];
}

function chat(value: unknown): string[] | undefined {
  return toChatMessages(value)?.map(
    (m) => `${m.role}${m.toolCalls.length > 0 ? `[${m.toolCalls.map((c) => c.name).join(',')}]` : ''}`,
  );
}

for (const folder of ['mastra-otel', 'mastra-langfuse']) {
  describe(folder, () => {
    const observations = all(folder);
    const generations = observations.filter((o) => o.type === 'GENERATION');

    it('maps the agent run, one generation per model call and the tool, with the run metadata as trace fields', () => {
      expect(observations.filter((o) => o.type !== 'SPAN').map((o) => `${o.type} ${o.name}`)).toEqual([
        'TOOL get_weather',
        'GENERATION chat gpt-4.1-mini',
        'GENERATION chat gpt-4.1-mini',
        'AGENT invoke_agent Weather agent',
      ]);
      expect(traces(observations)).toMatchObject([
        { userId: 'user-mastra', sessionId: 'session-mastra-1', tags: ['capture', 'mastra'] },
      ]);
      expect(traces(observations)[0]).toMatchObject({ inputTokens: 319, outputTokens: 30 });
      const agent = observations.find((o) => o.type === 'AGENT');
      expect(agent).toMatchObject({
        input: 'What is the weather in Lisbon?',
        output: { text: 'It is 21°C and sunny in Lisbon.' },
      });
    });

    it("gives each generation its step's prompt and completion as chat, with model, usage and first-token time", () => {
      const [call, answer] = generations as [Observation, Observation];
      expect(chat(call.input)).toEqual(['system', 'user']);
      expect(toChatMessages(call.output)?.[0]?.toolCalls).toEqual([
        { id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Lisbon"}' },
      ]);
      expect(call).toMatchObject({ model: 'gpt-4.1-mini-2025-04-14', usage: { input: 132, output: 18 } });
      expect(call.completionStartTime).toBeGreaterThan(call.startTime);
      // Mastra's preview of the second prompt: the earlier call and its result as placeholders.
      expect(toChatMessages(answer.input)?.map((m) => [m.role, m.text.startsWith('[tool')])).toEqual([
        ['system', false],
        ['user', false],
        ['assistant', true],
        ['tool', true],
      ]);
      expect(toChatMessages(answer.output)).toEqual([
        { role: 'assistant', text: 'It is 21°C and sunny in Lisbon.', toolCalls: [] },
      ]);
      expect(answer.usage).toMatchObject({ input: 59, input_cached_tokens: 128, output: 12 });
      // Mastra repeats the first call's first-token time, before this call started.
      expect(answer.completionStartTime).toBeNull();
    });
  });
}
