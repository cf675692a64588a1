/**
 * Media types as HTTP spells them (RFC 9110 §8.3.1): `type/subtype *( OWS ";" OWS name=value )`, the names
 * case-insensitive, values a token or a quoted string. The receiver decides what a body is from the type alone, so it
 * must be parsed, not searched: `application/jsonx` and `text/plain; x=application/json` are not JSON.
 */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A quoted string's content: visible ASCII, space, tab and obs-text, with backslash escapes. */
const QUOTED = /^"((?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*)"$/;

export interface MediaType {
  /** `type/subtype`, lowercase. */
  essence: string;
  /** Parameter names lowercase, values as sent (quotes and escapes removed). */
  parameters: ReadonlyMap<string, string>;
}

/** Parses a Content-Type value; null when it is not a media type (empty, no subtype, stray characters, CR/LF). */
export function parseMediaType(value: string | undefined): MediaType | null {
  if (value === undefined) return null;
  const parts = splitParameters(value);
  if (!parts) return null;
  const [head, ...rest] = parts;
  const slash = head?.indexOf('/') ?? -1;
  if (!head || slash < 0) return null;
  const type = head.slice(0, slash);
  const subtype = head.slice(slash + 1);
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return null;
  const parameters = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const name = part.slice(0, eq).toLowerCase();
    const raw = part.slice(eq + 1);
    if (!TOKEN.test(name)) return null;
    const quoted = QUOTED.exec(raw);
    if (quoted) parameters.set(name, (quoted[1] ?? '').replace(/\\(.)/g, '$1'));
    else if (TOKEN.test(raw)) parameters.set(name, raw);
    else return null;
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), parameters };
}

/** Splits at the semicolons outside quoted strings, trimming optional whitespace; null for an unclosed quote. */
function splitParameters(value: string): string[] | null {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) return null;
  parts.push(value.slice(start));
  const trimmed = parts.map((p) => p.replace(/^[\t ]+|[\t ]+$/g, ''));
  // An empty parameter (`a/b;`, `a/b; ; c=d`) is allowed by the grammar: `;` may repeat.
  return [trimmed[0] ?? '', ...trimmed.slice(1).filter((p) => p !== '')];
}

/** The value of a Content-Type header in a message: as sent, or `no content-type` when absent or empty. */
export function describeContentType(value: string | undefined): string {
  return value === undefined || value.trim() === '' ? 'no content-type' : `content-type ${JSON.stringify(value)}`;
}
