import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mapIngestionEvent } from '../conventions/langfuse-ingestion';
import { mapSpans } from '../conventions/map-span';
import { mapImportedSpans } from '../import/map-import';
import { planImport } from '../import/read-import';
import type { Observation } from '../model/types';
import { decodeOtlpTraces } from '../otlp/decode';
import { fieldDiff } from './field-diff';
import { msToNanosText, type StoredObservation, traceResourceSpans } from './otlp-json';

const fixtures = resolve(fileURLToPath(new URL('../../..', import.meta.url)), '..', 'shared', 'fixtures', 'otlp');

/** Every OTLP trace request among the shared captures, decompressed, with its format. */
function captures(): { name: string; body: Uint8Array; format: 'json' | 'protobuf' }[] {
  const out: { name: string; body: Uint8Array; format: 'json' | 'protobuf' }[] = [];
  for (const folder of readdirSync(fixtures, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of readdirSync(resolve(fixtures, folder.name))) {
      if (!file.endsWith('.meta.json')) continue;
      const meta = JSON.parse(readFileSync(resolve(fixtures, folder.name, file), 'utf8'));
      if (!String(meta.path).endsWith('/v1/traces')) continue;
      const raw = readFileSync(resolve(fixtures, folder.name, file.replace('.meta.json', '.body')));
      const body = meta.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const format = String(meta.headers['content-type']).includes('protobuf') ? 'protobuf' : 'json';
      out.push({ name: `${folder.name}/${file.slice(0, 3)}`, body: new Uint8Array(body), format });
    }
  }
  return out;
}

/** What the store keeps of an observation (the writer drops the per-delivery trace patch). */
function stored(o: Observation): StoredObservation {
  const { trace: _trace, partial: _partial, ...rest } = o;
  return rest;
}

function readBack(observations: StoredObservation[]): Observation[] {
  const text = JSON.stringify({ resourceSpans: traceResourceSpans(observations) });
  const plan = planImport('export.json', text);
  const out: Observation[] = [];
  for (const step of plan.steps) {
    if (step.kind !== 'otlp') throw new Error(`unexpected step ${JSON.stringify(step).slice(0, 200)}`);
    const mapped = mapImportedSpans(step.spans, step.where);
    expect(mapped.errors).toEqual([]);
    out.push(...mapped.observations);
  }
  return out;
}

describe('OTLP/JSON export', () => {
  it('writes times the decoders read back to the identical millisecond value', () => {
    for (const ms of [1_795_376_735_123 + 0.4567, 1_700_000_000_000, 0.000_001, 12.5, 1_795_376_735_999 + 0.9999]) {
      const text = msToNanosText(ms);
      const back = decodeOtlpTraces(
        new TextEncoder().encode(
          JSON.stringify({
            resourceSpans: [
              {
                scopeSpans: [
                  {
                    spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), startTimeUnixNano: text }],
                  },
                ],
              },
            ],
          }),
        ),
        'json',
      )[0]?.startTime;
      expect(back, `${ms} → ${text}`).toBe(ms);
    }
  });

  for (const capture of captures()) {
    it(`maps ${capture.name} back to the same observations, field by field`, () => {
      const original = mapSpans(decodeOtlpTraces(capture.body, capture.format)).map(stored);
      expect(original.length).toBeGreaterThan(0);
      const back = readBack(original).map(stored);
      expect(back.length).toBe(original.length);
      const differences = original.flatMap((o, i) => fieldDiff(o, back[i]).map((d) => `${o.name} (${o.id}) ${d}`));
      expect(differences).toEqual([]);
    });
  }

  it('gives ingestion observations the langfuse.* attributes that map back to the same fields', () => {
    const mapped = mapIngestionEvent({
      id: 'e1',
      type: 'generation-create',
      timestamp: '2026-11-22T10:00:00.000Z',
      body: {
        id: 'gen-1',
        traceId: 'trace-1',
        name: 'llm call',
        startTime: '2026-11-22T10:00:00.000Z',
        endTime: '2026-11-22T10:00:02.500Z',
        completionStartTime: '2026-11-22T10:00:00.700Z',
        model: 'gpt-4o',
        modelParameters: { temperature: 0.2 },
        input: [{ role: 'user', content: 'hi' }],
        output: 'hello',
        usageDetails: { input: 10, output: 3, total: 13 },
        costDetails: { total: 0.001 },
        level: 'WARNING',
        statusMessage: 'slow',
        metadata: { step: 1 },
        promptName: 'greeting',
        promptVersion: 2,
        environment: 'staging',
      },
    });
    if (mapped.kind !== 'observation') throw new Error('expected an observation');
    // Ingestion ids are not OTLP ids: give the observation valid ones, as an export of it would carry.
    const original = stored({ ...mapped.observation, traceId: 'c'.repeat(32), id: 'd'.repeat(16) });
    const [back] = readBack([original]);
    const fields = [
      'type',
      'name',
      'startTime',
      'endTime',
      'completionStartTime',
      'model',
      'modelParameters',
      'input',
      'output',
      'usage',
      'cost',
      'level',
      'statusMessage',
      'metadata',
      'promptName',
      'promptVersion',
      'environment',
    ] as const;
    const differences = fields.flatMap((f) => fieldDiff(original[f], back?.[f], f));
    expect(differences).toEqual([]);
  });
});
