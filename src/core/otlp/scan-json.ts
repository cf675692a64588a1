import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error';
import { decodeJsonRequest, droppedIn, time } from './decode-json';
import { idProblem, MISSING_START, type SpanTally } from './scan-tally';
import { validateSpans } from './validate';
import { saneTime } from './wire-notes';
import { jsonId } from './wire-values';

/**
 * OTLP/JSON scan: a JSON syntax validator over the bytes (the grammar JSON.parse accepts, UTF-8 as TextDecoder
 * `fatal` accepts it, a leading BOM skipped as TextDecoder does) that follows the key path down to
 * resourceSpans[].scopeSpans[].spans[], checks the shapes decode-json checks there, in its order, with its
 * messages, and reads each span's traceId, spanId, startTimeUnixNano and name as the decoder would. It also walks
 * every attribute list the decoder reads (resource, span, event and link attributes) and every time (span start and
 * end, event times), to find what the decoder would drop or reject for its time.
 *
 * Speed (SDK bodies carry about 1 KB per span, nine tenths of it in strings of 20 bytes on average):
 * - string bodies are skipped sixteen bytes at a time, then four (SWAR on unaligned DataView reads): a word without
 *   a quote, backslash, control character or non-ASCII byte needs no closer look, and the first byte that does is
 *   found from the word's mask. For the short strings OTLP is made of, that beats Uint8Array#indexOf (a call costs
 *   ~45 ns) and aligned Int32Array words (the bytes before the first aligned word cost more than they save);
 * - the fixed bytes of attributes as SDKs write them, `{"key":"…","value":{"stringValue":"…"}}`, are matched
 *   as words (any other spelling is read again by the general skip);
 * - keys the scan looks for are compared as words, ids and start times checked four digits at a time.
 *
 * Rare shapes are handed to the full decoder instead, which then answers exactly, at its usual cost:
 * - anything the decoder would note in the partial-success message beyond a bad id or a missing start: a time that
 *   is not a plain in-range number, an attribute value it would drop, an attribute list, event or link of the
 *   wrong shape; SDKs send none of those, and the decoder's own words then reach the sender;
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

/** A key the scan looks for, as the little-endian 32-bit words of its text at offsets 0, 4, ... and length - 4. */
interface KeyName {
  length: number;
  /** Offset, word, offset, word... */
  words: Int32Array;
}

function keyName(text: string): KeyName {
  const view = new DataView(Uint8Array.from(text, (c) => c.charCodeAt(0)).buffer);
  const words: number[] = [];
  for (let at = 0; ; at += 4) {
    const offset = Math.min(at, text.length - 4);
    words.push(offset, view.getInt32(offset, true));
    if (offset === text.length - 4) return { length: text.length, words: Int32Array.from(words) };
  }
}
const RESOURCE_SPANS = keyName('resourceSpans');
const SCOPE_SPANS = keyName('scopeSpans');
const SPANS = keyName('spans');
const TRACE_ID = keyName('traceId');
const SPAN_ID = keyName('spanId');
const START = keyName('startTimeUnixNano');
const END = keyName('endTimeUnixNano');
const TIME = keyName('timeUnixNano');
const RESOURCE = keyName('resource');
const NAME = keyName('name');
const EVENTS = keyName('events');
const LINKS = keyName('links');
const ATTRIBUTES = keyName('attributes');
const OTHER: KeyName = { length: -1, words: new Int32Array(0) };

/** Byte patterns of attributes, as little-endian 32-bit words: `{"ke` `y":"` and `"val` `ue":`. */
const OPEN_KEY = 0x656b227b;
const KEY_COLON_QUOTE = 0x223a2279;
const QUOTE_VAL = 0x6c617622;
const UE_QUOTE_COLON = 0x3a226575;

/** `,"va` `lue"` `":{"` and `stri` `ngVa` `lue"` `e":"`: the rest of an attribute, matched after its key. */
const COMMA_QUOTE_VA = 0x6176222c;
const LUE_QUOTE = 0x2265756c;
const QUOTE_COLON_OPEN_QUOTE = 0x227b3a22;
const STRI = 0x69727473;
const NGVA = 0x6156676e;
const E_QUOTE_COLON_QUOTE = 0x223a2265;

/** 1 for hex digits, 0 for anything else. */
const HEX = new Uint8Array(256);
for (let c = 0; c < 256; c++) if (/[0-9a-fA-F]/.test(String.fromCharCode(c))) HEX[c] = 1;
/** Escapes JSON allows after a backslash, besides \u. */
const ESCAPES = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPES[c.charCodeAt(0)] = 1;

const textDecoder = new TextDecoder();

/** 2200-01-01 in nanoseconds, the latest time the decoder accepts, as the 19 digit codes it is written with. */
const LATEST_NANOS = Uint8Array.from('7258118400000000000', (c) => c.charCodeAt(0));
/** The bytes after `{"` of the AnyValue shapes checked by bytes rather than parsed. */
const INT_VALUE = Uint8Array.from('intValue":', (c) => c.charCodeAt(0));
const BOOL_VALUE = Uint8Array.from('boolValue":', (c) => c.charCodeAt(0));
const DOUBLE_VALUE = Uint8Array.from('doubleValue":', (c) => c.charCodeAt(0));

class JsonScanner {
  private readonly len: number;
  private readonly view: DataView;
  private readonly stack = new Uint8Array(FALLBACK_DEPTH + 2);
  /** Set by `string` when the string it skipped has an escape. */
  private escaped = false;
  private keyStart = 0;
  private keyEnd = 0;
  /** The first structural error in the decoder's order; thrown once the whole body is known to be valid JSON. */
  private error: string | null = null;
  /** The index of the resourceSpans entry being scanned, for messages. */
  private r = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly tally: SpanTally,
  ) {
    this.len = b.length;
    this.view = new DataView(b.buffer, b.byteOffset, b.length);
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

  /**
   * The string starting at p (a quote); returns the index after its closing quote. Small, to be inlined. Plain text
   * is skipped sixteen bytes at a time (four words, one test), then four: most of a body's bytes are runs of plain
   * text between escapes, a few dozen to a few hundred bytes long.
   */
  private string(p: number): number {
    const b = this.b;
    const view = this.view;
    const last4 = this.len - 4;
    const last16 = this.len - 16;
    let i = p + 1;
    for (;;) {
      while (i <= last16) {
        const m0 = specials(view.getInt32(i, true));
        const m1 = specials(view.getInt32(i + 4, true));
        const m2 = specials(view.getInt32(i + 8, true));
        const m3 = specials(view.getInt32(i + 12, true));
        if ((m0 | m1 | m2 | m3) !== 0) {
          if (m0 !== 0) i += firstByte(m0);
          else if (m1 !== 0) i += 4 + firstByte(m1);
          else if (m2 !== 0) i += 8 + firstByte(m2);
          else i += 12 + firstByte(m3);
          break;
        }
        i += 16;
      }
      // Fewer than sixteen bytes left: four at a time. (Where the step above stopped at a byte, i is at it.)
      if (i > last16)
        while (i <= last4) {
          const m = specials(view.getInt32(i, true));
          if (m !== 0) {
            i += firstByte(m);
            break;
          }
          i += 4;
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
    if (c === 0x74) {
      if (b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) return p + 4;
    } else if (c === 0x66) {
      if (b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) return p + 5;
    } else if (c === 0x6e) {
      if (b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) return p + 4;
    }
    throw this.syntax('expected a value', p);
  }

  /**
   * A key at p (its opening quote, or whitespace before it), then the colon; returns where its value starts.
   * The loop of `string` is repeated here by hand: V8 does not inline it at this many call sites, and keys are
   * half the strings.
   */
  private key(p: number): number {
    const b = this.b;
    if ((b[p] as number) <= 0x20) p = this.ws(p);
    if (b[p] !== QUOTE) throw this.syntax('expected a key in double quotes', p);
    this.escaped = false;
    this.keyStart = p + 1;
    const view = this.view;
    const last = this.len - 4;
    p++;
    for (;;) {
      while (p <= last) {
        const m = specials(view.getInt32(p, true));
        if (m !== 0) {
          p += firstByte(m);
          break;
        }
        p += 4;
      }
      const c = b[p] as number;
      if (c === QUOTE) break;
      if (c >= 0x20 && c < 0x80 && c !== BACKSLASH) p++;
      else p = this.special(p);
    }
    this.keyEnd = p++;
    if (b[p] !== COLON) {
      p = this.ws(p);
      if (b[p] !== COLON) throw this.syntax("expected ':' after a key", p);
    }
    return (b[++p] as number) <= 0x20 ? this.ws(p) : p;
  }

  private keyIs(name: KeyName): boolean {
    const start = this.keyStart;
    if (this.keyEnd - start !== name.length) return false;
    const view = this.view;
    const words = name.words;
    for (let k = 0; k < words.length; k += 2)
      if (view.getInt32(start + (words[k] as number), true) !== words[k + 1]) return false;
    return true;
  }

  /** After a member or element: the position of the next one, or of the closing bracket. */
  private next(p: number, close: number): number {
    const b = this.b;
    let c = b[p] as number;
    if (c <= 0x20) {
      p = this.ws(p);
      c = b[p] as number;
    }
    if (c === COMMA) {
      if ((b[++p] as number) <= 0x20) p = this.ws(p);
      if (b[p] === close) throw this.syntax('trailing comma', p);
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
    const view = this.view;
    const last = this.len - 8;
    let c: number;
    for (;;) {
      c = b[p] as number;
      if (c === QUOTE) p = this.string(p);
      else if (
        c === OPEN_OBJECT &&
        p <= last &&
        view.getInt32(p, true) === OPEN_KEY &&
        view.getInt32(p + 4, true) === KEY_COLON_QUOTE
      ) {
        // `{"key":"`, the start of every attribute.
        if (++depth > FALLBACK_DEPTH) throw FALLBACK;
        stack[depth] = CLOSE_OBJECT;
        p = this.string(p + 7);
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        // '{' + 2 is '}', '[' + 2 is ']'.
        const close = c + 2;
        c = b[++p] as number;
        if (c <= 0x20) {
          p = this.ws(p);
          c = b[p] as number;
        }
        if (c === close) p++;
        else {
          if (++depth > FALLBACK_DEPTH) throw FALLBACK;
          stack[depth] = close;
          if (close === CLOSE_OBJECT) p = this.key(p);
          continue;
        }
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) p = this.number(p);
      else p = this.literal(p);
      for (;;) {
        if (depth === base) return p;
        c = b[p] as number;
        if (c <= 0x20) {
          p = this.ws(p);
          c = b[p] as number;
        }
        if (c === COMMA) {
          p++;
          if (stack[depth] === CLOSE_OBJECT) {
            if (p <= last && view.getInt32(p, true) === QUOTE_VAL && view.getInt32(p + 4, true) === UE_QUOTE_COLON) {
              // `"value":`, the second key of every attribute.
              p += 8;
              if ((b[p] as number) <= 0x20) p = this.ws(p);
            } else p = this.key(p);
          } else if ((b[p] as number) <= 0x20) p = this.ws(p);
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
      if (this.keyIs(RESOURCE)) return this.resource(at);
      if (!this.keyIs(SCOPE_SPANS)) return this.skip(at, 3);
      this.checkKey(seen);
      seen = true;
      const where = () => `resourceSpans[${r}]`;
      return this.list(at, 3, where, 'scopeSpans', (ss, s) => this.scopeSpans(ss, s));
    });
  }

  /** `resource`: null, or an object whose attributes the decoder reads. */
  private resource(p: number): number {
    const c = this.b[p];
    if (c === 0x6e) return this.literal(p);
    if (c !== OPEN_OBJECT) throw FALLBACK;
    return this.members(p, (at) => {
      if (this.escaped) throw FALLBACK;
      return this.keyIs(ATTRIBUTES) ? this.attributes(at, 4) : this.skip(at, 4);
    });
  }

  /**
   * The events or links of a span at p, a value nested `depth` containers deep: null, or an array of objects
   * whose attributes and (for events) times are checked.
   */
  private eventsOrLinks(p: number, depth: number, events: boolean): number {
    const b = this.b;
    if (b[p] === 0x6e) return this.literal(p);
    if (b[p] !== OPEN_ARRAY) throw FALLBACK;
    p = this.ws(p + 1);
    if (b[p] === CLOSE_ARRAY) return p + 1;
    for (;;) {
      if (b[p] !== OPEN_OBJECT) throw FALLBACK;
      p = this.members(p, (at) => {
        if (this.escaped) throw FALLBACK;
        if (this.keyEnd - this.keyStart === 10 && this.keyIs(ATTRIBUTES)) return this.attributes(at, depth + 2);
        const end = b[at] === QUOTE ? this.string(at) : this.skip(at, depth + 2);
        if (events && this.keyEnd - this.keyStart === 12 && this.keyIs(TIME)) this.timeState(at, end);
        return end;
      });
      p = this.next(p, CLOSE_ARRAY);
      if (b[p] === CLOSE_ARRAY) return p + 1;
    }
  }

  private scopeSpans(p: number, s: number): number {
    let seen = false;
    return this.members(p, (at) => {
      if (this.escaped) throw FALLBACK;
      if (!this.keyIs(SPANS)) return this.skip(at, 5);
      this.checkKey(seen);
      seen = true;
      const where = () => `resourceSpans[${this.r}].scopeSpans[${s}]`;
      return this.list(at, 5, where, 'spans', (span) => this.span(span));
    });
  }

  /** Which of the span keys the scan reads the last key is (by identity of its byte pattern), or OTHER. */
  private spanField(): KeyName {
    switch (this.keyEnd - this.keyStart) {
      case 7:
        return this.keyIs(TRACE_ID) ? TRACE_ID : OTHER;
      case 6:
        return this.keyIs(SPAN_ID) ? SPAN_ID : this.keyIs(EVENTS) ? EVENTS : OTHER;
      case 17:
        return this.keyIs(START) ? START : OTHER;
      case 15:
        return this.keyIs(END) ? END : OTHER;
      case 4:
        return this.keyIs(NAME) ? NAME : OTHER;
      case 5:
        return this.keyIs(LINKS) ? LINKS : OTHER;
      case 10:
        return this.keyIs(ATTRIBUTES) ? ATTRIBUTES : OTHER;
      default:
        return OTHER;
    }
  }

  /**
   * An attribute list at p, a value nested `depth` containers deep (null, or an array of key-values). SDKs write each
   * as `{"key":"…","value":{"stringValue":"…"}}` (or another value type): those bytes are matched as words, and an
   * attribute written any other way is read again from its start by the general skip, then parsed and checked as
   * the decoder reads it. Anything the decoder would drop hands the body over to it.
   */
  private attributes(p: number, depth: number): number {
    const b = this.b;
    const view = this.view;
    const last = this.len - 32;
    if (b[p] !== OPEN_ARRAY) {
      if (b[p] === 0x6e) return this.literal(p);
      throw FALLBACK;
    }
    p++;
    if ((b[p] as number) <= 0x20) p = this.ws(p);
    if (b[p] === CLOSE_ARRAY) return p + 1;
    for (;;) {
      const start = p;
      let end = -1;
      if (p <= last && view.getInt32(p, true) === OPEN_KEY && view.getInt32(p + 4, true) === KEY_COLON_QUOTE) {
        p = this.string(p + 7);
        if (
          p <= last &&
          view.getInt32(p, true) === COMMA_QUOTE_VA &&
          view.getInt32(p + 4, true) === LUE_QUOTE &&
          view.getInt32(p + 7, true) === QUOTE_COLON_OPEN_QUOTE
        ) {
          // At the value's object, after `{"`.
          p += 11;
          let valueEnd: number;
          if (
            view.getInt32(p, true) === STRI &&
            view.getInt32(p + 4, true) === NGVA &&
            view.getInt32(p + 8, true) === LUE_QUOTE &&
            view.getInt32(p + 10, true) === E_QUOTE_COLON_QUOTE
          ) {
            p = this.string(p + 13);
            valueEnd = b[p] === CLOSE_OBJECT ? p + 1 : -1;
          } else {
            valueEnd = this.skip(p - 2, depth + 2);
            if (!this.plainValue(p, valueEnd) && droppedIn(this.value(p - 2, valueEnd), false) > 0) throw FALLBACK;
          }
          if (valueEnd > 0 && b[valueEnd] === CLOSE_OBJECT) end = valueEnd + 1;
        }
      }
      if (end < 0) {
        end = this.skip(start, depth + 1);
        if (droppedIn(this.value(start, end), true) > 0) throw FALLBACK;
      }
      p = this.next(end, CLOSE_ARRAY);
      if (b[p] === CLOSE_ARRAY) return p + 1;
    }
  }

  /** Whether bytes at p match `text`. */
  private bytesAre(p: number, text: Uint8Array): boolean {
    const b = this.b;
    if (p + text.length > this.len) return false;
    for (let k = 0; k < text.length; k++) if (b[p + k] !== text[k]) return false;
    return true;
  }

  /**
   * Whether the AnyValue whose first key starts at p (after `{"`) and which ends at `end` is one the decoder keeps as
   * it is, told from its bytes: an intValue written as an integer (bare or quoted), a boolValue, a doubleValue
   * written as a number. False means "parse it and ask the decoder", not "wrong".
   */
  private plainValue(p: number, end: number): boolean {
    const b = this.b;
    if (b[end - 1] !== CLOSE_OBJECT) return false;
    const close = end - 1;
    if (this.bytesAre(p, INT_VALUE)) {
      let k = p + INT_VALUE.length;
      const quoted = b[k] === QUOTE;
      if (quoted) k++;
      if (b[k] === 0x2d) k++;
      const digits = k;
      while (isDigit(b[k])) k++;
      // At most 15 digits: a safe integer whether the decoder reads it as a number or as text.
      if (k === digits || k - digits > 15) return false;
      if (quoted && b[k++] !== QUOTE) return false;
      return k === close;
    }
    if (this.bytesAre(p, BOOL_VALUE)) {
      const k = p + BOOL_VALUE.length;
      return b[k] === 0x74 || b[k] === 0x66 ? this.literal(k) === close : false;
    }
    if (this.bytesAre(p, DOUBLE_VALUE)) {
      const k = p + DOUBLE_VALUE.length;
      const c = b[k] as number;
      return (c === 0x2d || isDigit(c)) && this.number(k) === close;
    }
    return false;
  }

  /** One span object: the last value of each key wins, as with JSON.parse. Hot: one call per span. */
  private span(p: number): number {
    const b = this.b;
    let traceId = -1;
    let traceIdEnd = -1;
    let spanId = -1;
    let spanIdEnd = -1;
    let start = -1;
    let startEnd = -1;
    let name = -1;
    let nameEnd = -1;
    p++;
    if ((b[p] as number) <= 0x20) p = this.ws(p);
    if (b[p] !== CLOSE_OBJECT) {
      for (;;) {
        const at = this.key(p);
        if (this.escaped) throw FALLBACK;
        const field = this.spanField();
        // Values are mostly strings: skip those here rather than through the general skip.
        if (field === ATTRIBUTES) p = this.attributes(at, 7);
        else if (field === EVENTS || field === LINKS) p = this.eventsOrLinks(at, 7, field === EVENTS);
        else p = b[at] === QUOTE ? this.string(at) : this.skip(at, 7);
        if (field !== OTHER) {
          if (field === TRACE_ID) {
            traceId = at;
            traceIdEnd = p;
          } else if (field === SPAN_ID) {
            spanId = at;
            spanIdEnd = p;
          } else if (field === START) {
            start = at;
            startEnd = p;
          } else if (field === NAME) {
            name = at;
            nameEnd = p;
          } else if (field === END) this.timeState(at, p);
        }
        p = this.next(p, CLOSE_OBJECT);
        if (b[p] === CLOSE_OBJECT) break;
      }
    }
    if (this.error === null) {
      const problem =
        this.idProblem(traceId, traceIdEnd, 16, 'traceId') ??
        this.idProblem(spanId, spanIdEnd, 8, 'spanId') ??
        (start >= 0 && this.timeState(start, startEnd) ? null : MISSING_START);
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
    // Fast path: plain lowercase or uppercase hex of the right length (a multiple of 4), not all zeros.
    if (from >= 0 && to - from === bytes * 2 + 2 && this.b[from] === QUOTE) {
      const view = this.view;
      let zeros = true;
      let k = from + 1;
      for (; k < to - 1; k += 4) {
        const w = view.getInt32(k, true);
        if (!hexWord(w)) break;
        if (w !== ZEROS) zeros = false;
      }
      if (k === to - 1 && !zeros) return null;
    }
    const value = from < 0 ? '' : this.value(from, to);
    return idProblem(jsonId(typeof value === 'string' ? value : '', bytes), bytes * 2, field);
  }

  /**
   * The time between from and to, as the decoder reads it: false when it is unset (the decoder's 0), true when it
   * is a time the decoder accepts; anything else (out of 1970..2200, not a number) hands the body to the decoder.
   */
  private timeState(from: number, to: number): boolean {
    const b = this.b;
    // Fast path: a string of decimal digits; up to 19 digits it is in range when it sorts before 2200-01-01.
    const digits = to - from - 2;
    if (b[from] === QUOTE && digits > 0 && digits <= 19) {
      const view = this.view;
      let plain = true;
      let nonZero = false;
      let k = from + 1;
      for (; k + 4 <= to - 1; k += 4) {
        const w = view.getInt32(k, true);
        if (!digitWord(w)) plain = false;
        else if (w !== ZEROS) nonZero = true;
      }
      for (; k < to - 1; k++) {
        const c = b[k] as number;
        if (c < 0x30 || c > 0x39) plain = false;
        else if (c !== 0x30) nonZero = true;
      }
      if (plain && (digits < 19 || !this.after(from + 1, LATEST_NANOS))) return nonZero;
    }
    const ms = time(this.value(from, to));
    if (ms === 0) return false;
    if (saneTime(ms)) return true;
    throw FALLBACK;
  }

  /** Whether the digits at p sort after `limit` (digits of the same length). */
  private after(p: number, limit: Uint8Array): boolean {
    const b = this.b;
    for (let k = 0; k < limit.length; k++) {
      const c = b[p + k] as number;
      if (c !== limit[k]) return c > (limit[k] as number);
    }
    return false;
  }
}

const nameless = () => '';

/** Four '0' bytes as a 32-bit word. */
const ZEROS = 0x30303030;
/** The high bit of each of four bytes, as the signed 32-bit value bitwise operators give. */
const ALL_HIGH = 0x80808080 | 0;

/**
 * The bytes of a little-endian word that may need a closer look in a string: a byte's high bit ends up set when it
 * is >= 0x80, < 0x20, '"' or '\\'. The borrows of the subtractions can only add false positives above a byte that
 * is one of those, so the lowest bit set is always one.
 */
function specials(w: number): number {
  return (w | (w - 0x20202020) | ((w ^ 0x22222222) - 0x01010101) | ((w ^ 0x5c5c5c5c) - 0x01010101)) & 0x80808080;
}

/** The index in its word of the first byte `specials` marked. */
function firstByte(mask: number): number {
  return (31 - Math.clz32(mask & -mask)) >> 3;
}

/**
 * Whether the four bytes of w are all decimal digits, tested together: with every byte below 0x80, adding
 * 0x50 sets a byte's high bit when it is >= 0x30 and adding 0x46 when it is >= 0x3a, without carries.
 */
function digitWord(w: number): boolean {
  return (w & 0x80808080) === 0 && ((w + 0x50505050) & ~(w + 0x46464646) & 0x80808080) === ALL_HIGH;
}

/** Whether the four bytes of w are all hex digits, either case (as digitWord, once letters are lower case). */
function hexWord(w: number): boolean {
  if ((w & 0x80808080) !== 0) return false;
  // Lower case; digits keep their value. Control bytes would turn into digits, but strings hold none.
  const y = w | 0x20202020;
  const digits = (y + 0x50505050) & ~(y + 0x46464646);
  const letters = (y + 0x1f1f1f1f) & ~(y + 0x19191919);
  return ((digits | letters) & 0x80808080) === ALL_HIGH;
}

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
