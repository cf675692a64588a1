import { describe, expect, it } from 'vitest';
import { parseLevel } from './level';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

const exceptionEvent = {
  name: 'exception',
  time: 1,
  attributes: { 'exception.type': 'RateLimitError', 'exception.message': '429', 'exception.stacktrace': 'at x' },
};

describe('levels and exceptions', () => {
  it('maps every level alias', () => {
    const cases: [string, string][] = [
      ['trace', 'DEBUG'],
      ['VERBOSE', 'DEBUG'],
      ['info', 'DEFAULT'],
      ['notice', 'DEFAULT'],
      ['ok', 'DEFAULT'],
      ['success', 'DEFAULT'],
      ['log', 'DEFAULT'],
      ['warn', 'WARNING'],
      ['fatal', 'ERROR'],
      ['critical', 'ERROR'],
    ];
    for (const [alias, level] of cases) expect(parseLevel(alias)).toBe(level);
    expect(parseLevel('loud')).toBeUndefined();
  });

  it('treats an exception event as an error even with the status left unset, keeping it whole', () => {
    const o = mapSpan(testSpan({}, { events: [exceptionEvent] }));
    expect(o).toMatchObject({
      level: 'ERROR',
      statusMessage: '429',
      exception: { type: 'RateLimitError', message: '429', stacktrace: 'at x' },
    });
    expect(o.events).toEqual([exceptionEvent]);
  });

  it('prefers the status message, and the Langfuse level over both', () => {
    const o = mapSpan(testSpan({}, { status: { code: 2, message: 'failed' }, events: [exceptionEvent] }));
    expect([o.level, o.statusMessage, o.exception?.type]).toEqual(['ERROR', 'failed', 'RateLimitError']);
    const warned = mapSpan(testSpan({ 'langfuse.observation.level': 'WARNING' }, { events: [exceptionEvent] }));
    expect(warned.level).toBe('WARNING');
  });

  it('has no exception and a DEFAULT level on a plain span, and keeps links', () => {
    const link = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { why: 'retry' } };
    const o = mapSpan(testSpan({}, { links: [link] }));
    expect([o.level, o.exception, o.links]).toEqual(['DEFAULT', undefined, [link]]);
  });
});

describe('names and Vercel operations', () => {
  it('takes the name from gen_ai.tool.name, logfire.msg, ai.toolCall.name, then functionId:operationId', () => {
    const name = (a: Parameters<typeof testSpan>[0]) => mapSpan(testSpan(a, { name: 'raw' })).name;
    expect(name({ 'gen_ai.tool.name': 'search', 'logfire.msg': 'msg' })).toBe('search');
    expect(name({ 'logfire.msg': 'Chat with gpt-4o', 'ai.toolCall.name': 'x' })).toBe('Chat with gpt-4o');
    expect(name({ 'ai.toolCall.name': 'getWeather', 'ai.telemetry.functionId': 'f' })).toBe('getWeather');
    expect(name({ 'ai.telemetry.functionId': 'agent', 'ai.operationId': 'ai.generateText' })).toBe(
      'agent:ai.generateText',
    );
    expect(name({ 'ai.operationId': 'ai.generateText' })).toBe('raw');
  });

  it('reads the Vercel operation from operation.name when ai.operationId is absent', () => {
    const type = (op: string) => mapSpan(testSpan({ 'operation.name': op })).type;
    expect(type('ai.streamText.doStream my-fn')).toBe('GENERATION');
    expect(type('ai.embedMany.doEmbed')).toBe('EMBEDDING');
    expect(type('ai.toolCall my-fn')).toBe('TOOL');
    expect(type('ai.generateText my-fn')).toBe('SPAN');
  });

  it('maps every OpenInference kind and GenAI operation', () => {
    const kind = (k: string) => mapSpan(testSpan({ 'openinference.span.kind': k })).type;
    expect(
      ['LLM', 'CHAIN', 'RETRIEVER', 'EMBEDDING', 'AGENT', 'TOOL', 'GUARDRAIL', 'EVALUATOR', 'RERANKER'].map(kind),
    ).toEqual(['GENERATION', 'CHAIN', 'RETRIEVER', 'EMBEDDING', 'AGENT', 'TOOL', 'GUARDRAIL', 'EVALUATOR', 'SPAN']);
    const op = (o: string) => mapSpan(testSpan({ 'gen_ai.operation.name': o })).type;
    expect(
      [
        'chat',
        'completion',
        'text_completion',
        'generate_content',
        'generate',
        'embeddings',
        'invoke_agent',
        'create_agent',
        'execute_tool',
      ].map(op),
    ).toEqual([
      'GENERATION',
      'GENERATION',
      'GENERATION',
      'GENERATION',
      'GENERATION',
      'EMBEDDING',
      'AGENT',
      'AGENT',
      'TOOL',
    ]);
    const tl = (k: string) => mapSpan(testSpan({ 'traceloop.span.kind': k })).type;
    expect(['workflow', 'task', 'agent', 'tool'].map(tl)).toEqual(['CHAIN', 'SPAN', 'AGENT', 'TOOL']);
    expect(mapSpan(testSpan({ 'gen_ai.response.model': 'm' })).type).toBe('GENERATION');
    expect(mapSpan(testSpan({ 'langfuse.observation.model.name': 'm' })).type).toBe('GENERATION');
  });
});
