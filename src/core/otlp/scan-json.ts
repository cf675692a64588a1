import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error';
import { decodeJsonRequest } from './decode-json';
import { idProblem, MISSING_START, type SpanTally } from './scan-tally';
import { validateSpans } from './validate';
import { jsonId, nanosTextToMs } from './wire-values';

/**
 * OTLP/JSON scan: a JSON syntax validator over the bytes (the grammar JSON.parse accepts, UTF-8 as TextDecoder
 * `fatal` accepts it, a leading BOM skipped as TextDecoder does) that follows the key path down to
 * resourceSpans[].scopeSpans[].spans[], checks the shapes decode-json checks there, in its order, with its
 * messages, and reads each span's traceId, spanId, startTimeUnixNano and name as the decoder would.
 *
 * String bodies are skipped four bytes at a time (SWAR on an Int32Array view): a word without a quote, backslash,
 * control character or non-ASCII byte needs no closer look. Per byte, that is ~4x cheaper than a byte loop and,
 * for the short strings OTLP is made of, cheaper than Uint8Array#indexOf, whose call costs ~20 ns.
 *
 * Two rare shapes are handed to the full decoder instead, which then answers exactly, at its usual cost:
 * - a repeated key where the scan reads values (JSON.parse keeps the last `resourceSpans`, `scopeSpans` or
 *   `spans`), or a key written with escapes there (`"sp\u0061ns"`); SDKs produce neither;
 * - nesting deeper than FALLBACK_DEPTH, the shallowest at which an attribute value can exceed the decoder's
 *   MAX_VALUE_DEPTH (resource attributes put value depth d at nesting 7 + 3d).
 */

const FALLBACK_DEPTH = 7 + 3 * MAX_VALUE_DEPTH;
/** Thrown inside the scanner to hand the body over to the full decoder. */
const FALLBACK = Symbol('fallback');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
const RESOURCE_SPANS = ascii('resourceSpans');
const SCOPE_SPANS = ascii('scopeSpans');
const SPANS = ascii('spans');
const TRACE_ID = ascii('traceId');
const SPAN_ID = ascii('spanId');
const START = ascii('startTimeUnixNano');
const NAME = ascii('name');
const EVENTS = ascii('events');
const LINKS = ascii('links');

/** 1 for hex digits but 0, 2 for 0, 0 for anything else. */
const HEX = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[0-9a-fA-F]/.test(ch)) HEX[c] = ch === '0' ? 2 : 1;
}
/** Escapes JSON allows after a backslash, besides \u. */
const ESCAPES = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPES[c.charCodeAt(0)] = 1;

const textDecoder = new TextDecoder();

class JsonScanner {
  private readonly len: number;
  /** The body as aligned 32-bit words from byte `head` on. */
  private readonly words: Int32Array;
  private readonly head: number;
  private readonly stack = new Uint8Array(FALLBACK_DEPTH + 2);
  /** Set by `string` when the string it skipped has an escape. */
  private escaped = false;
  private keyStart = 0;
  private keyEnd = 0;
  /** The first structural error in the decoder's order; thrown once the whole body is known to be valid JSON. */
  private error: string | null = null;
  /** Indices of the resourceSpans and scopeSpans entries being scanned, for messages. */
  private r = 0;
  private s = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly tally: SpanTally,
  ) {
    this.len = b.length;
    this.head = (4 - (b.byteOffset & 3)) & 3;
    const count = this.len > this.head ? (this.len - this.head) >> 2 : 0;
    this.words = new Int32Array(b.buffer, b.byteOffset + this.head, count);
  }

  scan(): void {
    const b = this.b;
    let p = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    p = this.ws(p);
    if (b[p] === OPEN_OBJECT) p = this.request(p);
    else {
      const type = this.typeAt(p);
      p = this.skip(p, 0);
      this.fail(`the request body must be an object, got ${type}`);
    }
    p = this.ws(p);
    if (p < this.len) throw this.syntax('unexpected data after the JSON value', p);
    if (this.error !== null) throw new OtlpDecodeError(`invalid OTLP/JSON: ${this.error}`);
  }

  private fail(message: string): void {
    if (this.error === null) this.error = message;
  }

  private syntax(problem: string, at: number): OtlpDecodeError {
    const found = at >= this.len ? 'the end of the body' : `'${String.fromCharCode(this.b[at] as number)}'`;
    return new OtlpDecodeError(`invalid OTLP/JSON: ${problem} at byte ${at} (found ${found})`);
  }

  private ws(p: number): number {
    const b = this.b;
    for (;;) {
      const c = b[p];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else return p;
    }
  }

  /** The decoder's `typeName` of the value starting at p (already known to be syntactically a value or not). */
  private typeAt(p: number): string {
    const c = this.b[p];
    if (c === OPEN_OBJECT) return 'an object';
    if (c === OPEN_ARRAY) return 'an array';
    if (c === QUOTE) return 'a string';
    if (c === 0x74 || c === 0x66) return 'a boolean';
    if (c === 0x6e) return 'null';
    return 'a number';
  }

  /** The string starting at p (a quote); returns the index after its closing quote. Small, to be inlined. */
  private string(p: number): number {
    const b = this.b;
    const words = this.words;
    const head = this.head;
    let i = p + 1;
    for (;;) {
      if (((i - head) & 3) === 0) {
        let k = (i - head) >> 2;
        for (; k < words.length; k++) {
          const w = words[k] as number;
          // A byte's high bit ends up set when it is >= 0x80, < 0x20, '"' or '\' (the borrows of the
          // subtractions can only add false positives above a byte that is one of those).
          if (
            ((w | (w - 0x20202020) | ((w ^ 0x22222222) - 0x01010101) | ((w ^ 0x5c5c5c5c) - 0x01010101)) &
              0x80808080) !==
            0
          )
            break;
        }
        i = head + (k << 2);
      }
      const c = b[i] as number;
      if (c === QUOTE) return i + 1;
      if (c >= 0x20 && c < 0x80 && c !== BACKSLASH) i++;
      else i = this.special(i);
    }
  }

  /** A byte in a string that is not plain ASCII text: an escape, UTF-8, a control character, or the end. */
  private special(i: number): number {
    if (i >= this.len) throw this.syntax('unterminated string', i);
    const c = this.b[i] as number;
    if (c === BACKSLASH) return this.escape(i);
    if (c < 0x20) throw this.syntax('control character in a string (JSON requires it escaped)', i);
    return this.utf8(i);
  }

  private escape(i: number): number {
    const b = this.b;
    this.escaped = true;
    const c = b[i + 1] as number;
    if (ESCAPES[c] === 1) return i + 2;
    if (c === 0x75) {
      for (let k = i + 2; k < i + 6; k++)
        if (!((HEX[b[k] as number] as number) > 0)) throw this.syntax('bad \\u escape', k);
      return i + 6;
    }
    throw this.syntax('bad escape', i + 1);
  }

  /** One UTF-8 sequence starting at i (a byte >= 0x80), validated as TextDecoder `fatal` does; returns its end. */
  private utf8(i: number): number {
    const b = this.b;
    const c = b[i] as number;
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else throw this.syntax('invalid UTF-8', i);
    const second = b[i + 1] as number;
    if (!(second >= lo && second <= hi)) throw this.syntax('invalid UTF-8', i);
    for (let k = i + 2; k <= i + n; k++) {
      const x = b[k] as number;
      if (!(x >= 0x80 && x <= 0xbf)) throw this.syntax('invalid UTF-8', i);
    }
    return i + n + 1;
  }

  private number(p: number): number {
    const b = this.b;
    let i = p;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) while (isDigit(b[++i]));
    else throw this.syntax('expected a value', i);
    if (b[i] === 0x2e) {
      if (!isDigit(b[++i])) throw this.syntax('expected a digit after the decimal point', i);
      while (isDigit(b[++i]));
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) throw this.syntax('expected a digit in the exponent', i);
      while (isDigit(b[++i]));
    }
    return i;
  }

  private literal(p: number): number {
    const b = this.b;
    const c = b[p];
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : null;
    if (word === null) throw this.syntax('expected a value', p);
    for (let k = 1; k < word.length; k++)
      if (b[p + k] !== word.charCodeAt(k)) throw this.syntax(`expected '${word}'`, p + k);
    return p + word.length;
  }

  /** A key at p (its opening quote), then the colon; returns where its value starts. */
  private key(p: number): number {
    if (this.b[p] !== QUOTE) throw this.syntax('expected a key in double quotes', p);
    this.escaped = false;
    const end = this.string(p);
    this.keyStart = p + 1;
    this.keyEnd = end - 1;
    p = this.ws(end);
    if (this.b[p] !== COLON) throw this.syntax("expected ':' after a key", p);
    return this.ws(p + 1);
  }

  private keyIs(name: Uint8Array): boolean {
    const b = this.b;
    const start = this.keyStart;
    if (this.keyEnd - start !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (b[start + k] !== name[k]) return false;
    return true;
  }

  /** After a member or element: the position of the next one, or of the closing bracket. */
  private next(p: number, close: number): number {
    p = this.ws(p);
    const c = this.b[p];
    if (c === COMMA) {
      p = this.ws(p + 1);
      if (this.b[p] === close) throw this.syntax('trailing comma', p);
      return p;
    }
    if (c === close) return p;
    throw this.syntax(`expected ',' or '${String.fromCharCode(close)}'`, p);
  }

  /** Any value starting at p, nested `depth` containers deep; returns the index after it. Iterative. */
  private skip(p: number, depth: number): number {
    const b = this.b;
    const stack = this.stack;
    const base = depth;
    for (;;) {
      let c = b[p];
      if (c === QUOTE) p = this.string(p);
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
        p = this.ws(p + 1);
        if (b[p] === close) p++;
        else {
          if (++depth > FALLBACK_DEPTH) throw FALLBACK;
          stack[depth] = close;
          if (close === CLOSE_OBJECT) p = this.key(p);
          continue;
        }
      } else if (c === 0x2d || isDigit(c)) p = this.number(p);
      else p = this.literal(p);
      for (;;) {
        if (depth === base) return p;
        p = this.ws(p);
        c = b[p];
        if (c === COMMA) {
          p = this.ws(p + 1);
          if (stack[depth] === CLOSE_OBJECT) p = this.key(p);
          break;
        }
        if (c !== stack[depth])
          throw this.syntax(`expected ',' or '${String.fromCharCode(stack[depth] as number)}'`, p);
        p++;
        depth--;
      }
    }
  }

  /** The members of the object at p; `member` reads the value of each and returns the index after it. */
  private members(p: number, member: (valueAt: number) => number): number {
    p = this.ws(p + 1);
    if (this.b[p] === CLOSE_OBJECT) return p + 1;
    for (;;) {
      p = member(this.key(p));
      p = this.next(p, CLOSE_OBJECT);
      if (this.b[p] === CLOSE_OBJECT) return p + 1;
    }
  }

  /**
   * A list the decoder reads (absent or null means empty, anything but an array is an error); `item` reads an
   * element that is an object. Returns the index after the value.
   */
  private list(p: number, depth: number, where: () => string, key: string, item: (at: number, i: number) => number) {
    const b = this.b;
    if (b[p] !== OPEN_ARRAY) {
      if (b[p] !== 0x6e) this.fail(`${where()}.${key} must be an array, got ${this.typeAt(p)}`);
      return this.skip(p, depth);
    }
    p = this.ws(p + 1);
    if (b[p] === CLOSE_ARRAY) return p + 1;
    for (let i = 0; ; i++) {
      if (b[p] === OPEN_OBJECT) p = item(p, i);
      else {
        this.fail(`${where()}.${key}[${i}] must be an object, got ${this.typeAt(p)}`);
        p = this.skip(p, depth + 1);
      }
      p = this.next(p, CLOSE_ARRAY);
      if (b[p] === CLOSE_ARRAY) return p + 1;
    }
  }

  /** Keys the scan reads must be plain and appear once, or JSON.parse's answer could differ from the bytes'. */
  private checkKey(seen: boolean): void {
    if (seen || this.escaped) throw FALLBACK;
  }

  private request(p: number): number {
    let seen = false;
    return this.members(p, (at) => {
      if (this.escaped) throw FALLBACK;
      if (!this.keyIs(RESOURCE_SPANS)) return this.skip(at, 1);
      this.checkKey(seen);
      seen = true;
      return this.list(
        at,
        1,
        () => 'request',
        'resourceSpans',
        (rs, r) => this.resourceSpans(rs, r),
      );
    });
  }

  private resourceSpans(p: number, r: number): number {
    this.r = r;
    let seen = false;
    return this.members(p, (at) => {
      if (this.escaped) throw FALLBACK;
      if (!this.keyIs(SCOPE_SPANS)) return this.skip(at, 3);
      this.checkKey(seen);
      seen = true;
      const where = () => `resourceSpans[${r}]`;
      return this.list(at, 3, where, 'scopeSpans', (ss, s) => this.scopeSpans(ss, s));
    });
  }

  private scopeSpans(p: number, s: number): number {
    this.s = s;
    let seen = false;
    return this.members(p, (at) => {
      if (this.escaped) throw FALLBACK;
      if (!this.keyIs(SPANS)) return this.skip(at, 5);
      this.checkKey(seen);
      seen = true;
      const where = () => `resourceSpans[${this.r}].scopeSpans[${s}]`;
      return this.list(at, 5, where, 'spans', (span, i) => this.span(span, i));
    });
  }

  /** One span object: the last value of each key wins, as with JSON.parse. Hot: one call per span. */
  private span(p: number, index: number): number {
    const b = this.b;
    let traceId = -1;
    let traceIdEnd = -1;
    let spanId = -1;
    let spanIdEnd = -1;
    let start = -1;
    let startEnd = -1;
    let name = -1;
    let nameEnd = -1;
    let events: string | null = null;
    let links: string | null = null;
    p = this.ws(p + 1);
    if (b[p] !== CLOSE_OBJECT) {
      for (;;) {
        const at = this.key(p);
        if (this.escaped) throw FALLBACK;
        const length = this.keyEnd - this.keyStart;
        if (length === 7 && this.keyIs(TRACE_ID)) {
          traceId = at;
          p = traceIdEnd = this.skip(at, 7);
        } else if (length === 6 && this.keyIs(SPAN_ID)) {
          spanId = at;
          p = spanIdEnd = this.skip(at, 7);
        } else if (length === 17 && this.keyIs(START)) {
          start = at;
          p = startEnd = this.skip(at, 7);
        } else if (length === 4 && this.keyIs(NAME)) {
          name = at;
          p = nameEnd = this.skip(at, 7);
        } else if (length === 6 && this.keyIs(EVENTS)) {
          events = b[at] === OPEN_ARRAY || b[at] === 0x6e ? null : this.typeAt(at);
          p = this.skip(at, 7);
        } else if (length === 5 && this.keyIs(LINKS)) {
          links = b[at] === OPEN_ARRAY || b[at] === 0x6e ? null : this.typeAt(at);
          p = this.skip(at, 7);
        } else p = this.skip(at, 7);
        p = this.next(p, CLOSE_OBJECT);
        if (b[p] === CLOSE_OBJECT) break;
      }
    }
    if (events !== null || links !== null) {
      const where = `resourceSpans[${this.r}].scopeSpans[${this.s}].spans[${index}]`;
      this.fail(
        events !== null
          ? `${where}.events must be an array, got ${events}`
          : `${where}.links must be an array, got ${links}`,
      );
    }
    if (this.error === null) {
      const problem =
        this.idProblem(traceId, traceIdEnd, 16, 'traceId') ??
        this.idProblem(spanId, spanIdEnd, 8, 'spanId') ??
        (this.startTime(start, startEnd) > 0 ? null : MISSING_START);
      if (problem === null) this.tally.add(null, nameless);
      else
        this.tally.add(problem, () => {
          const value = name < 0 ? '' : this.value(name, nameEnd);
          return typeof value === 'string' ? value : '';
        });
    }
    return p + 1;
  }

  /** The value between two indices, parsed (for the few values whose bytes are not enough). */
  private value(from: number, to: number): unknown {
    return JSON.parse(textDecoder.decode(this.b.subarray(from, to)));
  }

  /** validateSpans's problem with the id the decoder's `jsonId(text(v))` gives, for the value between from and to. */
  private idProblem(from: number, to: number, bytes: number, field: string): string | null {
    const b = this.b;
    // Fast path: plain lowercase or uppercase hex of the right length, not all zeros.
    if (from >= 0 && to - from === bytes * 2 + 2 && b[from] === QUOTE) {
      let nonZero = 0;
      let k = from + 1;
      for (; k < to - 1; k++) {
        const digit = HEX[b[k] as number] as number;
        if (digit === 0) break;
        nonZero |= digit;
      }
      if (k === to - 1 && (nonZero & 1) === 1) return null;
    }
    const value = from < 0 ? '' : this.value(from, to);
    return idProblem(jsonId(typeof value === 'string' ? value : '', bytes), bytes * 2, field);
  }

  /** The decoder's `time(v)` in milliseconds for the value between from and to; only its sign matters here. */
  private startTime(from: number, to: number): number {
    if (from < 0) return 0;
    const b = this.b;
    // Fast path: a string of at most 300 decimal digits (Number() of them is finite), positive unless all zeros.
    if (b[from] === QUOTE && to - from > 2 && to - from <= 302) {
      let plain = true;
      let nonZero = false;
      for (let k = from + 1; k < to - 1; k++) {
        const c = b[k] as number;
        if (c < 0x30 || c > 0x39) plain = false;
        else if (c !== 0x30) nonZero = true;
      }
      if (plain) return nonZero ? 1 : 0;
    }
    const value = this.value(from, to);
    if (typeof value === 'string') return value === '' ? 0 : nanosTextToMs(value);
    if (typeof value === 'number' && Number.isFinite(value)) return value / 1e6;
    return 0;
  }
}

const nameless = () => '';

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

export function scanJsonRequest(body: Uint8Array, tally: SpanTally): void {
  try {
    new JsonScanner(body, tally).scan();
  } catch (e) {
    if (e !== FALLBACK) throw e;
    const spans = decodeJsonRequest(body);
    const { rejected, errorMessage } = validateSpans(spans);
    tally.decide({ spans: spans.length, rejected, errorMessage });
  }
}
