import { expect, type Page, test } from '@playwright/test';
import { openBrowser, type ServeHandle, startServe } from '../test/e2e/harness';
import { heapMb, longestTask, openKit, watchLongTasks } from './page-kit';
import { percentile, record } from './results';

/**
 * Opening big traces, panning and zooming the timeline of one, and the page's heap while it is open. Traces are
 * written straight into the store (the same records the writer makes), so only opening them is measured.
 */

const SIZES = [1_000, 10_000, 100_000];
const SHAPES = ['deep', 'wide'] as const;
const traceIdOf = (shape: string, size: number) =>
  `${shape === 'deep' ? 'de' : 'a1'}${size.toString(16).padStart(30, '0')}`;
const OPEN_TARGET_MS: Record<number, number> = { 10000: 1000, 100000: 1000 };
/**
 * The largest trace, one shape only, seeded by its own test: seeding 1M observations with their bodies, summaries and
 * facts takes about eight minutes on two cores, most of this benchmark's time.
 */
const HUGE = 1_000_000;
const HUGE_TARGET_MS = 5000;
const HUGE_LABEL = '1M';
/** The header and facts show this soon at every size: they are one summary and one body, whatever the tree. */
const FIRST_PAINT_TARGET_MS = 100;
const FIRST_PAINT_LIMITS =
  'one indexed read of the trace summary and its body, then React; the tree is not waited for.';
/**
 * Each trace is opened this many times, each time in a fresh page (a new app, nothing of the trace in memory), and the
 * times are the medians: one open on a shared two-core machine varies by half its time.
 */
const OPENS = 3;

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  const page = await browser.context.newPage();
  await openKit(page, serve.url);
  for (const shape of SHAPES) {
    for (const size of SIZES) {
      await page.evaluate(
        ([id, s, n]) =>
          (window as never as { loupeBench: { seedTrace: (...a: unknown[]) => Promise<number> } }).loupeBench.seedTrace(
            id,
            s,
            n,
          ),
        [traceIdOf(shape, size), shape, size] as const,
      );
    }
  }
  await page.close();
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

const OPEN_LIMITS =
  "the worker reading the trace's skeleton log (ADR 0012: one indexed range read of a few columnar records, here one per 10k-observation transaction) and building the tree from it; the UI thread only receives the transferred arrays. The baseline reads the same trace's rows, which is what opening used to cost before the tree was built.";

interface OpenTimes {
  firstPaint: number;
  interactive: number;
  t0: number;
  t1: number;
}

/** From the list, opens a trace as a click would (the hash changes), timing the header and the full tree. */
async function openTrace(page: Page, traceId: string): Promise<OpenTimes> {
  return page.evaluate(async (id) => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const until = async (ok: () => boolean) => {
      while (!ok()) await new Promise((done) => requestAnimationFrame(done));
      return performance.now();
    };
    performance.clearMarks('loupe:trace:ready');
    const t0 = performance.now();
    location.hash = `#/trace/${id}`;
    await until(() => document.querySelector('.trace-title') !== null);
    await frame();
    const firstPaint = performance.now() - t0;
    await until(
      () =>
        performance.getEntriesByName('loupe:trace:ready').length > 0 &&
        document.querySelector('[data-testid="tree-row"]') !== null,
    );
    await frame();
    const t1 = performance.now();
    return { firstPaint, interactive: t1 - t0, t0, t1 };
  }, traceId);
}

interface Opened {
  times: OpenTimes;
  tasks: { max: number; count: number };
}

/** A fresh page (a new app) on the trace list, watching for long tasks. */
async function listPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row').first()).toBeVisible();
  await watchLongTasks(page);
  return page;
}

/** Opens a trace from the list `page` shows, timing it and finding its longest task. */
async function timeOpen(page: Page, id: string): Promise<Opened> {
  const times = await openTrace(page, id);
  await page.waitForTimeout(300);
  return { times, tasks: await longestTask(page, times.t0, times.t1 + 300) };
}

/**
 * Opens a trace `more` times after the open `page` made, each time in a fresh page once the one before is closed;
 * resolves with those opens and the last page, still open.
 */
async function openAgain(id: string, page: Page, more: number): Promise<{ opens: Opened[]; page: Page }> {
  const opens: Opened[] = [];
  let last = page;
  for (let i = 0; i < more; i++) {
    await last.close();
    last = await listPage();
    opens.push(await timeOpen(last, id));
  }
  return { opens, page: last };
}

/** The medians of several opens of one trace, with their spread in words for the report. */
function summarize(opens: Opened[]) {
  const firstPaints = opens.map((o) => o.times.firstPaint);
  const interactives = opens.map((o) => o.times.interactive);
  const list = (values: number[]) => values.map((v) => Math.round(v).toLocaleString('en-US')).join(', ');
  return {
    firstPaint: percentile(firstPaints, 50),
    interactive: percentile(interactives, 50),
    tasks: {
      max: Math.max(...opens.map((o) => o.tasks.max)),
      count: opens.reduce((n, o) => n + o.tasks.count, 0),
    },
    firstPaintOpens: `Median of ${opens.length} opens, each in a fresh page: ${list(firstPaints)} ms.`,
    interactiveOpens: `Median of ${opens.length} opens, each in a fresh page: ${list(interactives)} ms.`,
  };
}

/** Zooms and pans the timeline of a trace, one wheel event per frame, timing the frames against idle ones. */
async function timelineFrames(page: Page, traceId: string): Promise<{ intervals: number[]; idle: number[] }> {
  await page.evaluate((id) => {
    location.hash = `#/trace/${id}?view=timeline`;
  }, traceId);
  await expect(page.getByTestId('timeline-range')).toContainText(' of ');
  return page.evaluate(async () => {
    const canvas = document.querySelector('[data-testid="timeline-canvas"]') as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    const intervals: number[] = [];
    const idle: number[] = [];
    const run = (n: number, out: number[], input: (i: number) => void) =>
      new Promise<void>((done) => {
        let last = -1;
        let i = 0;
        const step = (t: number) => {
          if (last >= 0) out.push(t - last);
          last = t;
          if (i++ >= n) return done();
          input(i);
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
    const wheel = (i: number) => {
      // Zoom in for a while, pan both ways, zoom out again: 60 events each way, one per frame.
      const phase = Math.floor(i / 60) % 4;
      const zoomIn = phase === 0;
      const zoomOut = phase === 3;
      canvas.dispatchEvent(
        new WheelEvent('wheel', {
          bubbles: true,
          cancelable: true,
          clientX: rect.left + rect.width * 0.4,
          clientY: rect.top + 100,
          deltaY: zoomIn ? -120 : zoomOut ? 120 : phase === 1 ? 80 : -80,
          ctrlKey: zoomIn || zoomOut,
          shiftKey: !(zoomIn || zoomOut),
        }),
      );
    };
    await run(120, idle, () => undefined);
    await run(240, intervals, wheel);
    return { intervals, idle };
  });
}

/** The timeline's frame figures for one trace. */
function recordTimeline(label: string, frames: { intervals: number[]; idle: number[] }): void {
  const p50 = percentile(frames.intervals, 50);
  const p95 = percentile(frames.intervals, 95);
  const idle95 = percentile(frames.idle, 95);
  record({
    group: 'timeline',
    name: `${label}: frame time while zooming and panning, p50`,
    value: p50,
    unit: 'ms',
    baseline: { name: 'idle frames of the same page, p50', value: percentile(frames.idle, 50), unit: 'ms' },
    limits:
      'rAF-to-rAF intervals over 240 frames with one wheel event per frame; the display rate (60 Hz) is the floor.',
  });
  record({
    group: 'timeline',
    name: `${label}: frame time while zooming and panning, p95`,
    value: p95,
    unit: 'ms',
    baseline: { name: 'idle frames of the same page, p95', value: idle95, unit: 'ms' },
    // rAF intervals jitter by a few tenths of a ms around 16.7; a dropped frame shows as 33 ms or more.
    target:
      '≤ 16.7 ms, one 60 Hz frame (met below 20 ms: intervals jitter by tenths of a ms, a dropped frame is 33 ms)',
    met: p95 < 20,
    limits:
      'headless Chromium without a GPU rasterizes the canvas in software; frames are paced at 60 Hz, so a frame that misses shows as 33 ms.',
  });
}

test('trace open: 1k, 10k and 100k observations, deep and wide', async () => {
  for (const shape of SHAPES) {
    for (const size of SIZES) {
      const id = traceIdOf(shape, size);
      const first = await listPage();
      const firstOpen = await timeOpen(first, id);
      const { opens, page } = await openAgain(id, first, OPENS - 1);
      const { firstPaint, interactive, tasks, firstPaintOpens, interactiveOpens } = summarize([firstOpen, ...opens]);
      const raw = await (async () => {
        await openKit(page, serve.url);
        return page.evaluate(
          (tid) =>
            (
              window as never as { loupeBench: { rawTraceRead: (id: string) => Promise<{ ms: number }> } }
            ).loupeBench.rawTraceRead(tid),
          id,
        );
      })();
      const label = `${(size / 1000).toFixed(0)}k observations, ${shape === 'deep' ? 'deep agent nesting' : 'wide fan-out'}`;
      const target = OPEN_TARGET_MS[size];
      record({
        group: 'trace open',
        name: `${label}: first paint (header, facts)`,
        value: firstPaint,
        unit: 'ms',
        target: `≤ ${FIRST_PAINT_TARGET_MS} ms`,
        met: firstPaint <= FIRST_PAINT_TARGET_MS,
        limits: `${FIRST_PAINT_LIMITS} ${firstPaintOpens}`,
      });
      record({
        group: 'trace open',
        name: `${label}: fully interactive (whole tree shown)`,
        value: interactive,
        unit: 'ms',
        baseline: { name: 'raw IndexedDB read of the rows', value: raw.ms, unit: 'ms' },
        target: target ? `≤ ${target} ms` : undefined,
        met: target ? interactive <= target : undefined,
        limits: `${OPEN_LIMITS} ${interactiveOpens}`,
      });
      record({
        group: 'trace open',
        name: `${label}: longest main-thread task while opening`,
        value: tasks.max,
        unit: 'ms',
        target: '≤ 100 ms',
        met: tasks.max <= 100,
        limits: `${tasks.count} task(s) over 50 ms in ${OPENS} opens, from the hash change to 300 ms after the tree showed; the longest of them. Tasks under 50 ms are not reported by the browser and count as 0.`,
      });
      await page.close();
    }
  }
});

test('trace open: the largest trace, deep agent nesting; heap with it open; its timeline', async () => {
  test.setTimeout(1_800_000);
  const id = traceIdOf('deep', HUGE);
  const seedPage = await browser.context.newPage();
  await openKit(seedPage, serve.url);
  const seedStarted = Date.now();
  await seedPage.evaluate(
    ([tid, n]) =>
      (window as never as { loupeBench: { seedTrace: (...a: unknown[]) => Promise<number> } }).loupeBench.seedTrace(
        tid,
        'deep',
        n,
      ),
    [id, HUGE] as const,
  );
  const seedMs = Date.now() - seedStarted;
  await seedPage.close();

  // The heap and the timeline are measured in the first open's page, before it closes.
  const first = await listPage();
  const cdp = await first.context().newCDPSession(first);
  const listHeap = await heapMb(cdp);
  const firstOpen = await timeOpen(first, id);
  const openHeap = await heapMb(cdp);
  const frames = await timelineFrames(first, id);
  const { opens, page } = await openAgain(id, first, OPENS - 1);
  const { firstPaint, interactive, tasks, firstPaintOpens, interactiveOpens } = summarize([firstOpen, ...opens]);
  await openKit(page, serve.url);
  const raw = await page.evaluate(
    (tid) =>
      (
        window as never as { loupeBench: { rawTraceRead: (id: string) => Promise<{ ms: number }> } }
      ).loupeBench.rawTraceRead(tid),
    id,
  );
  const label = `${HUGE_LABEL} observations, deep agent nesting`;
  record({
    group: 'trace open',
    name: `${label}: first paint (header, facts)`,
    value: firstPaint,
    unit: 'ms',
    target: `≤ ${FIRST_PAINT_TARGET_MS} ms`,
    met: firstPaint <= FIRST_PAINT_TARGET_MS,
    limits: `${FIRST_PAINT_LIMITS} ${firstPaintOpens}`,
  });
  record({
    group: 'trace open',
    name: `${label}: fully interactive (whole tree shown)`,
    value: interactive,
    unit: 'ms',
    baseline: { name: 'raw IndexedDB read of the rows', value: raw.ms, unit: 'ms' },
    target: `≤ ${HUGE_TARGET_MS} ms`,
    met: interactive <= HUGE_TARGET_MS,
    limits: `${OPEN_LIMITS} ${interactiveOpens} Seeding the trace (with bodies, summaries and facts, ${HUGE / 10_000} transactions) took ${(seedMs / 1000).toFixed(0)} s.`,
  });
  record({
    group: 'trace open',
    name: `${label}: longest main-thread task while opening`,
    value: tasks.max,
    unit: 'ms',
    target: '≤ 100 ms',
    met: tasks.max <= 100,
    limits: `${tasks.count} task(s) over 50 ms in ${OPENS} opens, from the hash change to 300 ms after the tree showed; the longest of them.`,
  });
  record({
    group: 'trace open',
    name: `renderer heap with a ${HUGE_LABEL}-observation trace open`,
    value: openHeap,
    unit: 'MB',
    baseline: { name: 'the list, before opening', value: listHeap, unit: 'MB' },
    target: '≤ 500 MB',
    met: openHeap <= 500,
    limits:
      "the page's JavaScript heap after a full collection (CDP Runtime.getHeapUsage), before the baseline read; the skeleton's typed arrays are outside the JS heap, and the worker's heap is not in this figure.",
  });
  recordTimeline(label, frames);
  await page.close();
});

test('timeline: panning and zooming 100k observations; heap with the trace open', async () => {
  const page = await browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row').first()).toBeVisible();
  const listHeap = await heapMb(cdp);
  await openTrace(page, traceIdOf('deep', 100_000));
  const openHeap = await heapMb(cdp);
  record({
    group: 'trace open',
    name: 'renderer heap with a 100k-observation trace open',
    value: openHeap,
    unit: 'MB',
    baseline: { name: 'the list, before opening', value: listHeap, unit: 'MB' },
    target: '≤ 500 MB',
    met: openHeap <= 500,
    limits:
      "the page's JavaScript heap after a full collection (CDP Runtime.getHeapUsage). The trace's rows are read and the tree is built in a worker and handed over as transferred arrays: the worker's heap, array buffers outside the JS heap and canvas memory are not in this figure, so it understates the renderer process's memory.",
  });

  for (const shape of SHAPES) {
    const frames = await timelineFrames(page, traceIdOf(shape, 100_000));
    recordTimeline(`100k observations, ${shape === 'deep' ? 'deep agent nesting' : 'wide fan-out'}`, frames);
  }
  await page.screenshot({ path: test.info().outputPath('timeline-100k.png') });
  await page.close();
});
