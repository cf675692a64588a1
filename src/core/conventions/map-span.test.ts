import { describe, expect, it } from 'vitest';
import { mapSpan, mapSpans } from './map-span';
import { testSpan } from './test-span';

describe('mapSpan composition', () => {
  it('decides the type by the documented rule order', () => {
    const type = (a: Parameters<typeof testSpan>[0]) => mapSpan(testSpan(a)).type;
    expect(type({ 'langfuse.observation.type': 'event', 'openinference.span.kind': 'LLM' })).toBe('EVENT');
    expect(type({ 'openinference.span.kind': 'TOOL', 'gen_ai.operation.name': 'chat' })).toBe('TOOL');
    expect(type({ 'gen_ai.operation.name': 'chat', 'ai.operationId': 'ai.toolCall' })).toBe('GENERATION');
    expect(type({ 'ai.operationId': 'ai.toolCall', 'gen_ai.request.model': 'm' })).toBe('TOOL');
    expect(type({ 'gen_ai.tool.call.id': 'c1', 'traceloop.span.kind': 'workflow' })).toBe('TOOL');
    expect(type({ 'traceloop.span.kind': 'task', 'gen_ai.request.model': 'm' })).toBe('SPAN');
    expect(type({ 'llm.model_name': 'm' })).toBe('GENERATION');
    expect(type({ 'langfuse.observation.type': 'not-a-type' })).toBe('SPAN');
    expect(type({})).toBe('SPAN');
  });

  it('reads the model from every documented key, in order', () => {
    const model = (a: Parameters<typeof testSpan>[0]) => mapSpan(testSpan(a)).model;
    const keys = [
      'langfuse.observation.model.name',
      'gen_ai.response.model',
      'ai.model.id',
      'gen_ai.request.model',
      'llm.response.model',
      'llm.model_name',
      'model',
    ];
    for (const [i, key] of keys.entries()) {
      const attributes = Object.fromEntries(keys.slice(i).map((k) => [k, `from ${k}`]));
      expect(model(attributes)).toBe(`from ${key}`);
    }
    expect(mapSpan(testSpan({ model: 'gpt-4o' })).type).toBe('SPAN');
  });

  it('types Vercel object generation as generations and reads the object as output', () => {
    for (const operationId of ['ai.generateObject.doGenerate', 'ai.streamObject.doStream']) {
      const o = mapSpan(testSpan({ 'ai.operationId': operationId, 'ai.response.object': '{"city":"Paris"}' }));
      expect(o.type).toBe('GENERATION');
      expect(o.output).toEqual({ city: 'Paris' });
    }
  });

  it('reads cache-creation tokens and prefers the Langfuse session key', () => {
    const o = mapSpan(
      testSpan({
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.usage.cache_creation.input_tokens': 40,
        'langfuse.session.id': 'lf-session',
        'session.id': 'plain-session',
      }),
    );
    expect(o.usage).toMatchObject({ input_cache_creation: 40, output: 5 });
    expect(o.trace.sessionId).toBe('lf-session');
  });

  it('takes an error level from the span status, with the exception message when there is no status message', () => {
    const withMessage = mapSpan(testSpan({}, { status: { code: 2, message: '429 rate limited' } }));
    expect([withMessage.level, withMessage.statusMessage]).toEqual(['ERROR', '429 rate limited']);
    const fromEvent = mapSpan(
      testSpan(
        {},
        {
          status: { code: 2, message: null },
          events: [
            { name: 'exception', time: 0, attributes: { 'exception.message': 'boom', 'exception.type': 'Error' } },
          ],
        },
      ),
    );
    expect([fromEvent.level, fromEvent.statusMessage]).toEqual(['ERROR', 'boom']);
  });

  it('lets Langfuse keys win over other conventions for the same field', () => {
    const o = mapSpan(
      testSpan({
        'langfuse.observation.model.name': 'explicit',
        'gen_ai.response.model': 'response',
        'ai.model.id': 'vercel',
        'langfuse.observation.input': 'from langfuse',
        'input.value': 'from openinference',
        'langfuse.observation.usage_details': '{"input":1,"output":2}',
        'gen_ai.usage.input_tokens': 100,
        'langfuse.observation.metadata.k': 'langfuse',
        metadata: '{"k":"openinference","other":1}',
        'langfuse.user.id': 'lf-user',
        'ai.telemetry.metadata.userId': 'vercel-user',
      }),
    );
    expect(o).toMatchObject({
      model: 'explicit',
      input: 'from langfuse',
      usage: { input: 1, output: 2, total: 3 },
      metadata: { k: 'langfuse', other: 1 },
      trace: { userId: 'lf-user' },
    });
  });

  it('keeps raw attributes, resource, scope, events and links, and reads the service name', () => {
    const span = testSpan(
      { custom: 'x' },
      { links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: {} }], endTime: 0 },
    );
    const o = mapSpan(span);
    expect(o.attributes).toBe(span.attributes);
    expect(o).toMatchObject({
      traceId: span.traceId,
      id: span.spanId,
      parentId: span.parentSpanId,
      serviceName: 'test-app',
      resource: span.resource,
      scope: span.scope,
      links: span.links,
      endTime: null,
      input: null,
      output: null,
      usage: {},
      cost: {},
      metadata: {},
    });
    expect(mapSpans([span, span])).toHaveLength(2);
  });

  it('treats hostile keys and values (constructor, __proto__) as plain data', () => {
    const o = mapSpan(
      testSpan({
        'traceloop.span.kind': 'constructor',
        'gen_ai.operation.name': 'toString',
        'langfuse.observation.level': 'constructor',
        'langfuse.observation.metadata.__proto__': '{"polluted":true}',
        'langfuse.observation.usage_details': '{"__proto__":5,"constructor":1}',
      }),
    );
    expect(o.type).toBe('SPAN');
    expect(o.level).toBe('DEFAULT');
    expect(Object.getPrototypeOf(o.metadata)).toBe(Object.prototype);
    expect(Object.hasOwn(o.metadata, '__proto__')).toBe(true);
    expect(o.usage).toMatchObject({ constructor: 1 });
    expect(Object.hasOwn(o.usage, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
