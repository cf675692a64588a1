// Measures how long Loupe's MCP server takes to answer get_trace for a big trace, and how big the answer is.
//
//   node scripts/probe/mcp-big-trace.mjs [--observations 100000] [--calls 5]
//
// Starts `node scripts/serve.mjs --port 0 --no-grpc --data-dir <tmp>` (building first when the build is stale),
// opens its page in Debian's Chromium (the page's store worker is the store), posts one trace of `--observations`
// spans (a tree ten wide) as OTLP/JSON to 127.0.0.1 in requests of 5,000, waits until the page stored them all, then
// calls get_trace `--calls` times with the MCP SDK's client and prints each call's time, the answer's size in JSON
// and its text's length, and list_traces' times beside them. The server, the browser and the data directory are
// removed at the end, whatever happens.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium } from '@playwright/test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { observations: { type: 'string', default: '100000' }, calls: { type: 'string', default: '5' } },
});
const total = Number(values.observations);
const calls = Number(values.calls);
const dataDir = mkdtempSync(join(tmpdir(), 'loupe-mcp-probe-'));
const profile = mkdtempSync(join(tmpdir(), 'loupe-mcp-probe-profile-'));
const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--no-grpc', '--data-dir', dataDir], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let browser = null;

try {
  let log = '';
  const pageUrl = await new Promise((done, fail) => {
    server.stdout.on('data', (chunk) => {
      log += chunk.toString();
      const link = /Open Loupe in your browser: (\S+)\n/.exec(log);
      if (link) done(link[1]);
    });
    server.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${log}`)));
  });
  const base = new URL(pageUrl).origin;
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  await (await browser.newPage()).goto(pageUrl);

  const traceId = 'b'.repeat(32);
  const hex = (i) => i.toString(16).padStart(16, '0');
  const now = BigInt(Date.now()) * 1_000_000n;
  const ns = (ms) => String(now + BigInt(Math.round(ms * 1_000_000)));
  for (let start = 0; start < total; start += 5000) {
    const spans = [];
    for (let i = start; i < Math.min(total, start + 5000); i++)
      spans.push({
        traceId,
        spanId: hex(i + 1),
        ...(i === 0 ? {} : { parentSpanId: hex(Math.floor((i - 1) / 10) + 1) }),
        name: `step ${i}`,
        kind: 1,
        startTimeUnixNano: ns(i / 100),
        endTimeUnixNano: ns(i / 100 + 1),
        attributes: i % 7 === 0 ? [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } }] : [],
      });
    const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] });
    const response = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (!response.ok) throw new Error(`POST /v1/traces answered ${response.status}`);
  }

  const token = readFileSync(join(dataDir, 'mcp-token'), 'utf8').trim();
  const client = new Client({ name: 'probe', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  for (;;) {
    const listed = await client.callTool({ name: 'list_traces', arguments: {} });
    if ((listed.structuredContent?.traces?.[0]?.observations ?? 0) >= total) break;
    await new Promise((done) => setTimeout(done, 1000));
  }
  const timed = async (name, args) => {
    const t0 = performance.now();
    const result = await client.callTool({ name, arguments: args });
    return { ms: performance.now() - t0, result };
  };
  const trees = [];
  for (let k = 0; k < calls; k++) trees.push(await timed('get_trace', { traceId }));
  const lists = [];
  for (let k = 0; k < calls; k++) lists.push(await timed('list_traces', { limit: 20 }));
  const last = trees.at(-1).result;
  console.log(`get_trace of ${total} observations: ${trees.map((t) => t.ms.toFixed(0)).join(', ')} ms`);
  console.log(`  answer ${JSON.stringify(last).length} bytes of JSON, text ${last.content[0].text.length} characters`);
  console.log(`list_traces (20): ${lists.map((t) => t.ms.toFixed(0)).join(', ')} ms`);
  await client.close();
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  await new Promise((done) => (server.exitCode === null ? server.once('exit', done) : done()));
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
