import { describe, expect, it } from 'vitest';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

describe('Traceloop / OpenLLMetry attributes', () => {
  it('maps span kinds, JSON-encoded entity values and association properties', () => {
    const o = mapSpan(
      testSpan({
        'traceloop.span.kind': 'workflow',
        'traceloop.entity.input': '{"args":[],"kwargs":{"city":"Paris"}}',
        'traceloop.entity.output': '"Canned answer"',
        'traceloop.association.properties.user_id': 'user-123',
        'traceloop.association.properties.session_id': 'session-1',
        'traceloop.association.properties.tenant': 'acme',
        'gen_ai.conversation.id': 'conv-001',
      }),
    );
    expect(o).toMatchObject({
      type: 'CHAIN',
      input: { args: [], kwargs: { city: 'Paris' } },
      output: 'Canned answer',
      metadata: { tenant: 'acme' },
      trace: { userId: 'user-123', sessionId: 'session-1' },
    });
    const kinds: [string, string][] = [
      ['task', 'SPAN'],
      ['agent', 'AGENT'],
      ['tool', 'TOOL'],
    ];
    for (const [kind, type] of kinds) expect(mapSpan(testSpan({ 'traceloop.span.kind': kind })).type).toBe(type);
  });
});
