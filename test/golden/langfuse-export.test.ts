import { mapSpans } from '@core/conventions/map-span';
import { toLangfuseTrace } from '@core/export/langfuse-json';
import type { Score } from '@core/model/types';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { describe, expect, it } from 'vitest';
import { APIObservation, GetTraceV1Response } from '../fixtures/langfuse-api/get-trace-response';
import { mergeTraces } from './dump';
import { fixtureFolders, fixtureFormat, traceFixtures } from './fixtures';

/**
 * Every trace of every captured SDK payload, exported as Langfuse JSON, must be what Langfuse's
 * `GET /api/public/traces/{id}` answers: its schema (strict, written from Langfuse's API definitions) accepts it,
 * and every key the schema names is present, not just allowed to be missing.
 */

const SCORES: Omit<Score, 'traceId'>[] = [
  {
    id: 's-num',
    observationId: null,
    sessionId: null,
    name: 'accuracy',
    value: 0.9,
    stringValue: null,
    dataType: 'NUMERIC',
    comment: null,
    timestamp: 0,
    environment: 'default',
    metadata: { judge: 'gpt-4o', threshold: '0.5' },
  },
  {
    id: 's-cat',
    observationId: null,
    sessionId: null,
    name: 'tone',
    value: null,
    stringValue: 'friendly',
    dataType: 'CATEGORICAL',
    comment: 'ok',
    timestamp: 0,
    environment: 'default',
    metadata: {},
  },
  {
    id: 's-bool',
    observationId: null,
    sessionId: null,
    name: 'helpful',
    value: 1,
    stringValue: 'True',
    dataType: 'BOOLEAN',
    comment: null,
    timestamp: 0,
    environment: 'default',
    metadata: {},
  },
  {
    id: 's-text',
    observationId: null,
    sessionId: null,
    name: 'note',
    value: null,
    stringValue: 'looks right',
    dataType: 'TEXT',
    comment: null,
    timestamp: 0,
    environment: 'default',
    metadata: {},
  },
];

function exportsOf(folder: string) {
  return traceFixtures(folder).flatMap((f) =>
    mergeTraces(mapSpans(decodeOtlpTraces(f.body, fixtureFormat(f.meta)))).map((t) =>
      toLangfuseTrace(
        t.summary,
        t.body,
        t.observations,
        SCORES.map((s) => ({ ...s, traceId: t.summary.id })),
      ),
    ),
  );
}

const traceKeys = Object.keys(GetTraceV1Response.shape);
const observationKeys = Object.keys(APIObservation.shape).filter((k) => k !== 'release');

describe("Loupe's Langfuse JSON export against Langfuse's API schema", () => {
  const folders = fixtureFolders().filter((f) => traceFixtures(f).length > 0);

  it('covers the captured payloads', () => {
    expect(folders.length).toBeGreaterThan(10);
  });

  it('rejects an export that lacks a key or carries one Langfuse does not return', () => {
    const [trace] = exportsOf('langfuse-v5');
    if (!trace) throw new Error('langfuse-v5 exported no trace');
    const { htmlPath: _htmlPath, ...withoutPath } = trace;
    expect(GetTraceV1Response.safeParse(withoutPath).success).toBe(false);
    expect(GetTraceV1Response.safeParse({ ...trace, extra: 1 }).success).toBe(false);
    const [o] = trace.observations;
    expect(APIObservation.safeParse({ ...o, calculatedTotalCost: '0.1' }).success).toBe(false);
  });

  for (const folder of folders) {
    it(`${folder}: every exported trace validates with every required key`, () => {
      const traces = exportsOf(folder);
      expect(traces.length).toBeGreaterThan(0);
      for (const trace of traces) {
        const result = GetTraceV1Response.safeParse(trace);
        if (!result.success) throw new Error(`${folder} ${trace.id}: ${result.error.message}`);
        expect(Object.keys(trace)).toEqual(expect.arrayContaining(traceKeys));
        for (const o of trace.observations) expect(Object.keys(o)).toEqual(expect.arrayContaining(observationKeys));
        expect(trace.scores).toHaveLength(SCORES.length);
      }
    });
  }
});
