import { describe, expect, it } from 'vitest';
import { diffValues, messageText } from './message-diff';
import type { DiffPart } from './text-diff';

const changed = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'same').map((p) => `${p.kind}:${p.text}`);

describe('diffValues', () => {
  it('diffs chat messages role by role on their text, whatever the format on each side', () => {
    const a = [
      { role: 'system', content: 'Be friendly and brief.' },
      { role: 'user', content: 'Where is order 1042?' },
    ];
    // Anthropic shape on the other side: the system prompt moves out of the messages.
    const b = {
      system: 'Be terse and brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Where is order 1042?' }] }],
    };
    const d = diffValues(a, b);
    expect(d.kind).toBe('messages');
    if (d.kind !== 'messages') return;
    expect(d.messages.map((m) => [m.roleA, m.roleB, m.diff.mode])).toEqual([
      ['system', 'system', 'words'],
      ['user', 'user', 'identical'],
    ]);
    expect(changed(d.messages[0]?.diff.parts ?? [])).toEqual(['removed:friendly', 'added:terse']);
  });

  it('shows an extra tool round trip as added messages', () => {
    const call = (id: string) => ({
      role: 'assistant',
      content: null,
      tool_calls: [{ id, type: 'function', function: { name: 'lookup', arguments: '{"id":1}' } }],
    });
    const a = [{ role: 'user', content: 'hi' }, call('c1'), { role: 'tool', tool_call_id: 'c1', content: 'ok' }];
    const b = [...a, call('c2'), { role: 'tool', tool_call_id: 'c2', content: 'done' }];
    const d = diffValues(a, b);
    if (d.kind !== 'messages') throw new Error('expected messages');
    expect(d.messages.map((m) => [m.roleA, m.roleB])).toEqual([
      ['user', 'user'],
      ['assistant', 'assistant'],
      ['tool', 'tool'],
      [null, 'assistant'],
      [null, 'tool'],
    ]);
    expect(changed(d.messages[3]?.diff.parts ?? [])).toEqual(['added:→ lookup({"id":1})']);
  });

  it('compares anything else as display text', () => {
    const d = diffValues({ query: 'order 1042' }, { query: 'order 1043' });
    expect(d.kind).toBe('text');
    if (d.kind !== 'text') return;
    expect(changed(d.diff.parts)).toEqual(['removed:1042', 'added:1043']);
    const one = diffValues('plain answer', [{ role: 'user', content: 'chat' }]);
    expect(one.kind).toBe('text');
  });

  it('puts reasoning, tool calls and images into the compared text', () => {
    expect(
      messageText({
        role: 'assistant',
        text: 'Let me check.',
        reasoning: 'need the order',
        toolCalls: [{ name: 'lookup', arguments: '{}' }],
        images: ['https://example.com/a.png'],
      }),
    ).toBe('[reasoning] need the order\nLet me check.\n→ lookup({})\n[image https://example.com/a.png]');
  });
});
