import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { mapSpans } from '@core/conventions/map-span';
import type { Observation } from '@core/model/types';
import { decodeOtlpTraces } from '@core/otlp/decode';

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
  const dir = folderDir(folder);
  const out: TraceFixture[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.body')) continue;
    const seq = file.slice(0, -'.body'.length);
    const metaPath = resolve(dir, `${seq}.meta.json`);
    if (!existsSync(metaPath)) continue;
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as FixtureMeta;
    if (!TRACE_PATHS.has(meta.path)) continue;
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
