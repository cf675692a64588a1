import { describe, expect, it } from 'vitest';
import type { OtlpSpan } from '../model/types';
import { truncateLargeValues, truncateText } from './truncate';
import { validateSpans } from './validate';

function span(overrides: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: 'ab'.repeat(16),
    spanId: 'cd'.repeat(8),
    parentSpanId: null,
    name: 'op',
    kind: 1,
    startTime: 1000,
    endTime: 900,
    attributes: {},
    events: [],
    links: [],
    status: { code: 0, message: null },
    resource: {},
    scope: { name: '', version: null },
    ...overrides,
  };
}

describe('validateSpans', () => {
  it('keeps valid spans, including one that ends before it starts', () => {
    const result = validateSpans([span()]);
    expect(result).toEqual({ valid: [span()], rejected: 0, errorMessage: '' });
  });

  it('rejects bad, all-zero or missing ids and missing start times, naming each', () => {
    const bad = [
      span({ traceId: '0'.repeat(32) }),
      span({ spanId: '' }),
      span({ traceId: 'zz'.repeat(16) }),
      span({ startTime: 0, name: 'no start' }),
    ];
    const result = validateSpans([span(), ...bad]);
    expect(result.valid).toHaveLength(1);
    expect(result.rejected).toBe(4);
    expect(result.errorMessage).toMatch(/^4 of 5 spans rejected: span #1 \("op"\): traceId is all zeros/);
    expect(result.errorMessage).toContain('span #2 ("op"): spanId "" is not 16 hex digits');
    expect(result.errorMessage).toContain('traceId "zzzz');
    expect(result.errorMessage).toContain('and 1 more');
  });
});

describe('truncateLargeValues', () => {
  it('leaves short text alone and cuts long text at a character boundary with a marker', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('ééééé', 5)).toBe('éé…[truncated by Loupe: 10 B → 5 B]');
    expect(truncateText('😀😀', 6)).toBe('😀…[truncated by Loupe: 8 B → 6 B]');
  });

  it('cuts strings anywhere in span, event and resource attributes, once per shared resource', () => {
    const long = 'x'.repeat(3 * 1024 * 1024);
    const resource = { big: long };
    const spans = [
      span({ attributes: { a: long, nested: { list: [long, 1] }, b: 'ok' }, resource }),
      span({ events: [{ name: 'e', time: 1, attributes: { c: long } }], resource }),
    ];
    expect(truncateLargeValues(spans, 1024 * 1024)).toBe(4);
    const marker = '…[truncated by Loupe: 3 MiB → 1 MiB]';
    expect(String(spans[0]?.attributes.a).endsWith(marker)).toBe(true);
    expect(String(spans[0]?.attributes.a).length).toBe(1024 * 1024 + marker.length);
    expect(spans[0]?.attributes.nested).toEqual({ list: [`${'x'.repeat(1024 * 1024)}${marker}`, 1] });
    expect(spans[0]?.attributes.b).toBe('ok');
    expect(String(spans[1]?.events[0]?.attributes.c).endsWith(marker)).toBe(true);
    expect(String(resource.big).endsWith(marker)).toBe(true);
  });
});
