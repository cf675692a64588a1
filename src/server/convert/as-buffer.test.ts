import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { asBuffer } from './otlp-convert';

describe('asBuffer', () => {
  it('gives a view of a plain Uint8Array the same memory as a Buffer, without a copy', () => {
    const whole = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const view = whole.subarray(2, 5);
    const b = asBuffer(view);
    expect(Buffer.isBuffer(b)).toBe(true);
    expect([...b]).toEqual([3, 4, 5]);
    whole[3] = 9;
    expect(b[1]).toBe(9);
  });

  it('returns a Buffer as it is', () => {
    const b = Buffer.from('abc');
    expect(asBuffer(b)).toBe(b);
  });
});
