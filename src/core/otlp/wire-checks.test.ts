import { describe, expect, it } from 'vitest';
import { mapLogRecords } from '../logs/map-logs';
import { decodeOtlpTraces, OtlpDecodeError } from './decode';
import { decodeOtlpLogs } from './decode-logs';
import { exportLogsServiceRequest, exportTraceServiceRequest } from './proto-root';
import { scanOtlpTraces } from './scan';
import { validateSpans } from './validate';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const utf8 = (text: string) => new TextEncoder().encode(text);

function span(overrides: Record<string, unknown> = {}) {
  return {
    traceId: TRACE,
    spanId: SPAN,
    name: 'chat gpt-4',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
    ...overrides,
  };
}

function jsonBody(spans: unknown[], resource: unknown = { attributes: [] }): Uint8Array {
  return utf8(JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] }));
}

/** What the receiver answers (the scan) and what the converter keeps (decode + validate), which must agree. */
function outcome(body: Uint8Array, format: 'json' | 'protobuf') {
  const { valid, rejected, errorMessage } = validateSpans(decodeOtlpTraces(body, format));
  expect(scanOtlpTraces(body, format)).toEqual({ spans: valid.length + rejected, rejected, errorMessage });
  return { valid, rejected, errorMessage };
}

const LABEL = `span #1 ${TRACE}/${SPAN} ("chat gpt-4")`;

describe('times outside 1970..2200 from OTLP/JSON', () => {
  it.each([
    [{ startTimeUnixNano: '99999999999999999999999' }, 'startTimeUnixNano 99999999999999999999999 is after 2200-01-01'],
    [{ startTimeUnixNano: 1e300 }, 'startTimeUnixNano 1e+300 is after 2200-01-01'],
    [{ startTimeUnixNano: '-1700000000000000000' }, 'startTimeUnixNano -1700000000000000000 is before 1970-01-01'],
    [{ startTimeUnixNano: 'yesterday' }, 'startTimeUnixNano yesterday is not a number of nanoseconds since 1970'],
    [{ startTimeUnixNano: true }, 'startTimeUnixNano true is not a number of nanoseconds since 1970'],
    [{ endTimeUnixNano: '7258118400000000001000' }, 'endTimeUnixNano 7258118400000000001000 is after 2200-01-01'],
    [{ endTimeUnixNano: { n: 1 } }, 'endTimeUnixNano {"n":1} is not a number of nanoseconds since 1970'],
    [
      { events: [{ name: 'ok', timeUnixNano: '1700000000500000000' }, { timeUnixNano: '9'.repeat(30) }] },
      `events[1].timeUnixNano ${'9'.repeat(30)} is after 2200-01-01`,
    ],
  ])('%j rejects that span alone, naming it and the field', (overrides, problem) => {
    const { valid, rejected, errorMessage } = outcome(jsonBody([span(), span(overrides), span()]), 'json');
    expect(valid).toHaveLength(2);
    expect(rejected).toBe(1);
    expect(errorMessage).toBe(
      `1 of 3 spans rejected: ${LABEL}: ${problem}. The other spans were stored; fix the ids or times where these spans are created`,
    );
  });

  it('accepts times up to 2200-01-01, unset end and event times, and times written as numbers', () => {
    const spans = [
      span({ startTimeUnixNano: '7258118400000000000', endTimeUnixNano: '7258118400000000000' }),
      span({ endTimeUnixNano: undefined, events: [{ name: 'no time' }] }),
      span({ startTimeUnixNano: 1_700_000_000_000_000_000, endTimeUnixNano: 0 }),
    ];
    const { valid, errorMessage } = outcome(jsonBody(spans), 'json');
    expect(errorMessage).toBe('');
    expect(valid.map((s) => s.startTime)).toEqual([Date.UTC(2200, 0, 1), 1_700_000_000_000, 1_700_000_000_000]);
  });
});

describe('times outside 1970..2200 from OTLP/protobuf', () => {
  const encode = (spans: Record<string, unknown>[]) => {
    const type = exportTraceServiceRequest();
    const pbSpan = (s: Record<string, unknown>) => ({
      traceId: Buffer.from(TRACE, 'hex'),
      spanId: Buffer.from(SPAN, 'hex'),
      name: 'chat gpt-4',
      startTimeUnixNano: 1_700_000_000_000_000_000,
      ...s,
    });
    return type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: spans.map(pbSpan) }] }] })).finish();
  };
  // Both above 2^53, so written as { low, high } (unsigned) to stay exact.
  const year2554 = { low: 0xffffffff, high: 0xffffffff, unsigned: true };
  const justAfter2200 = { low: 0, high: 1689912379, unsigned: true };

  it.each([
    [{ startTimeUnixNano: year2554 }, 'startTimeUnixNano 18446744073709551615 is after 2200-01-01'],
    [{ endTimeUnixNano: justAfter2200 }, 'endTimeUnixNano 7258118400910557184 is after 2200-01-01'],
    [
      { events: [{ name: 'e', timeUnixNano: year2554 }] },
      'events[0].timeUnixNano 18446744073709551615 is after 2200-01-01',
    ],
  ])('%j rejects that span alone, naming it and the field', (overrides, problem) => {
    const { valid, rejected, errorMessage } = outcome(encode([{}, overrides]), 'protobuf');
    expect(valid).toHaveLength(1);
    expect(rejected).toBe(1);
    expect(errorMessage).toContain(`${LABEL}: ${problem}.`);
  });

  it('accepts times up to 2200-01-01, also those sharing the high bits of the limit', () => {
    const below = { endTimeUnixNano: { low: 0xffffffff, high: 1689912377, unsigned: true } };
    const sameHigh = { endTimeUnixNano: { low: 3384410112, high: 1689912378, unsigned: true } };
    const { valid, errorMessage } = outcome(encode([below, sameHigh]), 'protobuf');
    expect(errorMessage).toBe('');
    expect(valid[1]?.endTime).toBe(Date.UTC(2200, 0, 1));
  });
});

describe('attribute lists and values of the wrong type', () => {
  it('names the field that is not an array, with its path, span and resource alike', () => {
    const where = 'resourceSpans[0].scopeSpans[0].spans[1]';
    for (const [body, message] of [
      [jsonBody([span(), span({ attributes: 'oops' })]), `${where}.attributes must be an array, got a string`],
      [
        jsonBody([span()], { attributes: 'oops' }),
        'resourceSpans[0].resource.attributes must be an array, got a string',
      ],
      [jsonBody([span()], 7), 'resourceSpans[0].resource must be an object, got a number'],
      [
        jsonBody([span(), span({ events: [{ attributes: {} }] })]),
        `${where}.events[0].attributes must be an array, got an object`,
      ],
      [jsonBody([span(), span({ links: ['x'] })]), `${where}.links[0] must be an object, got a string`],
    ] as const) {
      expect(() => decodeOtlpTraces(body, 'json')).toThrow(new OtlpDecodeError(`invalid OTLP/JSON: ${message}`));
      expect(() => scanOtlpTraces(body, 'json')).toThrow(new OtlpDecodeError(`invalid OTLP/JSON: ${message}`));
    }
  });

  it('drops each wrong-typed value, stores the rest, and counts it in a partial success with nothing rejected', () => {
    const attributes = [
      { key: 'ok', value: { intValue: '42' } },
      { key: 'a', value: { intValue: {} } },
      { key: 'b', value: 5 },
      { key: 'c', value: { boolValue: 'yes' } },
      { key: 'd', value: { arrayValue: { values: [{ stringValue: 'x' }, { doubleValue: 'lots' }] } } },
      { key: 'e', value: {} },
    ];
    const { valid, rejected, errorMessage } = outcome(jsonBody([span(), span({ attributes })]), 'json');
    expect(rejected).toBe(0);
    expect(valid[1]?.attributes).toEqual({ ok: 42, a: null, b: null, c: null, d: ['x', null], e: null });
    const at = 'resourceSpans[0].scopeSpans[0].spans[1].attributes';
    expect(errorMessage).toBe(
      `4 attribute values were dropped (stored as null): ${at}[1] (key "a") has an intValue {} that is not an integer; ` +
        `${at}[2] (key "b") is a number, not an AnyValue object; ${at}[3] (key "c") has a boolValue that is a string, ` +
        'not a boolean; and 1 more. Fix the value types where these attributes are set',
    );
  });

  it('notes dropped values in resource, event and link attributes too', () => {
    const bad = [{ key: 'n', value: { stringValue: 5 } }];
    const body = jsonBody([span({ events: [{ name: 'e', attributes: bad }], links: [{ attributes: bad }] })], {
      attributes: bad,
    });
    const { errorMessage } = outcome(body, 'json');
    expect(errorMessage).toContain('3 attribute values were dropped');
    expect(errorMessage).toContain(
      'resourceSpans[0].resource.attributes[0] (key "n") has a stringValue that is a number',
    );
    expect(errorMessage).toContain('spans[0].events[0].attributes[0] (key "n")');
    expect(errorMessage).toContain('spans[0].links[0].attributes[0] (key "n")');
  });
});

describe('log records with times outside 1970..2200', () => {
  const record = (overrides: Record<string, unknown>) => ({
    timeUnixNano: '1700000000000000000',
    traceId: TRACE,
    spanId: SPAN,
    body: { stringValue: 'hi' },
    ...overrides,
  });
  const jsonLogs = (records: unknown[]) =>
    utf8(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] }));

  it('rejects each such record, naming the field, from JSON and protobuf', () => {
    const json = mapLogRecords(
      decodeOtlpLogs(
        jsonLogs([
          record({}),
          record({ timeUnixNano: '99999999999999999999999' }),
          record({ observedTimeUnixNano: -1 }),
        ]),
        'json',
      ),
      1,
    );
    expect(json.records).toHaveLength(1);
    expect(json.rejected).toBe(2);
    expect(json.errorMessage).toContain('log record #1: timeUnixNano 99999999999999999999999 is after 2200-01-01');
    expect(json.errorMessage).toContain('log record #2: observedTimeUnixNano -1 is before 1970-01-01');

    const type = exportLogsServiceRequest();
    const pb = type
      .encode(
        type.fromObject({
          resourceLogs: [
            { scopeLogs: [{ logRecords: [{ timeUnixNano: { low: 0xffffffff, high: 0xffffffff, unsigned: true } }] }] },
          ],
        }),
      )
      .finish();
    const fromPb = mapLogRecords(decodeOtlpLogs(pb, 'protobuf'), 1);
    expect(fromPb.rejected).toBe(1);
    expect(fromPb.errorMessage).toContain('log record #0: timeUnixNano 18446744073709551615 is after 2200-01-01');
  });

  it('notes a log body or attribute of the wrong type and keeps the record', () => {
    const mapped = mapLogRecords(
      decodeOtlpLogs(jsonLogs([record({ body: { intValue: 'many' }, attributes: [{ key: 'k', value: [] }] })]), 'json'),
      1,
    );
    expect(mapped.records).toHaveLength(1);
    expect(mapped.records[0]?.body).toBeNull();
    expect(mapped.errorMessage).toContain('2 attribute values were dropped');
    expect(mapped.errorMessage).toContain('resourceLogs[0].scopeLogs[0].logRecords[0].body has an intValue many');
  });
});
