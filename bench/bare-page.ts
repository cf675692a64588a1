import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/harness';

/**
 * A page in a Chromium that no test framework instruments: driven over the DevTools protocol with only
 * `Runtime.evaluate`, `Page.addScriptToEvaluateOnNewDocument` and `Page.navigate`, no domain enabled but Page's and
 * no worker attached. Playwright attaches to every dedicated worker and enables its Network domain, so every WebSocket frame
 * the store worker receives is copied, with its whole payload, to the test runner: in a drain that is the entire
 * backlog once more, encoded on the worker's thread and sent through the browser process, which no user's page
 * pays. Measurements of the page's own cost while it stores use this page instead.
 */
export interface BarePage {
  /** Runs `fn(arg)` in the page and resolves with its (awaited, JSON-serializable) result. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  /** Runs a script's text in the page (a bundle that sets globals). */
  evaluateScript(source: string): Promise<void>;
  /** Resolves once `fn` returns true in the page, polled; rejects after `timeoutMs`. */
  waitFor(fn: () => boolean, timeoutMs: number): Promise<void>;
  /** Runs `fn` in every document the page loads from now on, before the document's own scripts. */
  addInitScript(fn: () => void): Promise<void>;
  /** Navigates and resolves once the new document at `url` has loaded. */
  goto(url: string): Promise<void>;
  close(): Promise<void>;
}

interface Reply {
  id: number;
  result?: {
    result?: { value?: unknown };
    exceptionDetails?: { text: string; exception?: { description?: string } };
  };
  error?: { message: string };
}

/** Starts the browser with a fresh profile of its own and connects to its one page. */
export async function openBarePage(size = { width: 1440, height: 900 }): Promise<BarePage> {
  const profile = mkdtempSync(join(tmpdir(), 'loupe-bench-bare-'));
  const browser: ChildProcess = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_ARGS,
      '--headless',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      `--window-size=${size.width},${size.height}`,
      'about:blank',
    ],
    // A group of its own, so that closing it stops its helper processes too, before its profile is removed.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const close = async () => {
    if (browser.exitCode === null) {
      const exited = new Promise((done) => browser.once('exit', done));
      process.kill(-(browser.pid as number), 'SIGTERM');
      await exited;
    }
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    const port = await new Promise<string>((done, fail) => {
      let log = '';
      const timer = setTimeout(() => fail(new Error(`Chromium did not open its DevTools port:\n${log}`)), 60_000);
      browser.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(log);
        if (match?.[1]) {
          clearTimeout(timer);
          done(match[1]);
        }
      });
      browser.once('exit', (code) => fail(new Error(`Chromium exited with ${code}:\n${log}`)));
    });
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      type: string;
      webSocketDebuggerUrl: string;
    }[];
    const target = targets.find((t) => t.type === 'page');
    if (!target) throw new Error('Chromium has no page to drive');
    const socket = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((done, fail) => {
      socket.once('open', () => done());
      socket.once('error', fail);
    });
    let nextId = 0;
    const waiting = new Map<number, (reply: Reply) => void>();
    socket.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as Reply;
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    });
    const send = (method: string, params: object): Promise<Reply['result']> =>
      new Promise((done, fail) => {
        const id = ++nextId;
        waiting.set(id, (reply) =>
          reply.error ? fail(new Error(`${method}: ${reply.error.message}`)) : done(reply.result),
        );
        socket.send(JSON.stringify({ id, method, params }));
      });
    // Scripts for new documents are kept only with the Page domain on; it reports frames, not network traffic.
    await send('Page.enable', {});
    const run = async (expression: string) => {
      const result = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (result?.exceptionDetails) {
        const { text, exception } = result.exceptionDetails;
        throw new Error(`in the page: ${exception?.description ?? text}`);
      }
      return result?.result?.value;
    };
    const evaluate = (fn: (arg?: unknown) => unknown, ...args: unknown[]) =>
      run(`(${fn.toString()})(${args.length > 0 ? JSON.stringify(args[0]) : ''})`);
    const waitFor = async (fn: () => boolean, timeoutMs: number) => {
      const started = performance.now();
      for (;;) {
        // While a document is replaced, an evaluation can fail: that is a "not yet".
        if ((await evaluate(fn).catch(() => false)) === true) return;
        if (performance.now() - started > timeoutMs) throw new Error(`not true in ${timeoutMs} ms: ${fn.toString()}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    };
    return {
      evaluate: evaluate as BarePage['evaluate'],
      evaluateScript: async (source) => {
        await run(source);
      },
      waitFor,
      addInitScript: async (fn) => {
        await send('Page.addScriptToEvaluateOnNewDocument', { source: `(${fn.toString()})()` });
      },
      goto: async (url) => {
        // The document being left is marked, so that the wait below cannot mistake it for the new one.
        await evaluate(() => {
          (window as unknown as { benchLeaving: boolean }).benchLeaving = true;
        });
        await send('Page.navigate', { url });
        await waitFor(
          () => !(window as unknown as { benchLeaving?: boolean }).benchLeaving && document.readyState === 'complete',
          120_000,
        );
      },
      close: async () => {
        socket.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
