import type { Attributes, OtlpSpan } from '../model/types';

/** A small hand-made span for the convention tests: a child span of trace `t1` unless overridden. */
export function testSpan(attributes: Attributes, overrides: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '00f067aa0ba902b7',
    name: 'span',
    kind: 1,
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_000_250,
    attributes,
    events: [],
    links: [],
    status: { code: 0, message: null },
    resource: { 'service.name': 'test-app' },
    scope: { name: 'test', version: null },
    ...overrides,
  };
}
