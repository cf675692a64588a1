import { describe, expect, it } from 'vitest';
import { testLogRecord, testObservation } from '../model/test-observation';
import type { LogRecord } from '../model/types';
import { decodeOtlpLogs } from '../otlp/decode-logs';
import { exportLogsServiceRequest } from '../otlp/proto-root';
import { applyLogContent, logRecordsContent } from './log-content';
import { mapLogRecords } from './map-logs';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const encoder = new TextEncoder();

function jsonBody(records: unknown[]): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'chat-app' } }] },
          scopeLogs: [{ scope: { name: 'test-scope', version: '1.0' }, logRecords: records }],
        },
      ],
    }),
  );
}

const userEvent = {
  timeUnixNano: '1796172256164000000',
  severityNumber: 9,
  traceId: TRACE,
  spanId: SPAN,
  attributes: [{ key: 'event.name', value: { stringValue: 'gen_ai.user.message' } }],
  body: { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'Hi there' } }] } },
};

describe('OTLP log records', () => {
  it('decode the same from JSON and protobuf, with the event name from the field or the attribute', () => {
    const fromJson = decodeOtlpLogs(jsonBody([userEvent]), 'json');
    const type = exportLogsServiceRequest();
    const proto = type
      .encode(
        type.fromObject({
          resourceLogs: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'chat-app' } }] },
              scopeLogs: [
                {
                  scope: { name: 'test-scope', version: '1.0' },
                  logRecords: [
                    {
                      timeUnixNano: 1796172256164000000,
                      severityNumber: 9,
                      traceId: Buffer.from(TRACE, 'hex'),
                      spanId: Buffer.from(SPAN, 'hex'),
                      eventName: 'gen_ai.user.message',
                      body: { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'Hi there' } }] } },
                    },
                  ],
                },
              ],
            },
          ],
        }),
      )
      .finish();
    const fromProto = decodeOtlpLogs(proto, 'protobuf');
    for (const [r] of [fromJson, fromProto]) {
      expect(r).toMatchObject({
        traceId: TRACE,
        spanId: SPAN,
        eventName: 'gen_ai.user.message',
        severityNumber: 9,
        body: { content: 'Hi there' },
        resource: { 'service.name': 'chat-app' },
        scope: { name: 'test-scope', version: '1.0' },
      });
      expect(r?.timeUnix).toBeCloseTo(1796172256164, 0);
    }
  });

  it('name what is wrong with a body that is not a log export', () => {
    expect(() => decodeOtlpLogs(encoder.encode('{"resourceLogs": 3}'), 'json')).toThrow(
      'request.resourceLogs must be an array, got a number',
    );
    expect(() => decodeOtlpLogs(new Uint8Array([0x0a, 0xff]), 'protobuf')).toThrow('ExportLogsServiceRequest');
  });

  it('keep records without a trace, reject malformed ids, and give a redelivered record the same id', () => {
    const body = jsonBody([
      userEvent,
      { body: { stringValue: 'no trace here' }, traceId: '00000000000000000000000000000000' },
      { body: { stringValue: 'bad' }, traceId: 'xyz' },
      { severityNumber: 'SEVERITY_NUMBER_WARN', traceId: TRACE },
    ]);
    const first = mapLogRecords(decodeOtlpLogs(body, 'json'), 42);
    expect(first.rejected).toBe(1);
    expect(first.errorMessage).toContain('log record #2: traceId "xyz" is not 32 hex digits');
    expect(first.records.map((r) => [r.traceId, r.spanId, r.severityNumber])).toEqual([
      [TRACE, SPAN, 9],
      ['', '', 0],
      [TRACE, '', 13],
    ]);
    // No time on the record: it is placed when it was received.
    expect(first.records[1]?.time).toBe(42);
    const again = mapLogRecords(decodeOtlpLogs(body, 'json'), 99);
    expect(again.records.map((r) => r.id)).toEqual(first.records.map((r) => r.id));
    expect(new Set(first.records.map((r) => r.id)).size).toBe(3);
  });
});

function record(over: Partial<LogRecord>): LogRecord {
  return testLogRecord({ id: `id-${over.order ?? 0}`, traceId: TRACE, spanId: SPAN, time: 1000, ...over });
}

describe('content from GenAI event records', () => {
  it('orders messages that share a millisecond by their place in the request', () => {
    const records = [
      record({ order: 2, eventName: 'gen_ai.tool.message', body: { id: 'call_1', content: '21°C' } }),
      record({ order: 0, eventName: 'gen_ai.user.message', body: { content: 'Weather?' } }),
      record({ order: 1, eventName: 'gen_ai.assistant.message', body: { tool_calls: [{ id: 'call_1' }] } }),
      record({ order: 3, eventName: 'gen_ai.choice', body: { index: 0, message: { content: 'Sunny' } } }),
      record({ order: 4, body: 'a plain log line' }),
    ];
    expect(logRecordsContent(records)).toEqual({
      input: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', tool_calls: [{ id: 'call_1' }] },
        { role: 'tool', content: '21°C', tool_call_id: 'call_1' },
      ],
      output: [{ role: 'assistant', content: 'Sunny' }],
    });
  });

  it('reads details split over two records, with the span’s system instructions in front', () => {
    const input = record({
      order: 0,
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: { 'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }] },
    });
    const output = record({
      order: 1,
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: { 'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }] },
    });
    const o = testObservation({ id: SPAN, attributes: { 'gen_ai.system_instructions': 'Be kind.' } });
    const joined = applyLogContent({ ...o, input: [{ role: 'system', parts: [] }] }, [output, input]);
    expect(joined.input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be kind.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
    ]);
    expect(joined.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }]);
    expect(joined.logContent).toEqual(['input', 'output']);
  });

  it('leaves an observation without GenAI records as it is', () => {
    const o = testObservation({ id: SPAN, input: 'kept' });
    expect(applyLogContent(o, [record({ body: 'just a log line' })])).toBe(o);
  });
});
