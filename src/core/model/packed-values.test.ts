import { describe, expect, it } from 'vitest';
import { packObservation, sourceOf, unpackObservation, valueFrom } from './packed-values';
import type { Observation } from './types';

const messages = [
  { role: 'system', content: 'You answer questions about the product from the passages given.' },
  { role: 'user', content: 'How do I rotate the API keys of my project without downtime?' },
];
const completion = 'Create a second key, deploy it everywhere, then revoke the first one once nothing uses it.';

const observation = (over: Partial<Observation>): Observation =>
  ({
    id: 's1',
    traceId: 't1',
    input: null,
    output: null,
    metadata: {},
    attributes: {},
    ...over,
  }) as Observation;

describe('values an attribute holds', () => {
  it('finds the attribute holding a value as its JSON text or as the same text', () => {
    const attributes = { 'gen_ai.prompt': JSON.stringify(messages), 'gen_ai.completion': completion, n: 3 };
    expect(sourceOf(messages, attributes)).toEqual({ key: 'gen_ai.prompt', as: 'json' });
    expect(sourceOf(completion, attributes)).toEqual({ key: 'gen_ai.completion', as: 'text' });
    expect(valueFrom({ key: 'gen_ai.prompt', as: 'json' }, attributes)).toEqual(messages);
  });

  it('leaves short values, other spellings of the same JSON and values no attribute holds where they are', () => {
    expect(sourceOf('hi', { a: 'hi' })).toBeUndefined();
    expect(sourceOf(messages, { a: JSON.stringify(messages, null, 2) })).toBeUndefined();
    expect(sourceOf({ other: 'x'.repeat(80) }, { a: JSON.stringify(messages) })).toBeUndefined();
    expect(sourceOf(42, { a: '42' })).toBeUndefined();
    expect(sourceOf(null, { a: 'null' })).toBeUndefined();
  });

  it('sends an observation without the values its attributes hold, and gets back the same observation', () => {
    const o = observation({
      input: messages,
      output: completion,
      attributes: { 'ai.prompt.messages': JSON.stringify(messages), 'ai.response.text': completion },
    });
    const packed = packObservation(o);
    expect(packed.input).toBeNull();
    expect(packed.output).toBeNull();
    const times = (text: string, part: string) => text.split(part).length - 1;
    expect(times(JSON.stringify(o), 'rotate the API keys')).toBe(2);
    expect(times(JSON.stringify(packed), 'rotate the API keys')).toBe(1);
    expect(times(JSON.stringify(packed), 'revoke the first one')).toBe(1);
    // The way to the store is JSON text in headless mode.
    expect(unpackObservation(JSON.parse(JSON.stringify(packed)))).toEqual(o);
  });

  it('keeps an observation with nothing to leave out as it is', () => {
    const o = observation({ input: { question: 'x'.repeat(100) }, attributes: { other: 'y'.repeat(100) } });
    expect(packObservation(o)).toBe(o);
    expect(unpackObservation(o)).toBe(o);
  });

  it('reads a value whose attribute went missing as no value, not as a failure', () => {
    const packed = observation({ input: null, from: { input: { key: 'gone', as: 'json' } }, attributes: {} });
    expect(unpackObservation(packed).input).toBeNull();
    expect(
      unpackObservation(observation({ from: { input: { key: 'a', as: 'json' } }, attributes: { a: '{' } })).input,
    ).toBeNull();
  });
});
