import { describe, expect, it } from 'vitest';
import { ImportFormatError, type ImportStep, planImport } from './read-import';

const span = (spanId: string) => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId,
  name: `span ${spanId}`,
  startTimeUnixNano: '1795376735000000000',
  endTimeUnixNano: '1795376736000000000',
});
const request = (...spanIds: string[]) => ({ resourceSpans: [{ scopeSpans: [{ spans: spanIds.map(span) }] }] });

function steps(fileName: string, text: string): { format: string; steps: ImportStep[] } {
  const plan = planImport(fileName, text);
  return { format: plan.format, steps: [...plan.steps] };
}

describe('planImport', () => {
  it('reads one OTLP/JSON document, with or without a byte order mark', () => {
    const text = `\ufeff${JSON.stringify(request('b7ad6b7169203331'))}`;
    const { format, steps: out } = steps('a.json', text);
    expect(format).toBe('OTLP/JSON');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'otlp', spans: [{ name: 'span b7ad6b7169203331' }] });
  });

  it('reads JSON Lines, skipping blank lines and naming each broken one by its number', () => {
    const text = [
      JSON.stringify(request('b7ad6b7169203331')),
      '',
      '   ',
      '{"resourceSpans": "nope"}',
      '{"hello": 1}',
      JSON.stringify(request('c7ad6b7169203331')),
    ].join('\r\n');
    const { format, steps: out } = steps('b.jsonl', text);
    expect(format).toBe('OTLP/JSON Lines');
    expect(out.map((s) => s.kind)).toEqual(['otlp', 'error', 'error', 'otlp']);
    expect(out[1]).toMatchObject({
      message: expect.stringMatching(/^line 4: invalid OTLP\/JSON: request\.resourceSpans must be an array/),
    });
    expect(out[2]).toMatchObject({
      message: expect.stringMatching(/^line 5: not a record Loupe imports \(an object with "hello"\)/),
    });
  });

  it('reads OTLP/JSON log requests, alone or as lines among span requests, naming a broken one', () => {
    const logs = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1795376735000000000',
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  eventName: 'gen_ai.user.message',
                  body: { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'hi' } }] } },
                },
              ],
            },
          ],
        },
      ],
    };
    const one = steps('logs.json', JSON.stringify(logs));
    expect(one.format).toBe('OTLP/JSON');
    expect(one.steps).toMatchObject([
      { kind: 'logs', where: '', records: [{ eventName: 'gen_ai.user.message', body: { content: 'hi' } }] },
    ]);
    const text = [
      JSON.stringify(request('b7ad6b7169203331')),
      JSON.stringify(logs),
      '{"resourceLogs": [{"scopeLogs": {"logRecords": []}}]}',
    ].join('\n');
    const lines = steps('collector.jsonl', text);
    expect(lines.format).toBe('OTLP/JSON Lines');
    expect(lines.steps.map((s) => s.kind)).toEqual(['otlp', 'logs', 'error']);
    expect(lines.steps[2]).toMatchObject({
      message: 'line 3: invalid OTLP/JSON: resourceLogs[0].scopeLogs must be an array, got an object',
    });
    expect(steps('logs.jsonl', `${JSON.stringify(logs)}\n${JSON.stringify(logs)}`).format).toBe('OTLP/JSON Lines');
  });

  it('reads a Langfuse trace, an array of them and the list endpoint, and says when observations are only ids', () => {
    const trace = {
      id: 't1',
      name: 'run',
      observations: [{ id: 'o1', type: 'SPAN', startTime: '2026-11-20T09:14:03.120Z' }],
      scores: [],
    };
    expect(steps('one.json', JSON.stringify(trace)).format).toBe('Langfuse trace export');
    expect(steps('many.json', JSON.stringify([trace, { ...trace, id: 't2' }])).steps).toHaveLength(2);
    const listed = { data: [{ id: 't3', observations: ['o9'], scores: ['s9'] }], meta: { page: 1 } };
    const out = steps('list.json', JSON.stringify(listed)).steps;
    expect(out.map((s) => s.kind)).toEqual(['error', 'error', 'ingestion']);
    expect(out[0]).toMatchObject({
      message: expect.stringContaining(
        'observation #0 is only an id ("o9"); export the trace with GET /api/public/traces/t3',
      ),
    });
  });

  it('reads a Loupe export and refuses one from a newer version', () => {
    const lines = [
      JSON.stringify({ loupeExport: 1, exportedAt: '2026-11-22T00:00:00.000Z', traces: 1 }),
      JSON.stringify(request('b7ad6b7169203331')),
      JSON.stringify({ batch: [{ id: 'e', type: 'trace-create', body: { id: '0af7651916cd43dd8448eb211c80319c' } }] }),
    ];
    const { format, steps: out } = steps('x.loupe.jsonl', lines.join('\n'));
    expect(format).toBe('Loupe export v1');
    expect(out.map((s) => s.kind)).toEqual(['otlp', 'ingestion']);
    const newer = [JSON.stringify({ loupeExport: 2, exportedAt: '', traces: 0 }), lines[1]].join('\n');
    expect(() => planImport('new.loupe.jsonl', newer)).toThrow(
      'new.loupe.jsonl is a Loupe export of version 2; this Loupe reads version 1: update Loupe to import it',
    );
  });

  it('names what it expected when the file is no trace format', () => {
    expect(() => planImport('a.csv', 'id,name\n1,x')).toThrow(ImportFormatError);
    expect(() => planImport('a.csv', 'id,name\n1,x')).toThrow(/^a\.csv is not JSON \(.*\); expected OTLP\/JSON/);
    expect(() => planImport('b.json', '[1, 2]')).toThrow(/^b\.json is an array of something else, not a trace file/);
    expect(() => planImport('c.jsonl', '{"a": 1}\n{"b": 2}')).toThrow(
      /^line 1 of c\.jsonl is an object with "a", not a trace record/,
    );
  });
});
