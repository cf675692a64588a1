import { Agent, request } from 'node:http';
import type { Page } from '@playwright/test';
import type { OneRecordRun } from './page/one-record-worker';

/**
 * What the benches that store a large load share: posting it to the receiver, and watching the page's main thread
 * (long tasks, frames) until the store holds it all.
 */

/** Requests in flight to the receiver at once. */
export const CONCURRENCY = 4;

/**
 * The physical limit the drain and SDK-to-store figures are measured against (the kit's `onePerSpan`): one raw
 * IndexedDB put per span, in relaxed-durability transactions as large as the writer's largest grouped one, from a
 * Web Worker.
 */
export const PHYSICAL_LIMIT = {
  method: 'idb',
  durability: 'relaxed',
  perTransaction: 8_192,
} as const satisfies OneRecordRun;

/** Posts every body to the receiver, `CONCURRENCY` at a time over keep-alive connections. */
export async function postAll(url: string, bodies: Buffer[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (body: Buffer) =>
    new Promise<void>((done, fail) => {
      const req = request(
        `${url}/v1/traces`,
        {
          method: 'POST',
          agent,
          timeout: 60_000,
          headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? done() : fail(new Error(`answered ${res.statusCode}`))));
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer in 60 s')));
      req.on('error', fail);
      req.end(body);
    });
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) await post(bodies[next++] as Buffer);
      }),
    );
  } finally {
    agent.destroy();
  }
}

/** A frame of the page that took over 50 ms (the Long Animation Frames API), with what its time went to. */
export interface LongFrame {
  start: number;
  duration: number;
  /** From the start of style and layout to the end of the frame (layout, paint and what follows), ms. */
  styleAndLayout: number;
  /** The scripts that ran in it, longest first: "what (where)=ms", forced layouts marked. */
  scripts: string[];
}

export interface PageWatch {
  tasks: { start: number; duration: number }[];
  /** Every frame over 50 ms, to say what the longest task was made of. */
  longFrames: LongFrame[];
  frames: number[];
  /** The first frame in which the trace list showed its count caption (some trace was stored); null before. */
  listedAt: number | null;
}

/** Installed before the app's own scripts: every long task of the page's main thread, and every frame's time. */
export function watchMainThread(): void {
  const w = window as unknown as { benchWatch: PageWatch };
  const watch: PageWatch = { tasks: [], longFrames: [], frames: [], listedAt: null };
  w.benchWatch = watch;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) watch.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  type Script = {
    invoker: string;
    invokerType: string;
    sourceFunctionName: string;
    duration: number;
    forcedStyleAndLayoutDuration: number;
  };
  type Frame = PerformanceEntry & { styleAndLayoutStart: number; scripts: Script[] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Frame[])
      watch.longFrames.push({
        start: e.startTime,
        duration: e.duration,
        styleAndLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        scripts: [...e.scripts]
          .sort((a, b) => b.duration - a.duration)
          .map(
            (x) =>
              `${x.invoker}${x.sourceFunctionName ? ` (${x.sourceFunctionName})` : ''}=${Math.round(x.duration)}${
                x.forcedStyleAndLayoutDuration >= 1
                  ? ` (forced layout ${Math.round(x.forcedStyleAndLayoutDuration)})`
                  : ''
              }`,
          ),
      });
  }).observe({ type: 'long-animation-frame', buffered: true });
  const frame = (t: number) => {
    watch.frames.push(t);
    if (watch.listedAt === null && document.querySelector('[data-testid="trace-count"]')) watch.listedAt = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * Resolves, in the page's clock, once the store holds `spans` observations and the trace list shows `traces`
 * traces: the store is counted with a plain IndexedDB count (the app opened and upgraded the database already), the
 * list by its caption.
 */
export function whenStored([spans, traces, pollMs, timeoutMs]: [number, number, number, number]): Promise<number> {
  const caption = `${traces.toLocaleString('en-US')} traces`;
  return new Promise<IDBDatabase>((done, fail) => {
    const open = indexedDB.open('loupe');
    open.onsuccess = () => done(open.result);
    open.onerror = () => fail(open.error);
  }).then(
    (db) =>
      new Promise<number>((done, fail) => {
        const started = performance.now();
        const count = () =>
          new Promise<number>((counted, failed) => {
            const req = db.transaction('bodyChunks', 'readonly').objectStore('bodyChunks').index('spans').count();
            req.onsuccess = () => counted(req.result);
            req.onerror = () => failed(req.error);
          });
        const poll = async () => {
          try {
            const listed = document.querySelector('[data-testid="trace-count"]')?.textContent === caption;
            if (listed && (await count()) >= spans) {
              db.close();
              done(performance.now());
            } else if (performance.now() - started > timeoutMs) {
              db.close();
              fail(new Error(`not all stored in ${timeoutMs} ms: ${await count()} observations`));
            } else setTimeout(poll, pollMs);
          } catch (error) {
            fail(error);
          }
        };
        void poll();
      }),
  );
}

export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

export const gaps = (frames: number[], from: number, to: number): number[] => {
  const inside = frames.filter((t) => t >= from && t <= to);
  return inside.slice(1).map((t, i) => t - (inside[i] as number));
};
