import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testObservation } from '@core/model/test-observation';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeHandle, startServe } from '../../src/serve/server';
import { repoRoot, waitFor } from './serve-process';
import { storePage } from './store-page';

const run = promisify(execFile);

const serveOptions = (dataDir: string) => ({
  host: '127.0.0.1',
  port: 0,
  portExplicit: true,
  grpc: null,
  dataDir,
  spoolMaxBytes: 64 * 1024 ** 2,
  credentials: null,
});

const textOf = (result: unknown) =>
  ((result as CallToolResult).content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');

async function httpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'loupe-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return client;
}

/** A trace whose run failed: its root and one step ended in ERROR. */
const FAILED_TRACE = 'f'.repeat(32);

describe('the MCP server, with real clients, over a store filled by a real Langfuse SDK run', () => {
  let dataDir: string;
  let handle: ServeHandle;
  let page: Awaited<ReturnType<typeof storePage>>;
  let url: string;
  let token: string;
  let client: Client;
  let firstRun: string;
  let secondRun: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loupe-mcp-'));
    handle = await startServe(serveOptions(dataDir), join(dataDir, 'no-ui'));
    url = `${handle.info.endpoint}/mcp`;
    token = readFileSync(join(dataDir, 'mcp-token'), 'utf8').trim();
    page = await storePage(handle.pageUrl, `loupe-mcp-${process.pid}`);
    const env = { ...process.env, LANGFUSE_BASE_URL: handle.info.endpoint };
    for (const name of ['mcp-run-one', 'mcp-run-two'])
      await run(process.execPath, ['test/e2e/sdk/langfuse-agent.mjs', name, 'Weather in Paris?'], {
        cwd: repoRoot,
        env,
        timeout: 60_000,
      });
    await handle.hub.push(
      [
        testObservation({
          traceId: FAILED_TRACE,
          id: 'a1',
          type: 'AGENT',
          name: 'checkout-agent',
          startTime: Date.now(),
          endTime: Date.now() + 50,
          level: 'ERROR',
          statusMessage: 'payment tool failed',
        }),
        testObservation({
          traceId: FAILED_TRACE,
          id: 'b2',
          parentId: 'a1',
          type: 'TOOL',
          name: 'charge-card',
          startTime: Date.now() + 1,
          endTime: Date.now() + 40,
          level: 'ERROR',
          statusMessage: 'card declined: insufficient funds',
          input: { amount: 42 },
        }),
      ],
      'test',
    );
    expect(await waitFor(() => page.stored.size >= 3 && handle.hub.pendingCount === 0, 30_000)).toBe(true);
    await page.idle();
    client = await httpClient(url, token);
    const runs = (await client.callTool({ name: 'list_traces', arguments: { name: 'mcp-run' } })).structuredContent as {
      traces: { id: string }[];
    };
    [secondRun, firstRun] = runs.traces.map((t) => t.id) as [string, string];
  });
  afterAll(async () => {
    await client?.close();
    await page?.close();
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('keeps its token in the data directory, readable by the user only', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dataDir, 'mcp-token')).mode & 0o777).toBe(0o600);
  });

  it('lists its read-only tools, each with a JSON schema for its input', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'compare_traces',
      'get_observation',
      'get_session',
      'get_trace',
      'last_failed_trace',
      'list_sessions',
      'list_traces',
      'read_value',
      'usage_figures',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
  });

  it('lists and searches traces, newest first, with the filters combined', async () => {
    const all = await client.callTool({ name: 'list_traces', arguments: {} });
    expect(textOf(all)).toContain('3 traces, newest first');
    const byText = await client.callTool({ name: 'list_traces', arguments: { text: 'sunny', name: 'mcp-run-one' } });
    const found = (byText.structuredContent as { traces: { id: string; name: string; totalTokens: number }[] }).traces;
    expect(found.map((t) => t.id)).toEqual([firstRun]);
    expect(found[0]?.totalTokens).toBe(170);
    const failed = await client.callTool({ name: 'list_traces', arguments: { hasError: true } });
    expect(textOf(failed)).toContain(FAILED_TRACE);
    expect(textOf(failed)).toContain('FAILED');
    const byModel = await client.callTool({ name: 'list_traces', arguments: { model: 'gpt-4o-mini', limit: 1 } });
    const page1 = byModel.structuredContent as { traces: { id: string }[]; nextCursor: string };
    expect(page1.traces.map((t) => t.id)).toEqual([secondRun]);
    const page2 = await client.callTool({
      name: 'list_traces',
      arguments: { model: 'gpt-4o-mini', cursor: page1.nextCursor },
    });
    expect((page2.structuredContent as { traces: { id: string }[] }).traces.map((t) => t.id)).toEqual([firstRun]);
  });

  it('gets a trace as an indented tree with ids, models, tokens and levels', async () => {
    const result = await client.callTool({ name: 'get_trace', arguments: { traceId: firstRun } });
    const text = textOf(result);
    expect(text).toContain('"mcp-run-one"');
    expect(text).toMatch(/- \[AGENT\] weather-agent \([0-9a-f]{16}\)/);
    expect(text).toMatch(/\n {2}- \[GENERATION\] plan-step \([0-9a-f]{16}\) · gpt-4o-mini · \d+ ms · 59 tok/);
    expect(text).toContain('ERROR: cache backend unreachable: connection refused');
    expect(text).toContain('Input: {"question":"Weather in Paris?"}');
  });

  it('gets an observation in full: messages, tool calls, parameters and usage', async () => {
    const tree = (await client.callTool({ name: 'get_trace', arguments: { traceId: firstRun } })).structuredContent as {
      lines: { id: string; name: string }[];
    };
    const plan = tree.lines.find((l) => l.name === 'plan-step');
    const result = await client.callTool({
      name: 'get_observation',
      arguments: { traceId: firstRun, observationId: plan?.id ?? '' },
    });
    const text = textOf(result);
    expect(text).toContain('[system] You are a concise travel assistant.');
    expect(text).toContain('tool call get_weather({"city":"Paris"})');
    expect(text).toContain('Parameters: {"temperature":0.2,"max_tokens":256}');
    expect(text).toContain('Usage: {"input":42,"output":17,"total":59}');
    const full = result.structuredContent as { input: { chars: number } };
    const read = await client.callTool({
      name: 'read_value',
      arguments: { traceId: firstRun, observationId: plan?.id ?? '', field: 'input', offset: 10 },
    });
    expect((read.structuredContent as { total: number; offset: number }).total).toBe(full.input.chars);
    expect(textOf(read)).toContain('from character 10 of');
  });

  it('lists and gets sessions, figures by model and by step, and compares two runs', async () => {
    expect(textOf(await client.callTool({ name: 'list_sessions', arguments: {} }))).toContain('session-e2e · 2 traces');
    const session = textOf(await client.callTool({ name: 'get_session', arguments: { sessionId: 'session-e2e' } }));
    expect(session).toContain('1. ');
    expect(session).toContain('in: {"question":"Weather in Paris?"}');
    const figures = await client.callTool({ name: 'usage_figures', arguments: {} });
    const f = figures.structuredContent as {
      totals: { traces: number };
      byModel: { key: string; calls: number }[];
      byStep: { key: string }[];
    };
    expect(f.totals.traces).toBe(3);
    expect(f.byModel).toContainEqual(expect.objectContaining({ key: 'gpt-4o-mini', calls: 4 }));
    expect(f.byStep.map((s) => s.key).sort()).toEqual(['answer-step', 'plan-step']);
    const compare = await client.callTool({ name: 'compare_traces', arguments: { a: firstRun, b: FAILED_TRACE } });
    const c = compare.structuredContent as { rows: { status: string }[] };
    expect(c.rows.some((r) => r.status === 'added')).toBe(true);
    expect(c.rows.some((r) => r.status === 'removed')).toBe(true);
    expect(textOf(compare)).toContain('REMOVED weather-agent');
  });

  it('finds the most recent failed run with its failing observations', async () => {
    const result = await client.callTool({ name: 'last_failed_trace', arguments: {} });
    const text = textOf(result);
    expect(text).toContain(`Most recent failed run: ${FAILED_TRACE}`);
    expect(text).toContain('checkout-agent / charge-card [TOOL] (b2): card declined: insufficient funds');
  });

  it('offers each trace as a resource and a prompt to debug the last failed run', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain(`loupe://trace/${firstRun}`);
    const read = await client.readResource({ uri: `loupe://trace/${firstRun}` });
    expect((read.contents[0] as { text: string }).text).toContain('[AGENT] weather-agent');
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['debug-last-failed-run']);
    const prompt = await client.getPrompt({ name: 'debug-last-failed-run' });
    expect(JSON.stringify(prompt.messages)).toContain('last_failed_trace');
  });

  it('answers an unknown id or a malformed argument with a tool error that says what to do', async () => {
    const unknown = await client.callTool({ name: 'get_trace', arguments: { traceId: 'nope' } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('no trace with id "nope" is stored; list_traces shows the stored ones');
    const noObservation = await client.callTool({
      name: 'get_observation',
      arguments: { traceId: firstRun, observationId: 'nope' },
    });
    expect(noObservation.isError).toBe(true);
    expect(textOf(noObservation)).toContain('has no observation with id "nope"; get_trace lists');
    const malformed = await client.callTool({ name: 'list_traces', arguments: { limit: 'many' } });
    expect(malformed.isError).toBe(true);
    expect(textOf(malformed)).toMatch(/limit/);
    const badTime = await client.callTool({ name: 'list_traces', arguments: { from: 'yesterday-ish' } });
    expect(badTime.isError).toBe(true);
    expect(textOf(badTime)).toContain('from must be an ISO 8601 time');
    const badCursor = await client.callTool({ name: 'list_traces', arguments: { cursor: 'x' } });
    expect(textOf(badCursor)).toContain('pass the nextCursor of a previous answer');
    // The server is still there.
    expect((await client.listTools()).tools.length).toBe(9);
  });

  it('refuses a request without the token (401), from a web page (403) and for a foreign Host (403)', async () => {
    const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const noToken = await fetch(url, { method: 'POST', headers, body: init });
    expect(noToken.status).toBe(401);
    expect(await noToken.text()).toContain('mcp-token');
    const wrongToken = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer x' },
      body: init,
    });
    expect(wrongToken.status).toBe(401);
    const fromPage = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${token}`, origin: 'https://evil.example' },
      body: init,
    });
    expect(fromPage.status).toBe(403);
    const localPage = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${token}`, origin: 'http://localhost:3000' },
      body: init,
    });
    expect(localPage.status).toBe(403);
    const { request } = await import('node:http');
    const status = await new Promise<number>((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: handle.info.port,
          method: 'POST',
          path: '/mcp',
          headers: { ...headers, host: 'evil.example', authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        },
      );
      req.on('error', fail);
      req.end(init);
    });
    expect(status).toBe(403);
  });

  it('answers a body that is not JSON with 400, and one over its size limit with 413', async () => {
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
    };
    const notJson = await fetch(url, { method: 'POST', headers, body: '{"jsonrpc":' });
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain('the body is not JSON');
    const huge = await fetch(url, { method: 'POST', headers, body: `"${'x'.repeat(2 * 1024 * 1024)}"` });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('an MCP request may be at most');
  });

  it('accepts the receiver keys once they are set, and is off when Settings turn it off', async () => {
    await handle.commands.run('updateSettings', { publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' });
    const basic = `Basic ${Buffer.from('pk-lf-1:sk-lf-1').toString('base64')}`;
    const withKeys = new Client({ name: 'keys', version: '1' });
    await withKeys.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: basic } } }),
    );
    expect((await withKeys.listTools()).tools.length).toBe(9);
    await withKeys.close();
    await handle.commands.run('updateSettings', { publicKey: '', secretKey: '', mcp: { enabled: false } });
    const off = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(off.status).toBe(404);
    expect(await off.text()).toContain('turn it on in');
    await handle.commands.run('updateSettings', { mcp: { enabled: true } });
  });

  it('gives Connect the URL and the token', async () => {
    expect(await handle.commands.run('mcpConnection', null)).toEqual({ enabled: true, url, token });
  });

  it('relays stdio to the running Loupe, found through its data directory, with no configuration', async () => {
    const stdio = new Client({ name: 'loupe-stdio-test', version: '1.0.0' });
    await stdio.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(repoRoot, 'bin', 'loupe-mcp.mjs'), '--data-dir', dataDir],
        cwd: repoRoot,
        stderr: 'pipe',
      }),
    );
    expect((await stdio.listTools()).tools.map((t) => t.name)).toContain('get_trace');
    const tree = await stdio.callTool({ name: 'get_trace', arguments: { traceId: firstRun } });
    expect(textOf(tree)).toContain('[AGENT] weather-agent');
    const bad = await stdio.callTool({ name: 'get_trace', arguments: { traceId: 'nope' } });
    expect(bad.isError).toBe(true);
    await stdio.close();
  });

  it('over stdio, says clearly when no Loupe runs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'loupe-mcp-none-'));
    const stdio = new Client({ name: 'loupe-stdio-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(repoRoot, 'bin', 'loupe-mcp.mjs'), '--data-dir', empty],
      stderr: 'pipe',
    });
    await expect(stdio.connect(transport)).rejects.toThrow(
      /Loupe is not running: start the Loupe desktop app, or npm run serve/,
    );
    await stdio.close();
    rmSync(empty, { recursive: true, force: true });
  });

  /**
   * The MCP Inspector's CLI, pinned, run with npx: it is not a dependency of Loupe (it wants Node 22 and brings its
   * own UI stack), so npx fetches it from the npm registry once and runs it from its cache after that (`.ci/run`
   * fetches it before the tests).
   */
  it('answers the MCP Inspector CLI: its tool list, and a tree by trace id', async () => {
    const inspector = (...args: string[]) =>
      run(
        'npx',
        [
          '-y',
          '@modelcontextprotocol/inspector@0.22.0',
          '--cli',
          url,
          '--transport',
          'http',
          '--header',
          `Authorization: Bearer ${token}`,
          ...args,
        ],
        { cwd: repoRoot, timeout: 120_000 },
      ).then((r) => JSON.parse(r.stdout));
    const listed = await inspector('--method', 'tools/list');
    expect(listed.tools.map((t: { name: string }) => t.name)).toContain('last_failed_trace');
    const tree = await inspector(
      '--method',
      'tools/call',
      '--tool-name',
      'get_trace',
      '--tool-arg',
      `traceId=${firstRun}`,
    );
    expect(tree.content[0].text).toContain('[AGENT] weather-agent');
    const unknown = await inspector('--method', 'tools/call', '--tool-name', 'get_trace', '--tool-arg', 'traceId=nope');
    expect(unknown.isError).toBe(true);
  });

  it('answers every tool with what to open when no window or page is connected', async () => {
    await page.close();
    expect(await waitFor(() => !handle.queries.connected)).toBe(true);
    const result = await client.callTool({ name: 'list_traces', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      "Open Loupe's window (or the page printed by npm run serve)".replace('Open', 'open'),
    );
  });
});
