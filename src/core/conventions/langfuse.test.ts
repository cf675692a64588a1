import { describe, expect, it } from 'vitest';
import { splitObservation } from '../model/types';
import { buildTree } from '../tree/build-tree';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

describe('Langfuse attributes', () => {
  it('maps a generation written by the Langfuse JS SDK (values as JSON text)', () => {
    const o = mapSpan(
      testSpan({
        'langfuse.observation.type': 'generation',
        'langfuse.observation.input': '[{"role":"user","content":"hi"}]',
        'langfuse.observation.output': 'plain text stays text',
        'langfuse.observation.model.name': 'gpt-4o-mini',
        'langfuse.observation.model.parameters': '{"temperature":0.2,"max_tokens":256}',
        'langfuse.observation.usage_details': '{"input":42,"output":17,"cache_read_input_tokens":10}',
        'langfuse.observation.cost_details': '{"input":0.0000063,"output":0.0000102}',
        'langfuse.observation.completion_start_time': '"2023-11-14T22:13:20.100Z"',
        'langfuse.observation.prompt.name': 'travel-system-prompt',
        'langfuse.observation.prompt.version': 3,
        'langfuse.observation.metadata': '{"a":1,"b":{"c":2}}',
        'langfuse.observation.metadata.provider': 'openai',
        'langfuse.observation.metadata.nested.key': '{"x":true}',
      }),
    );
    expect(o).toMatchObject({
      type: 'GENERATION',
      input: [{ role: 'user', content: 'hi' }],
      output: 'plain text stays text',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2, max_tokens: 256 },
      usage: { input: 42, output: 17, cache_read_input_tokens: 10, total: 69 },
      cost: { input: 0.0000063, output: 0.0000102 },
      completionStartTime: Date.parse('2023-11-14T22:13:20.100Z'),
      promptName: 'travel-system-prompt',
      promptVersion: 3,
      metadata: { a: 1, b: { c: 2 }, provider: 'openai', 'nested.key': { x: true } },
    });
  });

  it('adds the total of cost details sent without one, and keeps a total that was sent', () => {
    const summed = mapSpan(
      testSpan({
        'langfuse.observation.type': 'generation',
        'langfuse.observation.cost_details': '{"input":0.00027,"output":0.00021}',
      }),
    );
    expect(summed.cost.total).toBeCloseTo(0.00048, 12);
    expect(summed.costSource).toBe('sdk');
    const sent = mapSpan(testSpan({ 'langfuse.observation.cost_details': '{"input":1,"total":5}' }));
    expect(sent.cost).toEqual({ input: 1, total: 5 });
  });

  it('keeps the prompt link on generations only (the SDK propagates it onto every span)', () => {
    const o = mapSpan(testSpan({ 'langfuse.observation.type': 'tool', 'langfuse.prompt.name': 'p' }));
    expect(o.promptName).toBeNull();
    const g = mapSpan(
      testSpan({
        'langfuse.observation.type': 'generation',
        'langfuse.prompt.name': 'p',
        'langfuse.prompt.version': '2',
      }),
    );
    expect([g.promptName, g.promptVersion]).toEqual(['p', 2]);
  });

  it('maps level aliases and the status message, falling back to the span status', () => {
    const cases: [string, string][] = [
      ['warn', 'WARNING'],
      ['FATAL', 'ERROR'],
      ['info', 'DEFAULT'],
      ['verbose', 'DEBUG'],
    ];
    for (const [given, level] of cases) {
      expect(mapSpan(testSpan({ 'langfuse.observation.level': given })).level).toBe(level);
    }
    const explicit = mapSpan(
      testSpan(
        { 'langfuse.observation.level': 'WARNING', 'langfuse.observation.status_message': 'cache miss' },
        { status: { code: 2, message: 'from status' } },
      ),
    );
    expect([explicit.level, explicit.statusMessage]).toEqual(['WARNING', 'cache miss']);
    const fallback = mapSpan(testSpan({}, { status: { code: 1, message: 'all good' } }));
    expect([fallback.level, fallback.statusMessage]).toEqual(['DEFAULT', 'all good']);
  });

  it('fills the trace patch from trace-level keys, user and session', () => {
    const o = mapSpan(
      testSpan(
        {
          'langfuse.trace.name': 'travel-agent-run',
          'langfuse.trace.input': '{"q":"weather"}',
          'langfuse.trace.output': 'sunny',
          'langfuse.trace.tags': ['a', 'b'],
          'langfuse.trace.public': true,
          'langfuse.trace.metadata': '{"tenant":"acme"}',
          'langfuse.trace.metadata.experiment': 'x',
          'langfuse.user.id': 'u-1',
          'user.id': 'ignored',
          'session.id': 's-1',
          'langfuse.release': 'r1',
          'langfuse.version': '1.2.3',
          'langfuse.environment': 'staging',
        },
        { resource: { 'service.version': '9.9.9', 'deployment.environment.name': 'prod' } },
      ),
    );
    expect(o.environment).toBe('staging');
    expect(o.trace).toEqual({
      name: 'travel-agent-run',
      input: { q: 'weather' },
      output: 'sunny',
      tags: ['a', 'b'],
      public: true,
      metadata: { tenant: 'acme', experiment: 'x' },
      userId: 'u-1',
      sessionId: 's-1',
      release: 'r1',
      version: '1.2.3',
      environment: 'staging',
    });
  });

  it('reads legacy and list-shaped tags, resource environment and service version', () => {
    const o = mapSpan(
      testSpan(
        { 'langfuse.tags': '["x","y"]', 'user.id': 42 },
        { resource: { 'service.version': '0.4.2', 'deployment.environment': 'dev' } },
      ),
    );
    expect(o.trace).toMatchObject({ tags: ['x', 'y'], userId: '42', version: '0.4.2', environment: 'dev' });
    expect(o.environment).toBe('dev');
    expect(mapSpan(testSpan({ 'langfuse.trace.tags': 'a, b' })).trace.tags).toEqual(['a', 'b']);
    expect(mapSpan(testSpan({})).environment).toBe('default');
  });

  it('treats langfuse.internal.as_root as a trace root', () => {
    expect(mapSpan(testSpan({ 'langfuse.internal.as_root': true })).isRoot).toBe(true);
    expect(mapSpan(testSpan({})).isRoot).toBe(false);
    expect(mapSpan(testSpan({}, { parentSpanId: null })).isRoot).toBe(true);
  });

  it('treats langfuse.internal.is_app_root as a root whose parent is never exported', () => {
    const app = mapSpan(testSpan({ 'langfuse.internal.is_app_root': true }, { name: 'handle-turn' }));
    expect(app).toMatchObject({ isRoot: true, parentId: '00f067aa0ba902b7' });
    // Set to false to undo the span processor's mark: an ordinary child.
    expect(mapSpan(testSpan({ 'langfuse.internal.is_app_root': false })).isRoot).toBe(false);
    // The tree shows it at the top, not under a "missing parent" placeholder.
    const tree = buildTree([splitObservation(app).row]);
    expect(tree.map((n) => [n.id, n.row?.name])).toEqual([['b7ad6b7169203331', 'handle-turn']]);
  });
});
