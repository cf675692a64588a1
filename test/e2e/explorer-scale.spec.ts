import { expect, test } from '@playwright/test';
import { openBrowser, postSpans, type ServeHandle, startServe, type TestSpan } from './harness';

const TRACE = 'c3'.repeat(16);
const STEPS = 400;
const TOOLS_PER_STEP = 4;

let serve: ServeHandle;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
});

/** An agent of 400 steps with 4 tool calls each: 2,001 observations, as one long-running agent would send. */
function bigTrace(): TestSpan[] {
  const spanId = (n: number) => n.toString(16).padStart(16, '0');
  const spans: TestSpan[] = [
    { traceId: TRACE, spanId: spanId(1), name: 'long-agent', startMs: 0, endMs: STEPS * 10, attributes: {} },
  ];
  let next = 2;
  for (let s = 0; s < STEPS; s++) {
    const step = next++;
    spans.push({
      traceId: TRACE,
      spanId: spanId(step),
      parentSpanId: spanId(1),
      name: `step-${s}`,
      startMs: s * 10,
      endMs: s * 10 + 9,
      attributes: { 'langfuse.observation.type': 'chain' },
    });
    for (let t = 0; t < TOOLS_PER_STEP; t++) {
      spans.push({
        traceId: TRACE,
        spanId: spanId(next++),
        parentSpanId: spanId(step),
        name: `tool-${t}`,
        startMs: s * 10 + t * 2,
        endMs: s * 10 + t * 2 + 1.5,
        attributes: { 'langfuse.observation.type': 'tool' },
      });
    }
  }
  return spans;
}

test('a trace of 2,001 observations stays responsive in the tree, timeline and graph', async () => {
  await postSpans(serve.url, bigTrace());
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    await page.getByTestId('trace-row').filter({ hasText: 'long-agent' }).click();
    await expect(page.getByTestId('tree-row').first()).toBeVisible();
    // Virtualized: only the rows in view are in the page.
    expect(await page.getByTestId('tree-row').count()).toBeLessThan(80);
    await page.getByTestId('tree-search').fill('step-399');
    await expect(page.locator('.tree-row.selected')).toContainText('step-399');

    await page.getByTestId('view-timeline').click();
    await expect(page.getByTestId('timeline-range')).toContainText('of 4.00s');
    const started = Date.now();
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    expect(Date.now() - started).toBeLessThan(1000);
    await page.screenshot({ path: test.info().outputPath('timeline-large.png') });

    // Each step's tools are distinct children of distinct steps, so nothing folds: 2,001 nodes laid out in a worker.
    await page.getByTestId('view-graph').click();
    await expect(page.getByTestId('graph')).toBeVisible({ timeout: 30_000 });
  } finally {
    await browser.close();
  }
});
