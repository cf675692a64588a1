import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import type { IngestBatch, ServerMessage } from '@core/wire/protocol';
import WebSocket from 'ws';

export const repoRoot = resolve(__dirname, '..', '..');
export const fixturesDir = resolve(repoRoot, '..', 'shared', 'fixtures', 'otlp');
const READY = /Loupe is listening on http:\/\/127\.0\.0\.1:(\d+)\//;
const PAGE_LINK = /Open Loupe in your browser: (\S+)\n/;

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  /** The printed link with this launch's key. */
  pageUrl: string;
  output: () => string;
  /** Ends the process with the signal and waits for it to be gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILLs the server itself (the wrapper script does not pass SIGKILL on: nothing can). */
  crash(): Promise<void>;
}

/** Starts `npm run serve`'s script (it builds when out/ is stale) and waits for its ready line. */
export async function startServeProcess(
  dataDir: string,
  args: string[] = [],
  timeoutMs = 170_000,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not get ready:\n${output}`)), timeoutMs);
    child.stdout?.on('data', () => {
      const match = READY.exec(output);
      if (!match || !PAGE_LINK.test(output)) return;
      clearTimeout(timer);
      done(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`serve exited early with ${code}:\n${output}`)));
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  };
  const crash = async () => {
    try {
      const { pid } = JSON.parse(readFileSync(join(dataDir, 'serve.json'), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await stop('SIGKILL');
  };
  const pageUrl = PAGE_LINK.exec(output)?.[1] ?? '';
  return { child, port, pageUrl, output: () => output, stop, crash };
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function post(port: number, path: string, body: Buffer | string, headers: Record<string, string>) {
  return new Promise<HttpReply>((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** A WebSocket to `/ws` as Loupe's own page opens it: from its origin, with this launch's key (from the link). */
export function pageSocket(pageUrl: string, profile?: string): WebSocket {
  const url = new URL(pageUrl);
  const key = url.searchParams.get('key') ?? '';
  return new WebSocket(`ws://${url.host}/ws${profile ? `?profile=${profile}` : ''}`, {
    origin: url.origin,
    headers: { cookie: `loupe-key-${url.port}=${key}` },
  });
}

/**
 * A headless page stand-in: connects to `/ws`, records every batch, and acks it (after `ackDelayMs`, to play a slow
 * writer) unless told not to.
 */
export async function storeClient(pageUrl: string, options: { ack?: boolean; ackDelayMs?: number } = {}) {
  const ws = pageSocket(pageUrl);
  const batches: IngestBatch[] = [];
  const notices: string[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as ServerMessage;
    if (msg.type === 'notice') notices.push(msg.notice.message);
    if (msg.type !== 'batch') return;
    batches.push(msg.batch);
    if (options.ack === false) return;
    const ack = () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'ack', seq: msg.batch.seq }));
    if (options.ackDelayMs) setTimeout(ack, options.ackDelayMs);
    else ack();
  });
  await new Promise((done, fail) => {
    ws.once('open', done);
    ws.once('error', fail);
  });
  const spanIds = () => new Set(batches.flatMap((b) => b.observations.map((o) => o.id)));
  const close = () =>
    new Promise<void>((done) => {
      if (ws.readyState === WebSocket.CLOSED) return done();
      ws.once('close', () => done());
      ws.close();
    });
  return { ws, batches, notices, spanIds, close };
}

/** Polls until `check` is true or the time is up; returns whether it became true. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 25));
  }
  return true;
}

let counter = 0;
/** An OTLP/JSON request with `spans` new root spans (unique ids), and their span ids. */
export function otlpJsonRequest(spans: number, attributeBytes = 0): { body: string; spanIds: string[] } {
  const spanIds: string[] = [];
  const now = BigInt(Date.now()) * 1_000_000n;
  const list = Array.from({ length: spans }, () => {
    counter++;
    const spanId = (BigInt(process.pid) * 1_000_000_000n + BigInt(counter)).toString(16).padStart(16, '0');
    spanIds.push(spanId);
    return {
      traceId: spanId.padStart(32, 'a'),
      spanId,
      name: `span ${counter}`,
      kind: 1,
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 1_000_000n),
      attributes: attributeBytes ? [{ key: 'input.value', value: { stringValue: 'x'.repeat(attributeBytes) } }] : [],
    };
  });
  const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: list }] }] });
  return { body, spanIds };
}
