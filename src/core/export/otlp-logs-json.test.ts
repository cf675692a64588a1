import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapImportedLogs } from '../import/map-import';
import { planImport } from '../import/read-import';
import { mapLogRecords } from '../logs/map-logs';
import { testLogRecord } from '../model/test-observation';
import type { LogRecord } from '../model/types';
import { decodeOtlpLogs } from '../otlp/decode-logs';
import { fieldDiff } from './field-diff';
import { logRequestLines, logResourceLogs } from './otlp-logs-json';

const fixtures = resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'test', 'fixtures', 'otlp');
const TRACE = '3f7eb73be5c89c06fb6476435c509485';
const SPAN = '7b1a8a6cd9dd5c69';
const T0 = 1_796_172_262_719;

/** Every captured OTLP logs request, as the receiver stores it. */
function captures(): { name: string; records: LogRecord[] }[] {
  const out: { name: string; records: LogRecord[] }[] = [];
  for (const folder of readdirSync(fixtures, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of readdirSync(resolve(fixtures, folder.name))) {
      if (!file.endsWith('.meta.json')) continue;
      const meta = JSON.parse(readFileSync(resolve(fixtures, folder.name, file), 'utf8'));
      if (!String(meta.path).endsWith('/v1/logs')) continue;
      const body = new Uint8Array(readFileSync(resolve(fixtures, folder.name, file.replace('.meta.json', '.body'))));
      const format = String(meta.headers['content-type']).includes('protobuf') ? 'protobuf' : 'json';
      const { records } = mapLogRecords(decodeOtlpLogs(body, format), T0);
      out.push({ name: `${folder.name}/${file.slice(0, 3)}`, records });
    }
  }
  return out;
}

/** The records an exported text maps to again, as `importFile` maps them. */
function readBack(text: string): LogRecord[] {
  const out: LogRecord[] = [];
  for (const step of planImport('logs.jsonl', text).steps) {
    if (step.kind !== 'logs') throw new Error(`unexpected step ${JSON.stringify(step).slice(0, 200)}`);
    const mapped = mapImportedLogs(step.records, step.where, T0 + 60_000);
    expect(mapped.errors).toEqual([]);
    out.push(...mapped.logs);
  }
  return out;
}

let n = 0;
function record(over: Partial<LogRecord>): LogRecord {
  n++;
  return testLogRecord({
    id: `${TRACE}/${SPAN}/${n}`,
    traceId: TRACE,
    spanId: SPAN,
    time: T0 + n,
    order: n,
    resource: { 'service.name': 'shop' },
    scope: { name: '@opentelemetry/instrumentation-openai', version: '0.21.0' },
    ...over,
  });
}

describe('OTLP/JSON logs export', () => {
  const all = captures();

  it('has the captures to work with', () => {
    expect(all.map((c) => c.name)).toEqual(
      expect.arrayContaining(['elastic-openai-logs/001', 'otel-openai-logs-json/001', 'otel-openai-logs-proto/001']),
    );
    expect(all.every((c) => c.records.length > 0)).toBe(true);
  });

  for (const capture of all) {
    it(`maps ${capture.name} back to the same records, ids included`, () => {
      const back = readBack(logRequestLines(capture.records).join(''));
      // `order` is a record's position in the request it came in: the export writes one request per trace, in time
      // order, so it changes, but records of the same millisecond keep their order relative to each other.
      const sorted = (list: LogRecord[]) =>
        [...list].sort((a, b) => a.time - b.time || a.order - b.order).map(({ order: _o, ...r }) => r);
      expect(back).toHaveLength(capture.records.length);
      expect(fieldDiff(sorted(capture.records), sorted(back))).toEqual([]);
    });
  }

  it('groups by resource and scope, writes ids as hex and times as nanoseconds, and every AnyValue kind', () => {
    const other = { name: 'app', version: null };
    const records = [
      record({
        time: T0 + 0.5,
        eventName: 'gen_ai.choice',
        body: { index: 0, message: { content: 'Olá!', tool_calls: [] }, score: 0.25, ok: true, none: null },
        attributes: { 'gen_ai.system': 'openai', big: '9007199254740993', list: ['a', 2, -1.5] },
      }),
      record({ traceId: '', spanId: '', scope: other, severityNumber: 0, body: 'plain line' }),
      record({ scope: other, severityText: 'WARN', severityNumber: 13, body: 42 }),
      record({ resource: { 'service.name': 'worker' }, body: ['x', false] }),
    ];
    expect(logResourceLogs(records)).toEqual([
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeLogs: [
          {
            scope: { name: '@opentelemetry/instrumentation-openai', version: '0.21.0' },
            logRecords: [
              {
                timeUnixNano: '1796172262719500000',
                severityNumber: 9,
                eventName: 'gen_ai.choice',
                body: {
                  kvlistValue: {
                    values: [
                      { key: 'index', value: { intValue: '0' } },
                      {
                        key: 'message',
                        value: {
                          kvlistValue: {
                            values: [
                              { key: 'content', value: { stringValue: 'Olá!' } },
                              { key: 'tool_calls', value: { arrayValue: { values: [] } } },
                            ],
                          },
                        },
                      },
                      { key: 'score', value: { doubleValue: 0.25 } },
                      { key: 'ok', value: { boolValue: true } },
                      { key: 'none', value: {} },
                    ],
                  },
                },
                attributes: [
                  { key: 'gen_ai.system', value: { stringValue: 'openai' } },
                  { key: 'big', value: { stringValue: '9007199254740993' } },
                  {
                    key: 'list',
                    value: {
                      arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }, { doubleValue: -1.5 }] },
                    },
                  },
                ],
                traceId: TRACE,
                spanId: SPAN,
              },
            ],
          },
          {
            scope: { name: 'app' },
            logRecords: [
              // Without a trace: no ids, and fields at their default are left out, as proto3 JSON does.
              { timeUnixNano: nanos(records[1]), body: { stringValue: 'plain line' }, attributes: [] },
              {
                timeUnixNano: nanos(records[2]),
                severityNumber: 13,
                severityText: 'WARN',
                body: { intValue: '42' },
                attributes: [],
                traceId: TRACE,
                spanId: SPAN,
              },
            ],
          },
        ],
      },
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'worker' } }] },
        scopeLogs: [
          {
            scope: { name: '@opentelemetry/instrumentation-openai', version: '0.21.0' },
            logRecords: [
              {
                timeUnixNano: nanos(records[3]),
                severityNumber: 9,
                body: { arrayValue: { values: [{ stringValue: 'x' }, { boolValue: false }] } },
                attributes: [],
                traceId: TRACE,
                spanId: SPAN,
              },
            ],
          },
        ],
      },
    ]);
  });

  it('gives a record that came with only an observed time its id back', () => {
    const logRecords = [
      { observedTimeUnixNano: '1796172262720000000', traceId: TRACE, spanId: SPAN, body: { stringValue: 'hi' } },
    ];
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords }] }] };
    const original = mapLogRecords(
      decodeOtlpLogs(new TextEncoder().encode(JSON.stringify(request)), 'json'),
      0,
    ).records;
    const back = readBack(logRequestLines(original).join(''));
    expect(back.map((r) => [r.time, r.id])).toEqual(original.map((r) => [r.time, r.id]));
    expect(back[0]?.time).toBe(1_796_172_262_720);
  });

  it('writes records in time order, as many per line as asked', () => {
    const records = Array.from({ length: 25 }, (_, i) => record({ time: T0 + 25 - i, traceId: '', spanId: '' }));
    const lines = logRequestLines(records, 10);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.endsWith('}\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const times = readBack(lines.join('')).map((r) => r.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(logRequestLines([])).toEqual([]);
  });
});

/** A whole-millisecond time as nanosecond text. */
function nanos(r: LogRecord | undefined): string {
  return `${r?.time}000000`;
}
