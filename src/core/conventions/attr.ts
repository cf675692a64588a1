import type { Attributes, AttrValue } from '../model/types';
import { setOwn } from '../otlp/safe-object';

/**
 * Typed reads of span attributes, shared by every convention mapper. SDKs disagree on types
 * (ids as ints, numbers as strings, JSON objects as strings), so each reader accepts the
 * plausible spellings of its type and returns undefined for anything else.
 */

/** A non-empty string; numbers and booleans are spelled out (user ids are sometimes ints). */
export function str(a: Attributes, key: string): string | undefined {
  const v = a[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A finite number, from a number or a numeric string (int64 values beyond 2^53 arrive as text). */
export function num(a: Attributes, key: string): number | undefined {
  return toNumber(a[key]);
}

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function bool(a: Attributes, key: string): boolean | undefined {
  const v = a[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
  }
  return -1;
}

/**
 * Parse a string that holds a JSON object or array (Langfuse JS writes objects as JSON text);
 * any other string stays a string. Only the first character is looked at before parsing, so
 * plain text costs nothing.
 */
export function jsonish(v: AttrValue | undefined): unknown {
  if (typeof v !== 'string') return v;
  const c = firstNonSpace(v);
  if (c !== 123 /* { */ && c !== 91 /* [ */) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** For keys whose value is always JSON-encoded (quoted strings included): parse it, else keep the text. */
export function jsonAlways(v: AttrValue | undefined): unknown {
  if (typeof v !== 'string') return v;
  const c = firstNonSpace(v);
  if (c !== 123 && c !== 91 && c !== 34 /* " */) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON object attribute, given as a kvlist or as JSON text. */
export function jsonObject(a: Attributes, key: string): Record<string, unknown> | undefined {
  const v = jsonish(a[key]);
  return isRecord(v) ? v : undefined;
}

/** Every attribute under `prefix`, with the prefix removed from the key. */
export function prefixed(a: Attributes, prefix: string): Record<string, AttrValue> | undefined {
  let out: Record<string, AttrValue> | undefined;
  for (const key in a) {
    if (key.length > prefix.length && key.startsWith(prefix)) {
      out ??= {};
      setOwn(out, key.slice(prefix.length), a[key] as AttrValue);
    }
  }
  return out;
}

/** Tags as arrays, JSON-array text, or a comma-separated list. */
export function tagList(v: AttrValue | undefined): string[] | undefined {
  const parsed = jsonish(v);
  if (Array.isArray(parsed)) {
    const tags = parsed.filter((t): t is string => typeof t === 'string' && t !== '');
    return tags.length > 0 ? tags : undefined;
  }
  if (typeof parsed === 'string') {
    const tags = parsed
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    return tags.length > 0 ? tags : undefined;
  }
  return undefined;
}
