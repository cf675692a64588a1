import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IngestBatch } from '@core/wire/protocol';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually';
import { BatchHub } from '../hub/batch-hub';
import { ImportError, importFile } from './import';

const repoRoot = resolve(__dirname, '..', '..', '..');
const fixture = (path: string) => readFileSync(resolve(repoRoot, path), 'utf8');
const otelJson = () => fixture('../shared/fixtures/otlp/otel-json/001.body');

/** A hub whose consumer acks at once, collecting what it was given. */
function collectingHub() {
  const hub = new BatchHub();
  const batches: IngestBatch[] = [];
  hub.attach({
    send: (batch) => {
      batches.push(batch);
      queueMicrotask(() => hub.ack(batch.seq));
    },
  });
  return { hub, batches };
}

describe('importFile', () => {
  it('imports one OTLP/JSON request through the hub, as received data', async () => {
    const { hub, batches } = collectingHub();
    const result = await importFile(hub, { fileName: 'spans.json', text: otelJson() });
    expect(result).toEqual({ format: 'OTLP/JSON', traces: 2, observations: 7, scores: 0, logs: 0, errors: [] });
    await eventually(() => expect(batches.flatMap((b) => b.observations)).toHaveLength(7));
    expect(batches[0]?.source).toBe('import spans.json');
  });

  it('reads the Collector file exporter format, naming a bad line while the others import', async () => {
    const { hub } = collectingHub();
    const lines = fixture('test/fixtures/import/collector-file-exporter.jsonl').split('\n');
    const text = [lines[0], '', '{"resourceSpans": [', lines[1]].join('\n');
    const result = await importFile(hub, { fileName: 'traces.jsonl', text });
    expect(result.format).toBe('OTLP/JSON Lines');
    expect(result.observations).toBe(7 + 14);
    expect(result.traces).toBe(3);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^line 3: not JSON/);
  });

  it('reads log records from resourceLogs lines, the same ids every time, and names a line with a bad id', async () => {
    const capture = (n: string) =>
      JSON.stringify(JSON.parse(fixture(`test/fixtures/otlp/otel-openai-logs-json/${n}.body`)));
    const bad = {
      resourceLogs: [
        {
          scopeLogs: [
            { logRecords: [{ traceId: 'abc', body: { stringValue: 'lost' } }, { body: { stringValue: 'kept' } }] },
          ],
        },
      ],
    };
    const text = [capture('002'), capture('001'), JSON.stringify(bad)].join('\n');
    const ids: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const { hub, batches } = collectingHub();
      const result = await importFile(hub, { fileName: 'collector.jsonl', text });
      // The 5 traces of the spans and their 14 records, plus the one record without a trace.
      expect(result).toMatchObject({ format: 'OTLP/JSON Lines', traces: 5, observations: 5, logs: 14 + 1 });
      expect(result.errors).toEqual([
        expect.stringMatching(/^line 3: 1 of 2 log records rejected: log record #0: traceId/),
      ]);
      await eventually(() => expect(batches.flatMap((b) => b.logs ?? [])).toHaveLength(15));
      const logs = batches.flatMap((b) => b.logs ?? []);
      expect(logs.filter((r) => r.eventName === 'gen_ai.choice')).toHaveLength(4);
      expect(logs.filter((r) => r.traceId === '').map((r) => r.body)).toEqual(['kept']);
      ids.push(logs.map((r) => r.id));
    }
    expect(ids[1]).toEqual(ids[0]);
  });

  it('turns a Langfuse trace export into a trace with its observations and scores', async () => {
    const { hub, batches } = collectingHub();
    const text = fixture('test/fixtures/import/langfuse-trace.json');
    const result = await importFile(hub, { fileName: 'trace.json', text });
    expect(result).toEqual({
      format: 'Langfuse trace export',
      traces: 1,
      observations: 4,
      scores: 2,
      logs: 0,
      errors: [],
    });
    await eventually(() => expect(batches.flatMap((b) => b.observations)).toHaveLength(4));
    const observations = batches.flatMap((b) => b.observations);
    const generation = observations.find((o) => o.type === 'GENERATION');
    expect(generation).toMatchObject({
      name: 'answer',
      model: 'gpt-4o-mini',
      usage: { input: 812, output: 41, total: 853 },
      promptName: 'support-system',
      promptVersion: 3,
      parentId: 'a1b2c3d4e5f60718',
      completionStartTime: Date.parse('2026-11-20T09:14:05.020Z'),
    });
    const scores = batches.flatMap((b) => b.scores ?? []);
    expect(scores.find((s) => s.name === 'tone')).toMatchObject({ dataType: 'CATEGORICAL', stringValue: 'friendly' });
    expect(batches.flatMap((b) => b.traces ?? [])[0]?.patch).toMatchObject({
      name: 'support-agent',
      userId: 'user-4711',
      tags: ['support', 'beta'],
    });
  });

  it('says which formats it reads when the file is none of them', async () => {
    const { hub } = collectingHub();
    await expect(importFile(hub, { fileName: 'notes.json', text: '{"hello": 1}' })).rejects.toThrow(ImportError);
    await expect(importFile(hub, { fileName: 'notes.json', text: '{"hello": 1}' })).rejects.toThrow(
      /notes\.json is an object with "hello", not a trace file; expected OTLP\/JSON/,
    );
    await expect(importFile(hub, { fileName: 'x.txt', text: 'hello world' })).rejects.toThrow(/x\.txt is not JSON/);
    await expect(importFile(hub, { fileName: 'e.json', text: '  \n' })).rejects.toThrow(/e\.json is empty/);
  });

  it('cuts a big file into batches of at most a few thousand observations', async () => {
    const { hub, batches } = collectingHub();
    const spans = Array.from({ length: 5000 }, (_, i) => ({
      traceId: (i % 50).toString(16).padStart(32, '0').replace(/^0/, 'a'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: `span ${i}`,
      startTimeUnixNano: '1795376735000000000',
      endTimeUnixNano: '1795376736000000000',
    }));
    const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    const result = await importFile(hub, { fileName: 'big.json', text });
    expect(result.observations).toBe(5000);
    expect(result.traces).toBe(50);
    await eventually(() => expect(batches.flatMap((b) => b.observations)).toHaveLength(5000));
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches.map((b) => b.observations.length))).toBeLessThanOrEqual(2000);
  });
});
