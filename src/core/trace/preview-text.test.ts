import { describe, expect, it } from 'vitest';
import { previewText } from './preview-text';

describe('previewText', () => {
  it("shows a chat's last user turn, not the system prompt every run shares", () => {
    const messages = [
      { role: 'system', content: 'You are the Acme support assistant.' },
      { role: 'user', content: 'Where is my order 7731?' },
    ];
    expect(previewText(messages)).toBe('Where is my order 7731?');
    expect(previewText({ messages })).toBe('Where is my order 7731?');
    expect(previewText([{ role: 'user', content: [{ type: 'text', text: 'look at' }, { type: 'image' }] }])).toBe(
      'look at',
    );
  });

  it('unwraps one-field wrappers and strings, collapsing whitespace', () => {
    expect(previewText({ question: '  Where\n\nis it? ' })).toBe('Where is it?');
    expect(previewText({ answer: { text: 'Thursday' } })).toBe('Thursday');
    expect(previewText(42)).toBe('42');
  });

  it('falls back to compact JSON, cut with an ellipsis, and says nothing for nothing', () => {
    expect(previewText({ order: 7731, eta: 'Thu' })).toBe('{"order":7731,"eta":"Thu"}');
    expect(previewText('x'.repeat(400))).toBe(`${'x'.repeat(300)}…`);
    expect(previewText(null)).toBeNull();
    expect(previewText('')).toBeNull();
    expect(previewText('   ')).toBeNull();
  });

  it('survives values JSON cannot write', () => {
    const cyclic: Record<string, unknown> = { a: 1, b: 2 };
    cyclic.self = cyclic;
    expect(previewText(cyclic)).toBe('[object Object]');
    expect(previewText({ n: 10n, m: 1 })).toBe('[object Object]');
  });
});
