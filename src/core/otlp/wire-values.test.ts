import { describe, expect, it } from 'vitest';
import {
  bytesToBase64,
  bytesToHex,
  int64ToValue,
  jsonId,
  nanos64ToMs,
  nanosTextToMs,
  parentOrNull,
} from './wire-values';

describe('wire values', () => {
  it('converts decimal nanoseconds to milliseconds without losing sub-microsecond digits', () => {
    expect(nanosTextToMs('1795376735624272855')).toBe(1795376735624 + 0.272855);
    expect(nanosTextToMs('1795376735624000000')).toBe(1795376735624);
    expect(nanosTextToMs('999')).toBe(0.000999);
    expect(nanosTextToMs('0')).toBe(0);
    expect(nanosTextToMs('abc')).toBeNaN();
    expect(nanosTextToMs('12345678x')).toBeNaN();
    expect(nanosTextToMs('9'.repeat(400))).toBe(Number.POSITIVE_INFINITY);
  });

  it('converts 64-bit nanoseconds given as a Long-like pair exactly', () => {
    const nanos = 1795376735624272855n;
    const long = { low: Number(nanos & 0xffffffffn) | 0, high: Number(nanos >> 32n) | 0, unsigned: true };
    expect(nanos64ToMs(long)).toBe(1795376735624 + 0.272855);
    expect(nanos64ToMs(1_000_000)).toBe(1);
    expect(nanos64ToMs(null)).toBe(0);
  });

  it('keeps int64 values exact: numbers when safe, decimal text beyond 2^53', () => {
    expect(int64ToValue({ low: 256, high: 0 })).toBe(256);
    expect(int64ToValue({ low: -1, high: -1 })).toBe(-1);
    expect(int64ToValue({ low: 0, high: 0x7fffffff })).toBe(String(0x7fffffffn << 32n));
    expect(int64ToValue(42)).toBe(42);
  });

  it('encodes bytes as hex and base64', () => {
    const bytes = new Uint8Array([0, 1, 0xab, 0xff]);
    expect(bytesToHex(bytes)).toBe('0001abff');
    expect(bytesToBase64(bytes)).toBe(btoa(String.fromCharCode(0, 1, 0xab, 0xff)));
    expect(bytesToBase64(new Uint8Array([1]))).toBe('AQ==');
    expect(bytesToBase64(new Uint8Array([1, 2]))).toBe('AQI=');
    expect(bytesToBase64(new Uint8Array([]))).toBe('');
  });

  it('reads hex ids (lowercased) and base64 ids from canonical proto3-JSON encoders', () => {
    expect(jsonId('0AF7651916CD43DD8448EB211C80319C', 16)).toBe('0af7651916cd43dd8448eb211c80319c');
    const spanHex = 'b7ad6b7169203331';
    const spanB64 = btoa(String.fromCharCode(0xb7, 0xad, 0x6b, 0x71, 0x69, 0x20, 0x33, 0x31));
    expect(jsonId(spanB64, 8)).toBe(spanHex);
    expect(jsonId('not-an-id', 8)).toBe('not-an-id');
  });

  it('treats empty and all-zero parent ids as no parent', () => {
    expect(parentOrNull('')).toBeNull();
    expect(parentOrNull('0000000000000000')).toBeNull();
    expect(parentOrNull('00f067aa0ba902b7')).toBe('00f067aa0ba902b7');
  });
});
