import { toChatMessages } from '@core/messages/normalize';
import type { Observation, TraceSummary } from '@core/model/types';
import { mergeObservationIntoTrace } from '@core/trace/merge';
import { inputTokens, outputTokens, totalTokens } from '@core/trace/usage-totals';
import { describe, expect, it } from 'vitest';
import { loadObservations, traceFixtures } from './fixtures';

/** Plain assertions on real payloads, beside the golden dumps: the facts a reader checks first. */

function summaries(observations: Observation[]): Map<string, TraceSummary> {
  const out = new Map<string, TraceSummary>();
  for (const o of observations) out.set(o.traceId, mergeObservationIntoTrace(out.get(o.traceId), o, undefined, 0));
  return out;
}

function byName(observations: Observation[], name: string): Observation {
  const found = observations.find((o) => o.name === name);
  if (!found) throw new Error(`no observation named ${name}`);
  return found;
}

function tokens(o: Observation): [number, number, number] {
  return [inputTokens(o.usage), outputTokens(o.usage), totalTokens(o.usage)];
}

function expectSystemAndUser(value: unknown): void {
  const roles = toChatMessages(value)?.map((m) => m.role);
  expect(roles).toEqual(['system', 'user']);
}

describe('real payload facts', () => {
  it.each([
    ['langfuse-v5', '004'],
    ['otel-json', '001'],
    ['otel-proto-gzip', '001'],
  ])('%s %s keeps every span the SDK sent', (folder, seq) => {
    const fixture = traceFixtures(folder).find((f) => f.seq === seq);
    expect(fixture?.meta.summary?.spans).toBeGreaterThan(0);
    expect(loadObservations(folder, seq)).toHaveLength(fixture?.meta.summary?.spans ?? -1);
  });

  it('langfuse-v5 004: trace fields, generations, usage, levels, chat input', () => {
    const observations = loadObservations('langfuse-v5', '004');
    const trace = summaries(observations).get('b602eeab36f382410a31cd157851f689');
    expect(trace).toMatchObject({
      name: 'travel-agent-run',
      nameIsExplicit: true,
      userId: 'user-123',
      sessionId: 'session-abc-001',
      tags: ['capture', 'langfuse-js', 'travel'],
      environment: 'capture-test',
      release: 'release-2026.11',
      version: '1.2.3',
      observationCount: 13,
      inputTokens: 150,
      outputTokens: 34,
      worstLevel: 'ERROR',
      errorCount: 2,
    });
    const call1 = byName(observations, 'llm-call-1');
    expect(call1).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o-mini',
      promptName: 'travel-system-prompt',
      promptVersion: 3,
    });
    expect(tokens(call1)).toEqual([42, 17, 59]);
    expect(call1.cost.total).toBe(0.0000165);
    expect(call1.completionStartTime).toBe(Date.parse('2026-11-22T19:45:35.640Z'));
    expectSystemAndUser(call1.input);
    expect(toChatMessages(call1.output)?.[0]?.toolCalls[0]?.name).toBe('get_weather');
    expect(tokens(byName(observations, 'llm-call-2'))).toEqual([80, 12, 92]);
    expect(byName(observations, 'embed-query')).toMatchObject({
      type: 'EMBEDDING',
      model: 'text-embedding-3-small',
      usage: { input: 8 },
    });
    expect(byName(observations, 'llm-call-fallback-model')).toMatchObject({
      model: 'claude-3-5-sonnet',
      level: 'ERROR',
      statusMessage: 'Upstream provider error: 429 rate limit exceeded',
    });
    expect(byName(observations, 'cache-miss')).toMatchObject({
      type: 'EVENT',
      level: 'WARNING',
      statusMessage: 'cache miss',
    });
    expect(byName(observations, 'vision-llm')).toMatchObject({
      model: 'gpt-4o',
      trace: { userId: 'user-456', name: 'vision-run' },
    });
  });

  it.each(['otel-json', 'otel-proto-gzip'])('%s 001: GenAI spans, legacy attributes, error status', (folder) => {
    const observations = loadObservations(folder, '001');
    const chat = byName(observations, 'chat gpt-4o-mini');
    expect(chat).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { input_cached_tokens: 10 },
    });
    expect(tokens(chat)).toEqual([42, 17, 59]);
    expectSystemAndUser(chat.input);
    const legacy = byName(observations, 'openai.chat');
    expect(legacy).toMatchObject({ type: 'GENERATION', model: 'gpt-4o-mini-2024-07-18' });
    expect(tokens(legacy)).toEqual([80, 12, 92]);
    expect(toChatMessages(legacy.input)?.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(byName(observations, 'get_weather')).toMatchObject({ type: 'TOOL', input: { city: 'Paris' } });
    expect(byName(observations, 'embeddings text-embedding-3-small')).toMatchObject({
      type: 'EMBEDDING',
      usage: { input: 8 },
    });
    expect(byName(observations, 'chat claude-3-5-sonnet')).toMatchObject({
      model: 'claude-3-5-sonnet-20241022',
      level: 'ERROR',
      statusMessage: '429 Too Many Requests: rate limit exceeded',
    });
    const agent = byName(observations, 'invoke_agent travel-agent');
    expect(agent).toMatchObject({
      type: 'AGENT',
      isRoot: true,
      serviceName: 'genai-plain-otel-app',
      environment: 'dev',
    });
    expect(agent.links).toHaveLength(1);
    const trace = summaries(observations).get(agent.traceId);
    expect(trace).toMatchObject({
      name: 'invoke_agent travel-agent',
      userId: 'user-123',
      sessionId: 'session-abc-001',
      observationCount: 6,
      inputTokens: 130,
      outputTokens: 29,
      errorCount: 1,
    });
  });
});
