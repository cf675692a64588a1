import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../src/serve/server';
import { repoRoot, storeClient, waitFor } from './serve-process';

const run = promisify(execFile);

/** Real SDKs, each in its own process, against the headless server; what they send is read back over /ws. */
describe('real SDK senders end to end', () => {
  let dataDir: string;
  let handle: Awaited<ReturnType<typeof startServe>>;
  let page: Awaited<ReturnType<typeof storeClient>>;
  let endpoint: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-sdks-'));
    const options = {
      host: '127.0.0.1',
      port: 0,
      portExplicit: true,
      grpc: null,
      dataDir,
      spoolMaxBytes: 64 * 1024 ** 2,
      credentials: null,
    };
    handle = await startServe(options, join(dataDir, 'no-ui'));
    endpoint = handle.info.endpoint;
    page = await storeClient(handle.pageUrl);
  });
  afterAll(async () => {
    await page.close();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const observations = () => page.batches.flatMap((b) => b.observations);
  const named = (prefix: string) =>
    new Set(
      observations()
        .filter((o) => o.name.startsWith(prefix))
        .map((o) => o.id),
    );
  const node = (script: string, args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [script, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 });

  it.each([
    ['json', 'none'],
    ['json', 'gzip'],
    ['proto', 'none'],
    ['proto', 'gzip'],
  ])(
    'OTLP/HTTP exporter, %s with compression %s: every span arrives',
    async (format, compression) => {
      const prefix = `otel-${format}-${compression}`;
      await node('test/integration/sdk/otel-exporter.mjs', [format, compression, prefix, '45', endpoint]);
      expect(await waitFor(() => named(prefix).size === 45)).toBe(true);
      const root = observations().find((o) => o.name === `${prefix} root`);
      expect(observations().filter((o) => o.name.startsWith(prefix) && o.parentId === root?.id)).toHaveLength(44);
    },
    90_000,
  );

  it('Langfuse v5 (@langfuse/tracing + @langfuse/otel): every observation arrives', async () => {
    await node('test/e2e/sdk/langfuse-agent.mjs', ['sdk-v5-run', 'Weather?'], { LANGFUSE_BASE_URL: endpoint });
    const names = ['weather-agent', 'plan-step', 'get_weather', 'cache-lookup', 'answer-step'];
    const v5 = () => observations().filter((o) => o.trace.name === 'sdk-v5-run');
    expect(await waitFor(() => v5().length === names.length)).toBe(true);
    expect(
      v5()
        .map((o) => o.name)
        .sort(),
    ).toEqual([...names].sort());
  }, 90_000);

  it('legacy Langfuse v3 (ingestion API): trace, span, generation with usage, event and score arrive', async () => {
    const { stdout } = await node('test/integration/sdk/legacy-langfuse.mjs', ['legacy-run'], {
      LANGFUSE_BASE_URL: endpoint,
    });
    const { traceId } = JSON.parse(stdout) as { traceId: string };
    const legacy = () => observations().filter((o) => o.traceId === traceId);
    expect(await waitFor(() => legacy().length >= 3)).toBe(true);
    const updates = new Map<string, Record<string, unknown>>();
    for (const o of legacy()) updates.set(o.id, { ...updates.get(o.id), ...pick(o, o.partial ?? []) });
    const byName = Object.fromEntries([...updates.values()].map((o) => [o.name, o]));
    expect(Object.keys(byName).sort()).toEqual(['agent', 'cache-miss', 'llm-call']);
    expect(byName['llm-call']).toMatchObject({ type: 'GENERATION', usage: { input: 12, output: 5, total: 17 } });
    expect(byName['cache-miss']).toMatchObject({ type: 'EVENT', level: 'WARNING' });
    const traces = page.batches.flatMap((b) => b.traces ?? []).filter((t) => t.traceId === traceId);
    expect(traces.map((t) => t.patch.name).filter(Boolean)).toEqual(['legacy-run']);
    const scores = page.batches.flatMap((b) => b.scores ?? []).filter((s) => s.traceId === traceId);
    expect(scores).toMatchObject([{ name: 'helpfulness', value: 0.9, dataType: 'NUMERIC', comment: 'good' }]);
  }, 90_000);
});

function pick(o: object, keys: readonly string[]): Record<string, unknown> {
  const source = o as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}
