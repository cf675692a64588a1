import { describe, expect, it } from 'vitest';
import { type DiffPart, diffText, MAX_CHARS } from './text-diff';

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

  it('stays within its time budget on 100 KB texts, similar or not', () => {
    const words = Array.from({ length: 27_000 }, (_, i) => `w${i % 97}`);
    const a = words.join(' ').replace(/(.{80}) /g, '$1\n');
    expect(a.length).toBeGreaterThan(100_000);
    let started = performance.now();
    const similar = diffText(a, a.replace(/w13 /g, 'W13 '));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(similar.mode).toBe('lines');
    expect(similar.parts.some((p) => p.kind === 'added' && p.text.includes('W13'))).toBe(true);
    const noise = (seed: number) =>
      Array.from({ length: 12_000 }, (_, i) => ((i * 7919 + seed) % 10_007).toString(36)).join('\n');
    started = performance.now();
    const different = diffText(noise(1).repeat(2), noise(2).repeat(2));
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(['lines', 'whole']).toContain(different.mode);
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
