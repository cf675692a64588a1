import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { mapSpans } from '@core/conventions/map-span';
import { applyLogContent } from '@core/logs/log-content';
import { mapLogRecords } from '@core/logs/map-logs';
import type { LogRecord, Observation } from '@core/model/types';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { decodeOtlpLogs } from '@core/otlp/decode-logs';

/**
 * Real SDK payloads, one folder per SDK: the shared captures beside the repository
 * (`../shared/fixtures/otlp`) and the repository's own (`test/fixtures/otlp`), same format.
 */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixturesDir = resolve(repoRoot, '..', 'shared', 'fixtures', 'otlp');
export const localFixturesDir = resolve(repoRoot, 'test', 'fixtures', 'otlp');

function foldersIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

/**
 * The shared captures are half of what these tests check: without them, skipping silently would leave only the
 * repository's own. Throws, naming the folder, when it is missing or holds no capture.
 */
export function requireSharedFixtures(): void {
  if (foldersIn(fixturesDir).length > 0) return;
  const state = existsSync(fixturesDir) ? 'holds no capture folder' : 'is missing';
  throw new Error(
    `../shared/fixtures/otlp ${state}: the golden tests need the captured SDK payloads beside the repository ` +
      `(${fixturesDir}, one folder per SDK, see ../shared/README.md); only test/fixtures/otlp is in the repository`,
  );
}

function folderDir(folder: string): string {
  const local = resolve(localFixturesDir, folder);
  if (existsSync(local)) return local;
  requireSharedFixtures();
  return resolve(fixturesDir, folder);
}

const TRACE_PATHS = new Set(['/v1/traces', '/api/public/otel/v1/traces']);
const LOG_PATHS = new Set(['/v1/logs', '/api/public/otel/v1/logs']);
const INGESTION_PATHS = new Set(['/api/public/ingestion']);

export interface FixtureMeta {
  path: string;
  headers: { 'content-type'?: string | null; 'content-encoding'?: string | null };
  summary?: { spans?: number };
}

export interface TraceFixture {
  folder: string;
  /** `004` for `004.body`. */
  seq: string;
  meta: FixtureMeta;
  body: Uint8Array;
}

/** Every fixture folder, shared and local; throws when the shared ones are not there. */
export function fixtureFolders(): string[] {
  requireSharedFixtures();
  return [...new Set([...foldersIn(fixturesDir), ...foldersIn(localFixturesDir)])].sort();
}

/** The OTLP trace requests of one fixture folder, decompressed. */
export function traceFixtures(folder: string): TraceFixture[] {
  return requestFixtures(folder, TRACE_PATHS);
}

/** The OTLP log requests of one fixture folder, decompressed. */
export function logFixtures(folder: string): TraceFixture[] {
  return requestFixtures(folder, LOG_PATHS);
}

/** The Langfuse ingestion batches (`/api/public/ingestion`) of one fixture folder, decompressed. */
export function ingestionFixtures(folder: string): TraceFixture[] {
  return requestFixtures(folder, INGESTION_PATHS);
}

function requestFixtures(folder: string, paths: ReadonlySet<string>): TraceFixture[] {
  const dir = folderDir(folder);
  const out: TraceFixture[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.body')) continue;
    const seq = file.slice(0, -'.body'.length);
    const metaPath = resolve(dir, `${seq}.meta.json`);
    if (!existsSync(metaPath)) continue;
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as FixtureMeta;
    if (!paths.has(meta.path)) continue;
    const raw = readFileSync(resolve(dir, file));
    const body = meta.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    out.push({ folder, seq, meta, body: new Uint8Array(body) });
  }
  return out;
}

export function fixtureFormat(meta: FixtureMeta): 'json' | 'protobuf' {
  return (meta.headers['content-type'] ?? '').includes('protobuf') ? 'protobuf' : 'json';
}

export function loadObservations(folder: string, seq: string): Observation[] {
  const fixture = traceFixtures(folder).find((f) => f.seq === seq);
  if (!fixture) throw new Error(`no OTLP trace fixture ${folder}/${seq}.body`);
  return mapSpans(decodeOtlpTraces(fixture.body, fixtureFormat(fixture.meta)));
}

/** Every log record of a folder, mapped as the receiver maps them (received at time 0). */
export function loadLogRecords(folder: string): LogRecord[] {
  return logFixtures(folder).flatMap((f) => mapLogRecords(decodeOtlpLogs(f.body, fixtureFormat(f.meta)), 0).records);
}

/** The folder's observations with its log records joined, as the store joins them. */
export function loadJoined(folder: string): Observation[] {
  const records = loadLogRecords(folder);
  const bySpan = new Map<string, LogRecord[]>();
  for (const r of records) {
    const key = `${r.traceId}/${r.spanId}`;
    bySpan.set(key, [...(bySpan.get(key) ?? []), r]);
  }
  return traceFixtures(folder)
    .flatMap((f) => loadObservations(folder, f.seq))
    .map((o) => {
      const own = bySpan.get(`${o.traceId}/${o.id}`);
      return own ? applyLogContent(o, own) : o;
    });
}
