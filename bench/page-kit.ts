import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { build } from 'vite';
import { repoRoot } from '../test/e2e/harness';

let bundle: Promise<string> | null = null;

/** bench/page/bench-page.ts as one script, built once per run with the app's own bundler and aliases. */
export function pageScript(): Promise<string> {
  bundle ??= (async () => {
    const result = await build({
      configFile: false,
      logLevel: 'warn',
      resolve: { alias: { '@core': join(repoRoot, 'src', 'core') } },
      build: {
        write: false,
        minify: false,
        lib: { entry: join(repoRoot, 'bench', 'page', 'bench-page.ts'), formats: ['iife'], name: 'loupeBenchKit' },
      },
    });
    const output = Array.isArray(result) ? result[0] : result;
    if (!output || !('output' in output)) throw new Error('the bench page kit did not build to one bundle');
    return output.output[0].code;
  })();
  return bundle;
}

/** Where the kit is loaded: the server's health endpoint, of the app's origin. */
export const kitUrl = (baseUrl: string) => `${baseUrl}/api/public/health`;

/**
 * Loads the seeding and baseline helpers into a page of the app's origin (so they reach the same IndexedDB). The
 * page is the server's health endpoint, not the app: nothing else holds the database open or reacts to writes.
 */
export async function openKit(page: Page, baseUrl: string): Promise<void> {
  await page.goto(kitUrl(baseUrl));
  await page.evaluate(await pageScript());
}

/** The page's JavaScript heap and array buffers after a full collection, in MB (workers' heaps are not counted). */
export async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  // Typed arrays keep their bytes outside the JavaScript heap proper: count those too.
  const { usedSize, backingStorageSize } = await cdp.send('Runtime.getHeapUsage');
  return (usedSize + (backingStorageSize ?? 0)) / 1024 ** 2;
}

/** Starts collecting main-thread long tasks (over 50 ms) into `window.benchLongTasks`. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { benchLongTasks: { start: number; duration: number }[] };
    w.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.benchLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
}

/** The longest main-thread task between two page times, in ms (0 when none was over 50 ms). */
export async function longestTask(page: Page, from: number, to: number): Promise<{ max: number; count: number }> {
  return page.evaluate(
    ([a, b]) => {
      const tasks = (window as unknown as { benchLongTasks: { start: number; duration: number }[] }).benchLongTasks;
      const during = tasks.filter((t) => t.start + t.duration >= (a as number) && t.start <= (b as number));
      return { max: Math.max(0, ...during.map((t) => t.duration)), count: during.length };
    },
    [from, to],
  );
}
