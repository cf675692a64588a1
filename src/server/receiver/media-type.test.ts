import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMediaType } from './media-type';

describe('parseMediaType', () => {
  it.each([
    ['application/json', 'application/json', {}],
    ['APPLICATION/JSON ; Charset=UTF-8', 'application/json', { charset: 'UTF-8' }],
    ['application/json;charset="utf-8"', 'application/json', { charset: 'utf-8' }],
    ['application/x-protobuf', 'application/x-protobuf', {}],
    ['text/plain; x="a;b\\"c"; y=z', 'text/plain', { x: 'a;b"c', y: 'z' }],
    ['image/png;', 'image/png', {}],
    ['\timage/svg+xml\t', 'image/svg+xml', {}],
  ])('reads %j as %s', (value, essence, parameters) => {
    const parsed = parseMediaType(value);
    expect(parsed?.essence).toBe(essence);
    expect(Object.fromEntries(parsed?.parameters ?? [])).toEqual(parameters);
  });

  it('tells a type from one that only contains it', () => {
    expect(parseMediaType('application/jsonx')?.essence).toBe('application/jsonx');
    // A slash is no token character: unquoted, that parameter makes the whole value no media type.
    expect(parseMediaType('text/plain; x=application/json')).toBeNull();
    expect(parseMediaType('text/plain; x="application/json"')?.essence).toBe('text/plain');
    expect(parseMediaType('application/json-seq')?.essence).toBe('application/json-seq');
  });

  it.each([
    '',
    'json',
    'application/',
    '/json',
    'application/json/x',
    'image/png\r\nx-evil: 1',
    'image/png\n',
    'text/plain; charset',
    'text/plain; charset="utf-8',
    'text/plain; a b=c',
    'image/p ng',
  ])('refuses %j', (value) => {
    expect(parseMediaType(value)).toBeNull();
  });

  it('never accepts a value with a control character, and reads back every well-formed one', () => {
    const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);
    fc.assert(
      fc.property(token, token, fc.array(fc.tuple(token, token), { maxLength: 3 }), (type, subtype, params) => {
        const value = [`${type}/${subtype}`, ...params.map(([k, v]) => `${k}=${v}`)].join('; ');
        const parsed = parseMediaType(value);
        expect(parsed?.essence).toBe(`${type}/${subtype}`.toLowerCase());
        for (const [k] of params) expect(parsed?.parameters.has(k.toLowerCase())).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\r', '\n', '\0', '\x7f'), fc.string(), (before, control, after) => {
        expect(parseMediaType(`image/png${before}${control}${after}`)).toBeNull();
      }),
    );
  });
});
