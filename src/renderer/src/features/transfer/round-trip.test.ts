import { langfuseMetadataValues } from '@core/export/langfuse-json';
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fieldDiff } from '@core/export/field-diff';
import { isIngestionObservation } from '@core/export/otlp-json';
import { type MappedImport, mapImportedEvents, mapImportedLogs, mapImportedSpans } from '@core/import/map-import';
import { planImport } from '@core/import/read-import';
import type { LogRecord, ObservationRow } from '@core/model/types';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { decodeOtlpLogs } from '@core/otlp/decode-logs';
import type { IngestBatch } from '@core/wire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackBody } from '../../store/body-chunks';
import { type LoupeDb, openDb } from '../../store/db';
import { allObservations } from '../../store/queries';
import { applyBatch } from '../../store/writer';
import { buildExport, type ExportFormat } from './export-data';

const repoRoot = resolve(__dirname, '..', '..', '..', '..', '..');
const shared = resolve(repoRoot, '..', 'shared', 'fixtures', 'otlp');
const local = resolve(repoRoot, 'test', 'fixtures');

let seq = 0;
const batchOf = (m: MappedImport): IngestBatch => ({
  seq: ++seq,
  receivedAt: 0,
  source: 'test',
  observations: m.observations,
  traces: m.traces,
  scores: m.scores,
  logs: m.logs,
});

/** When the source store received everything: a record without any time would be stamped with it. */
const RECEIVED_AT = 1_796_000_000_000;

/** A log line of an app that logs without tracing: a record that belongs to no trace. */
const untracedRequest = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
      scopeLogs: [
        {
          scope: { name: 'billing.payments' },
          logRecords: [
            {
              timeUnixNano: '1796172262719123456',
              observedTimeUnixNano: '1796172262720000000',
              severityNumber: 17,
              severityText: 'ERROR',
              body: { stringValue: 'payment provider unreachable' },
              attributes: [{ key: 'retry', value: { intValue: '3' } }],
            },
          ],
        },
      ],
    },
  ],
};

/**
 * Every captured OTLP request (spans and log records), both legacy ingestion captures (with scores), the Langfuse
 * export fixture, and a log record without a trace.
 */
function originalBatches(): IngestBatch[] {
  const batches: IngestBatch[] = [];
  for (const dir of [shared, resolve(local, 'otlp')]) {
    for (const folder of readdirSync(dir, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      for (const file of readdirSync(resolve(dir, folder.name))) {
        if (!file.endsWith('.meta.json')) continue;
        const meta = JSON.parse(readFileSync(resolve(dir, folder.name, file), 'utf8'));
        const raw = readFileSync(resolve(dir, folder.name, file.replace('.meta.json', '.body')));
        const body = meta.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        if (String(meta.path).endsWith('/v1/traces')) {
          const format = String(meta.headers['content-type']).includes('protobuf') ? 'protobuf' : 'json';
          batches.push(batchOf(mapImportedSpans(decodeOtlpTraces(new Uint8Array(body), format), folder.name)));
        } else if (String(meta.path).endsWith('/v1/logs')) {
          const format = String(meta.headers['content-type']).includes('protobuf') ? 'protobuf' : 'json';
          const decoded = decodeOtlpLogs(new Uint8Array(body), format);
          batches.push(batchOf(mapImportedLogs(decoded, folder.name, RECEIVED_AT)));
        } else if (meta.path === '/api/public/ingestion') {
          batches.push(batchOf(mapImportedEvents(JSON.parse(body.toString()).batch, folder.name)));
        }
      }
    }
  }
  const langfuse = readFileSync(resolve(local, 'import', 'langfuse-trace.json'), 'utf8');
  batches.push(...importText('trace.json', langfuse).batches);
  batches.push(...importText('billing.json', JSON.stringify(untracedRequest)).batches);
  return batches;
}

function importText(fileName: string, text: string): { batches: IngestBatch[]; errors: string[] } {
  const batches: IngestBatch[] = [];
  const errors: string[] = [];
  for (const step of planImport(fileName, text).steps) {
    if (step.kind === 'error') errors.push(step.message);
    else {
      const mapped =
        step.kind === 'otlp'
          ? mapImportedSpans(step.spans, step.where)
          : step.kind === 'logs'
            ? mapImportedLogs(step.records, step.where, RECEIVED_AT + 3_600_000)
            : mapImportedEvents(step.events, step.where);
      errors.push(...mapped.errors);
      batches.push(batchOf(mapped));
    }
  }
  return { batches, errors };
}

/** Every observation body stored, from its chunk. */
const allBodies = async (db: LoupeDb) => (await db.bodyChunks.toArray()).flatMap((c) => c.bodies.map(unpackBody));

async function tables(db: LoupeDb) {
  const withoutUpdated = <T extends { updatedAt: number }>({ updatedAt: _u, ...rest }: T) => rest;
  const byKey = <T extends { id: string; traceId?: string | null }>(list: T[]) =>
    Object.fromEntries(list.map((x) => [`${x.traceId ?? ''}/${x.id}`, x]));
  // A record's `order` is its position in the request it came in; an export is one request per trace (in time order),
  // so it changes. What it decides, the order of a span's records of the same millisecond, shows in the span's input
  // and output, which are compared with the observation bodies.
  const withoutOrder = ({ order: _o, ...rest }: LogRecord) => rest;
  return {
    traces: Object.fromEntries((await db.traces.toArray()).map((t) => [t.id, withoutUpdated(t)])),
    traceBodies: Object.fromEntries((await db.traceBodies.toArray()).map((b) => [b.id, b])),
    observations: byKey(await allObservations(db)),
    observationBodies: byKey(await allBodies(db)),
    scores: byKey(await db.scores.toArray()),
    logs: Object.fromEntries((await db.logs.toArray()).map((r) => [r.id, withoutOrder(r)])),
  };
}

let source: LoupeDb;
let traceIds: string[];
let dbCount = 0;

async function roundTrip(format: ExportFormat) {
  // Every trace, as "Export all" writes them: with the records that belong to no trace.
  const file = await buildExport(source, traceIds, format, { untracedLogs: true });
  const { batches, errors } = importText(file.fileName, await file.blob.text());
  const target = openDb(`round-trip-${format}-${++dbCount}`);
  for (const b of batches) await applyBatch(target, b);
  return { target, errors, file };
}

beforeAll(async () => {
  source = openDb('round-trip-source');
  for (const b of originalBatches()) await applyBatch(source, b);
  traceIds = (await source.traces.toArray()).map((t) => t.id);
});
afterAll(() => source.close());

// Every table through fake-indexeddb, out and back in: seconds when other tests share the cores.
describe('export, then import', { timeout: 60_000 }, () => {
  it('has realistic data to work with: OTLP, legacy ingestion and Langfuse traces, scores, log records', async () => {
    expect(traceIds.length).toBeGreaterThan(10);
    expect(await source.scores.count()).toBeGreaterThanOrEqual(4);
    const rows = await allObservations(source);
    expect(rows.some((r) => r.scope.name === 'langfuse-ingestion')).toBe(true);
    expect(await source.logs.count()).toBeGreaterThan(30);
    expect(await source.logs.where('traceId').equals('').count()).toBeGreaterThanOrEqual(1);
    expect((await allBodies(source)).filter((b) => b.logContent).length).toBeGreaterThan(5);
  });

  for (const format of ['loupe', 'otlp'] as const) {
    it(`${format}: log records come back with their ids, and so do the chats, traces and counts they made`, async () => {
      const { target, errors, file } = await roundTrip(format);
      expect(errors).toEqual([]);
      expect(file.fileName).toMatch(/\.jsonl$/);
      expect(file.untracedLogs).toBe(await source.logs.where('traceId').equals('').count());
      const records = async (db: LoupeDb) => (await db.logs.orderBy('id').toArray()).map(({ order: _o, ...r }) => r);
      expect(fieldDiff(await records(source), await records(target))).toEqual([]);
      expect(await target.logs.where('traceId').equals('').toArray()).toContainEqual(
        expect.objectContaining({
          body: 'payment provider unreachable',
          severityText: 'ERROR',
          attributes: { retry: 3 },
        }),
      );
      const differences: string[] = [];
      const targetBodies = new Map((await allBodies(target)).map((b) => [`${b.traceId}/${b.id}`, b]));
      for (const body of await allBodies(source)) {
        if (!body.logContent) continue;
        const back = targetBodies.get(`${body.traceId}/${body.id}`);
        const key = `${body.traceId}/${body.id}`;
        differences.push(...fieldDiff(body.logContent, back?.logContent, `${key} logContent`));
        differences.push(...fieldDiff(body.input, back?.input, `${key} input`));
        differences.push(...fieldDiff(body.output, back?.output, `${key} output`));
      }
      // A trace's times, input and output depend on whether its records came before its spans: they come back too.
      for (const { updatedAt: _u, ...trace } of await source.traces.toArray()) {
        if (!trace.logCount) continue;
        const { updatedAt: _v, ...back } = (await target.traces.get(trace.id)) ?? { updatedAt: 0 };
        differences.push(...fieldDiff(trace, back, `trace ${trace.id}`));
        const [before, after] = await Promise.all([source.traceBodies.get(trace.id), target.traceBodies.get(trace.id)]);
        differences.push(...fieldDiff(before, after, `trace body ${trace.id}`));
      }
      expect(differences).toEqual([]);
      // Imported once more, into a store that has them: nothing new.
      for (const b of importText(file.fileName, await file.blob.text()).batches) await applyBatch(target, b);
      expect(await target.logs.count()).toBe(await source.logs.count());
      const counts = async (db: LoupeDb) =>
        Object.fromEntries((await db.traces.toArray()).filter((t) => t.logCount).map((t) => [t.id, t.logCount]));
      expect(await counts(target)).toEqual(await counts(source));
      target.close();
    });
  }

  it('Loupe export: every table comes back identical, scores included', async () => {
    const { target, errors } = await roundTrip('loupe');
    expect(errors).toEqual([]);
    expect(fieldDiff(await tables(source), await tables(target))).toEqual([]);
    target.close();
  });

  it('OTLP/JSON: every OTLP observation and its trace come back identical', async () => {
    const { target, errors } = await roundTrip('otlp');
    expect(errors).toEqual([]);
    const before = await tables(source);
    const after = await tables(target);
    const otlpTraces = new Set(
      (await allObservations(source)).filter((r) => r.scope.name !== 'langfuse-ingestion').map((r) => r.traceId),
    );
    const differences: string[] = [];
    for (const [key, row] of Object.entries(before.observations)) {
      if (!otlpTraces.has((row as ObservationRow).traceId)) continue;
      const body = before.observationBodies[key];
      if (body && isIngestionObservation({ ...(row as ObservationRow), ...body })) continue;
      differences.push(...fieldDiff(row, after.observations[key], `observations ${key}`));
      differences.push(...fieldDiff(body, after.observationBodies[key], `bodies ${key}`));
    }
    for (const [id, record] of Object.entries(before.logs)) {
      differences.push(...fieldDiff(record, after.logs[id], `log record ${id}`));
    }
    for (const id of otlpTraces) {
      // Scores are no part of OTLP: a trace that had some differs only in them, which the trace row does not hold.
      differences.push(...fieldDiff(before.traces[id], after.traces[id], `trace ${id}`));
      differences.push(...fieldDiff(before.traceBodies[id], after.traceBodies[id], `trace body ${id}`));
    }
    expect(differences).toEqual([]);
    target.close();
  });

  it('Langfuse JSON: every observation keeps its fields, and every score comes back', async () => {
    const { target, errors } = await roundTrip('langfuse');
    expect(errors).toEqual([]);
    const before = await tables(source);
    const after = await tables(target);
    const fields = [
      'type',
      'name',
      'parentId',
      'model',
      'modelParameters',
      'usage',
      'cost',
      'level',
      'statusMessage',
      'promptName',
      'promptVersion',
      'environment',
    ] as const;
    const differences: string[] = [];
    for (const [key, row] of Object.entries(before.observations)) {
      const back = after.observations[key] as ObservationRow | undefined;
      const r = row as ObservationRow;
      for (const f of fields) differences.push(...fieldDiff(r[f], back?.[f], `${key} ${f}`));
      // The API shape carries times as ISO text: milliseconds.
      differences.push(...fieldDiff(Math.trunc(r.startTime), back?.startTime, `${key} startTime`));
      const bodyBefore = before.observationBodies[key];
      const bodyAfter = after.observationBodies[key];
      for (const f of ['input', 'output'] as const) {
        differences.push(...fieldDiff(bodyBefore?.[f], bodyAfter?.[f], `${key} ${f}`));
      }
      // Langfuse answers metadata values that are JSON text parsed (`"4"` → 4), and so does the export.
      const metadataBefore = bodyBefore ? langfuseMetadataValues(bodyBefore.metadata) : undefined;
      differences.push(...fieldDiff(metadataBefore, bodyAfter?.metadata, `${key} metadata`));
    }
    differences.push(...fieldDiff(before.scores, after.scores, 'scores'));
    expect(differences).toEqual([]);
    target.close();
  });
});
