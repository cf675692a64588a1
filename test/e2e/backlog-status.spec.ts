import { expect, test } from '@playwright/test';
import { openBrowser, postSpans, type ServeHandle, startServe, type TestSpan } from './harness';

let serve: ServeHandle;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
});

const REQUESTS = 300;
const SPANS_PER_REQUEST = 100;

/** One trace per request: a root and its children, like an agent run's spans. */
function request(n: number): TestSpan[] {
  const traceId = (n + 1).toString(16).padStart(32, '0');
  return Array.from({ length: SPANS_PER_REQUEST }, (_, i) => ({
    traceId,
    spanId: (n * SPANS_PER_REQUEST + i + 1).toString(16).padStart(16, '0'),
    ...(i > 0 ? { parentSpanId: (n * SPANS_PER_REQUEST + 1).toString(16).padStart(16, '0') } : {}),
    name: i === 0 ? `burst-run-${n}` : `step-${i}`,
    startMs: i,
    endMs: i + 5,
    attributes: { 'gen_ai.operation.name': i % 4 === 0 ? 'chat' : 'execute_tool', 'input.value': 'x'.repeat(200) },
  }));
}

test('a burst received while no page was open shows as "Storing … spans" in the list until it is stored, then "Live"', async () => {
  // Nobody stores these yet: they wait in the spool.
  for (let n = 0; n < REQUESTS; n++) await postSpans(serve.url, request(n));

  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    // Whether the first-run screen ever showed: the store is empty until the first commit, but traces are on their
    // way. Page code as a string: the tests type-check without the DOM library.
    await page.addInitScript(`
      window.sawEmptyState = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="empty-state"]')) window.sawEmptyState = true;
      }).observe(document, { childList: true, subtree: true });
    `);
    await page.goto(serve.pageUrl);
    const status = page.getByTestId('connection-status');
    await expect(status).toHaveAttribute('role', 'status');
    await expect(status).toHaveText(/^Storing [\d,]+ spans/);
    // The first report counts everything that waits.
    const first = Number(/Storing ([\d,]+)/.exec((await status.textContent()) ?? '')?.[1]?.replaceAll(',', ''));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(REQUESTS * SPANS_PER_REQUEST);
    await expect(status).toHaveText('Live', { timeout: 120_000 });
    // Every trace is listed once the store has caught up.
    await expect(page.getByTestId('trace-count')).toHaveText(`${REQUESTS} traces`);
    // The list's frame stood from the start; "No traces yet" never flashed in between.
    expect(await page.evaluate('window.sawEmptyState')).toBe(false);
  } finally {
    await browser.close();
  }
});
