/**
 * Model parameters as the inspector lists them. SDKs send every argument of the call whether it was set or not
 * (`stop: null`, `metadata: {}`), and OpenInference's `llm.invocation_parameters` can carry a whole system prompt
 * or a tool schema of several thousand characters. So empty values are left out, short ones stay on one line as
 * `key: value`, and long ones get a block of their own, JSON pretty-printed, instead of one 5,000-character line.
 */

/** Longer values get a block: `temperature: 0.2` and `response_format: {"type":"json_object"}` stay inline. */
const INLINE_CHARS = 60;

export interface ShownParameters {
  /** Short values, as `[key, text]`. */
  inline: [string, string][];
  /** Long values, as `[key, text]`, the text pretty-printed when it is JSON. */
  blocks: [string, string][];
}

/** What an SDK sends for a parameter nobody set. A stop sequence of `" "` or `"\n"` is not empty. */
export function isEmptyParameter(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Strings as they are, except ones whose whitespace would not show (`"\n"`, `" Human:"`): those are quoted. */
function inlineText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  return /^\s|\s$|\p{Cc}/u.test(value) ? JSON.stringify(value) : value;
}

/** Some SDKs send a tool schema as a JSON string: it reads as well as an object once pretty-printed. */
function blockText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value, null, 2) ?? String(value);
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

export function shownParameters(params: Readonly<Record<string, unknown>> | null): ShownParameters {
  const out: ShownParameters = { inline: [], blocks: [] };
  for (const [key, value] of Object.entries(params ?? {})) {
    if (isEmptyParameter(value)) continue;
    const text = inlineText(value);
    if (text.length <= INLINE_CHARS) out.inline.push([key, text]);
    else out.blocks.push([key, blockText(value)]);
  }
  return out;
}
