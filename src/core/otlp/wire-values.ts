/**
 * Small conversions shared by the JSON and protobuf decoders: ids, timestamps, bytes.
 * Written by hand (no regexes, no BigInt on the hot path) because they run several times per span
 * and a batch can hold 100k spans.
 */

const HEX = '0123456789abcdef';
const BYTE_HEX: string[] = [];
for (let i = 0; i < 256; i++) BYTE_HEX.push(HEX.charAt(i >> 4) + HEX.charAt(i & 15));

/** Lowercase hex of a byte array (protobuf ids). */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i] as number];
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;
// URL-safe alphabet too: some proto3-JSON encoders emit it.
B64_INDEX['-'.charCodeAt(0)] = 62;
B64_INDEX['_'.charCodeAt(0)] = 63;

/** Standard base64 of a byte array (OTLP `bytesValue` attributes, kept as text). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + B64.charAt((n >> 6) & 63) + B64.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${B64.charAt(n >> 18)}${B64.charAt((n >> 12) & 63)}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${B64.charAt(n >> 18)}${B64.charAt((n >> 12) & 63)}${B64.charAt((n >> 6) & 63)}=`;
  }
  return out;
}

/** Base64 (standard or URL-safe, padding optional) to bytes; null when the text is not base64. */
function base64ToBytes(text: string): Uint8Array | null {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  const out = new Uint8Array(Math.floor((end * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (B64_INDEX[c] as number) : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const lower = c >= 97 && c <= 102;
    const upper = c >= 65 && c <= 70;
    if (!digit && !lower && !upper) return false;
  }
  return true;
}

/**
 * An OTLP/JSON id: hex per the OTLP spec (lowercased here). Canonical proto3-JSON encoders send
 * base64 instead; those are recognised by length (16 or 8 bytes) and converted. Anything else is
 * passed through lowercased, so the receiver can reject it with the actual value in the message.
 */
export function jsonId(text: string, byteLength: number): string {
  if (text.length === byteLength * 2 && isHex(text)) return text.toLowerCase();
  if (text.length >= Math.ceil((byteLength * 4) / 3) && text.length <= Math.ceil(byteLength / 3) * 4) {
    const bytes = base64ToBytes(text);
    if (bytes && bytes.length === byteLength) return bytesToHex(bytes);
  }
  return text.toLowerCase();
}

/** Empty and all-zero parent ids mean "no parent" (OTLP: an all-zero id is invalid). */
export function parentOrNull(hex: string): string | null {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return hex;
  return null;
}

/**
 * Decimal nanoseconds to epoch milliseconds. Splitting the string keeps it exact: 19-digit
 * nanosecond values exceed 2^53, so Number(text) / 1e6 would lose up to 256 ns.
 * NaN when the text is not a number; Infinity past Number's range. The caller checks the range.
 */
export function nanosTextToMs(text: string): number {
  const digits = text.length;
  const ms = digits <= 6 ? 0 : Number(text.slice(0, digits - 6));
  const frac = Number(digits <= 6 ? text : text.slice(digits - 6)) / 1e6;
  return ms + frac;
}

/** A 64-bit value as protobufjs hands it over: a number, or a Long-like `{low, high}` when long.js is loaded. */
export type Int64 = number | { low: number; high: number; unsigned?: boolean };

const TWO_32 = 4294967296;

/**
 * Unsigned 64-bit nanoseconds to epoch milliseconds. high * 2^32 is split as high * 4294 * 1e6 +
 * high * 967296, so every intermediate stays below 2^53 and the result is exact to the nanosecond
 * before the final addition.
 */
export function nanos64ToMs(value: Int64 | null | undefined): number {
  if (value == null) return 0;
  if (typeof value === 'number') return value / 1e6;
  const high = value.high >>> 0;
  const rest = high * 967296 + (value.low >>> 0);
  const restMs = Math.floor(rest / 1e6);
  return high * 4294 + restMs + (rest - restMs * 1e6) / 1e6;
}

/** Signed 64-bit integer attribute: a number when it is safe, else its decimal text (never silently rounded). */
export function int64ToValue(value: Int64): number | string {
  if (typeof value === 'number') return value;
  const high = value.high | 0;
  const low = value.low >>> 0;
  const signed = value.unsigned ? value.high >>> 0 : high;
  const n = signed * TWO_32 + low;
  if (Number.isSafeInteger(n)) return n;
  const big = (BigInt(signed) << 32n) | BigInt(low);
  return big.toString();
}
