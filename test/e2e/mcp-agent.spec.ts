import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-mcp-'));
  serve = await startServe({ dataDir });
});

test.afterAll(async () => {
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

const textOf = (result: unknown) =>
  ((result as CallToolResult).content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');

test("a coding agent reads, through MCP, the trace a real Langfuse SDK run stored in the page's IndexedDB", async () => {
  const browser = await openBrowser();
  const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    await runSdk('langfuse-agent.mjs', serve.url, ['mcp-e2e-run', 'What is the weather in Paris today?']);
    await expect(page.getByTestId('trace-row').filter({ hasText: 'mcp-e2e-run' })).toBeVisible();

    // Connect shows the agent snippets with this Loupe's port and token.
    const token = readFileSync(join(dataDir, 'mcp-token'), 'utf8').trim();
    await page.goto(`${serve.pageUrl}#/connect`);
    await expect(page.getByTestId('agent-claude-code')).toContainText(
      `claude mcp add --transport http loupe ${serve.url}/mcp --header "Authorization: Bearer ${token}"`,
    );
    await page.getByTestId('connect-agents').screenshot({ path: test.info().outputPath('connect-agents.png') });

    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const list = await client.callTool({ name: 'list_traces', arguments: { name: 'mcp-e2e' } });
    const traces = (list.structuredContent as { traces: { id: string; totalTokens: number }[] }).traces;
    expect(traces).toHaveLength(1);
    expect(traces[0]?.totalTokens).toBe(170);
    const tree = textOf(await client.callTool({ name: 'get_trace', arguments: { traceId: traces[0]?.id } }));
    expect(tree).toMatch(/- \[AGENT\] weather-agent \([0-9a-f]{16}\)/);
    expect(tree).toMatch(/ {2}- \[GENERATION\] plan-step \([0-9a-f]{16}\) · gpt-4o-mini · \d+ ms · 59 tok/);
    expect(tree).toContain('[SPAN] cache-lookup');
    expect(tree).toContain('ERROR: cache backend unreachable: connection refused');

    // The page is the store: with it closed, the agent is told to open it.
    await page.close();
    await expect
      .poll(async () => textOf(await client.callTool({ name: 'list_traces', arguments: {} })))
      .toContain("open Loupe's window (or the page printed by npm run serve)");
  } finally {
    await client.close();
    await browser.close();
  }
});
