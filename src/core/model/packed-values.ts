import type { Attributes, Observation } from './types';

/** Where a value can be read back from: one of its span's attributes, as that attribute's text or its JSON parsed. */
export interface ValueSource {
  key: string;
  as: 'text' | 'json';
}

/** The sources of an observation's input and output that are held by its attributes, not beside them. */
export interface PackedValues {
  input?: ValueSource;
  output?: ValueSource;
}

/**
 * Values read back from an attribute's JSON, with the attribute and its text: the store worker packs them again
 * (into its stored bodies) without turning them into text a second time. Weak, so a value forgotten is let go.
 */
const readBack = new WeakMap<object, { key: string; text: string }>();

/** Values shorter than this are kept as they are: a pointer would save next to nothing. */
export const PACK_FROM = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;

/**
 * The attribute that holds `value` exactly, if one does: the same text, or the text `JSON.stringify` makes of it.
 * SDKs send a prompt or a completion as one attribute's JSON text and Loupe parses it into the input or output, so
 * that a span would otherwise carry each twice. The value is turned into text at most once, and only when an
 * attribute of the same first character could match; text that differs by as much as a space is not a match.
 */
export function sourceOf(value: unknown, attributes: Attributes): ValueSource | undefined {
  if (typeof value === 'string') {
    if (value.length < PACK_FROM) return undefined;
    for (const key in attributes) if (attributes[key] === value) return { key, as: 'text' };
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const known = readBack.get(value);
  if (known && attributes[known.key] === known.text) return { key: known.key, as: 'json' };
  let text: string | undefined;
  for (const key in attributes) {
    const a = attributes[key];
    if (typeof a !== 'string' || a.length < PACK_FROM) continue;
    const first = a.charCodeAt(0);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) continue;
    text ??= JSON.stringify(value);
    if (text.length === a.length && text === a) return { key, as: 'json' };
  }
  return undefined;
}

/** The value `source` names, read back from `attributes`; undefined when that attribute is gone or not text. */
export function valueFrom(source: ValueSource, attributes: Attributes): unknown {
  const a = attributes[source.key];
  if (typeof a !== 'string') return undefined;
  if (source.as === 'text') return a;
  let value: unknown;
  try {
    value = JSON.parse(a);
  } catch {
    return undefined;
  }
  if (typeof value === 'object' && value !== null) readBack.set(value, { key: source.key, text: a });
  return value;
}

/** What carries an input and an output beside its attributes: an observation, or its body as stored. */
interface WithValues {
  input?: unknown;
  output?: unknown;
  attributes: Attributes;
  from?: PackedValues;
}

/**
 * Which of `x`'s input and output an attribute holds: those named in `sent` (packed by the server) while no value
 * took their place, else those `sourceOf` finds. Undefined when neither is.
 */
export function sourcesOf(x: WithValues, sent?: PackedValues): PackedValues | undefined {
  const find = (which: 'input' | 'output') => {
    const named = sent?.[which];
    if (named && x[which] == null && typeof x.attributes[named.key] === 'string') return named;
    return sourceOf(x[which], x.attributes);
  };
  const input = find('input');
  const output = find('output');
  if (!input && !output) return undefined;
  const from: PackedValues = {};
  if (input) from.input = input;
  if (output) from.output = output;
  return from;
}

/** `x` with the values its `from` names read back from its attributes (null where one is gone), and no `from`. */
export function unpackValues<T extends WithValues>(x: T): Omit<T, 'from'> & { input: unknown; output: unknown } {
  const { from, ...rest } = x;
  return {
    ...rest,
    input: from?.input ? (valueFrom(from.input, x.attributes) ?? null) : (x.input ?? null),
    output: from?.output ? (valueFrom(from.output, x.attributes) ?? null) : (x.output ?? null),
  };
}

/**
 * The observation with its input and output left out where an attribute holds them (`from` says which), for the
 * way from the server to the store: a prompt crosses it once, where it crossed it as text and again parsed.
 */
export function packObservation(o: Observation): Observation {
  const from = sourcesOf(o);
  if (!from) return o;
  return { ...o, from, input: from.input ? null : o.input, output: from.output ? null : o.output };
}

/** The observation `packObservation` made, whole again. */
export function unpackObservation(o: Observation): Observation {
  return o.from ? unpackValues(o) : o;
}
