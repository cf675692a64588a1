import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BrowserContext, chromium, expect, type Page } from '@playwright/test';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

/** Debian's Chromium; never a browser Playwright downloads. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface ServeHandle {
  /** Where senders post (the OTLP endpoint's base). */
  url: string;
  /** The printed link that opens the UI with this launch's key; `${pageUrl}#/route` opens a route. */
  pageUrl: string;
  port: number;
  /** The OTLP/gRPC endpoint, `http://127.0.0.1:<port>`; null when the server has none (or did not say). */
  grpcUrl: string | null;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `npm run serve` exactly as a user would, and waits for its ready line (it may build first). */
export async function startServe(options: { dataDir?: string } = {}): Promise<ServeHandle> {
  const port = await freePort();
  // A given data directory outlives the server (to start another on it); a fresh one is removed on stop.
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loupe-e2e-data-'));
  // Any free gRPC port: tests must not depend on 4317 being free.
  const args = ['run', 'serve', '--', '--port', String(port), '--grpc-port', '0', '--data-dir', dataDir];
  const child = spawn('npm', args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not get ready in 150 s:\n${log}`)), 150_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/\S+?)\/? /.exec(log);
      if (match?.[1] && /Open Loupe in your browser: \S+\n/.test(log)) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}:\n${log}`));
    });
  });
  const grpc = /OTLP\/gRPC: (127\.0\.0\.1:\d+)/.exec(log);
  const pageUrl = /Open Loupe in your browser: (\S+)/.exec(log)?.[1] ?? url;
  return {
    url,
    pageUrl,
    port,
    grpcUrl: grpc?.[1] ? `http://${grpc[1]}` : null,
    output: () => log,
    stop: async () => {
      await stopGroup(child);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const group = child.pid;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-group, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }, 5_000);
  await exited;
  // npm exits before the server it started has finished closing (and writing its last files): wait for the whole
  // group, so the data directory can be removed.
  while (groupAlive(group)) await new Promise((done) => setTimeout(done, 50));
  clearTimeout(timer);
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs one of the SDK scripts in test/e2e/sdk against the server, as a separate process like a user's app. */
export async function runSdk(script: string, baseUrl: string, args: string[] = []): Promise<void> {
  await promisify(execFile)(process.execPath, [join(repoRoot, 'test', 'e2e', 'sdk', script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LANGFUSE_BASE_URL: baseUrl, OTEL_EXPORTER_OTLP_ENDPOINT: baseUrl },
    timeout: 60_000,
  });
}

/** A fresh persistent browser profile, so the IndexedDB store starts empty and survives reloads. */
export async function openBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'loupe-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/**
 * Opens the listed trace named `name` once the list holds all `listed` traces sent. The newest trace is listed first,
 * so a trace arriving while the pointer is on its way moves every row below it: a click aimed at a row while the
 * list still fills can land on another trace, for a test as for a person.
 */
export async function openListedTrace(page: Page, name: string, listed: number): Promise<void> {
  const rows = page.getByTestId('trace-row');
  await expect(rows).toHaveCount(listed);
  await rows.filter({ hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

export interface TestSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** Offsets from now, in milliseconds. */
  startMs?: number;
  endMs?: number;
  attributes: Record<string, string>;
}

/** Spans as one OTLP/JSON request: for payloads an SDK would rewrite (inline images) or sizes it would take long to make. */
export async function postSpans(baseUrl: string, spans: TestSpan[]): Promise<void> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const ns = (ms: number) => String(now + BigInt(Math.round(ms * 1_000_000)));
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'e2e' } }] },
        scopeSpans: [
          {
            scope: { name: 'e2e' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: 1,
              startTimeUnixNano: ns(span.startMs ?? 0),
              endTimeUnixNano: ns(span.endMs ?? 5),
              attributes: Object.entries(span.attributes).map(([key, v]) => ({ key, value: { stringValue: v } })),
              status: {},
            })),
          },
        ],
      },
    ],
  };
  const response = await fetch(`${baseUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /v1/traces answered ${response.status}: ${await response.text()}`);
}

/** One span as OTLP/JSON. */
export function postSpan(baseUrl: string, span: TestSpan): Promise<void> {
  return postSpans(baseUrl, [span]);
}
