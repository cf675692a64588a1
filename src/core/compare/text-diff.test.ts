import { describe, expect, it, vi } from 'vitest';
import { DIFF_TIMEOUT_MS, type DiffPart, diffText, MAX_CHARS } from './text-diff';

const changed = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'same').map((p) => `${p.kind}:${p.text}`);

describe('diffText', () => {
  it('diffs short texts word by word', () => {
    const d = diffText('You are a friendly support agent.', 'You are a terse support agent.');
    expect(d.mode).toBe('words');
    expect(changed(d.parts)).toEqual(['removed:friendly', 'added:terse']);
    expect(d.parts.map((p) => (p.kind === 'added' ? '' : p.text)).join('')).toBe('You are a friendly support agent.');
    expect(d.parts.map((p) => (p.kind === 'removed' ? '' : p.text)).join('')).toBe('You are a terse support agent.');
    expect(d.notice).toBeNull();
  });

  it('says identical without diffing, and diffs against an empty side', () => {
    expect(diffText('same', 'same')).toEqual({
      parts: [{ kind: 'same', text: 'same' }],
      mode: 'identical',
      notice: null,
    });
    expect(diffText('', '')).toMatchObject({ parts: [], mode: 'identical' });
    expect(changed(diffText('', 'new text').parts)).toEqual(['added:new text']);
  });

  it('diffs long texts line by line', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} of the policy`);
    const b = [...lines];
    b[200] = 'line 200 was rewritten';
    const d = diffText(lines.join('\n'), b.join('\n'));
    expect(d.mode).toBe('lines');
    expect(changed(d.parts)).toEqual(['removed:line 200 of the policy\n', 'added:line 200 was rewritten\n']);
  });

  // The budget's 1,500 steps are real work: a second or two of CPU, more under load, so not the default 5 s.
  it('stays within its time budget on 100 KB texts, similar or not', { timeout: 60_000 }, () => {
    // The budget is wall-clock time in the app. Here the clock moves on by one millisecond each time it is read, and
    // jsdiff reads it once per edit step: the budget becomes a number of steps, the same on a fast or a busy machine.
    let now = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now++);
    try {
      const words = Array.from({ length: 27_000 }, (_, i) => `w${i % 97}`);
      const a = words.join(' ').replace(/(.{80}) /g, '$1\n');
      expect(a.length).toBeGreaterThan(100_000);
      let started = now;
      const similar = diffText(a, a.replace(/w13 /g, 'W13 '));
      // Done line by line in well under half the budget.
      expect(now - started).toBeLessThan(DIFF_TIMEOUT_MS / 2);
      expect(similar.mode).toBe('lines');
      expect(similar.parts.some((p) => p.kind === 'added' && p.text.includes('W13'))).toBe(true);
      const noise = (seed: number) =>
        Array.from({ length: 12_000 }, (_, i) => ((i * 7919 + seed) % 10_007).toString(36)).join('\n');
      started = now;
      const different = diffText(noise(1).repeat(2), noise(2).repeat(2));
      // Given up once the budget is spent, give or take the few readings around the diff.
      expect(now - started).toBeLessThanOrEqual(DIFF_TIMEOUT_MS + 5);
      expect(different.mode).toBe('whole');
      expect(different.notice).toMatch(/too different to compare in time/);
    } finally {
      clock.mockRestore();
    }
  });

  it('falls back to whole texts when the time budget runs out, and says so', () => {
    const a = Array.from({ length: 3_000 }, (_, i) => `alpha ${i}`).join('\n');
    const b = Array.from({ length: 3_000 }, (_, i) => `beta ${i}`).join('\n');
    const d = diffText(a, b, 1);
    expect(d.mode).toBe('whole');
    expect(changed(d.parts)).toEqual([`removed:${a}`, `added:${b}`]);
    expect(d.notice).toMatch(/too different to compare in time/);
  });

  it('cuts texts over the limit and says how much was compared', () => {
    const a = `${'x'.repeat(MAX_CHARS)}tail A`;
    const b = `${'x'.repeat(MAX_CHARS)}tail B`;
    const d = diffText(a, b);
    expect(d.notice).toMatch(/only the first 195 KB of each side are compared/);
    expect(d.parts.map((p) => p.text).join('').length).toBeLessThanOrEqual(MAX_CHARS);
  });
});
