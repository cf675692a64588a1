import { expect, type Page, test } from '@playwright/test';
import { RUNS, SESSION, sendAgentSession, sendModelSweep, shoot } from './daily-agent';
import { openBrowser, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  await sendAgentSession(serve.url);
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function open(route: string, size = { width: 1440, height: 900 }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row')).toHaveCount(3);
  await page.goto(`${serve.pageUrl}${route}`);
  return page;
}

test('a run recovered by a fallback model is not a failed run in the trace header', async () => {
  const page = await open(`#/trace/${RUNS.recovered.traceId}`);
  const header = page.locator('.trace-header');
  await expect(header).toContainText('1 step failed');
  await expect(header.locator('.level-error')).toHaveCount(0);
  await shoot(page, (n) => test.info().outputPath(n), 'header-recovered');
  await page.goto(`${serve.pageUrl}#/trace/${RUNS.failed.traceId}`);
  await expect(page.locator('.trace-header .level-error')).toHaveText('ERROR');
  await page.close();
});

/** The few page globals the inspector watch uses (the e2e code compiles without the DOM library). */
interface InspectorWatch {
  inspectorSaid: Set<string>;
  document: { querySelector(selector: string): { textContent: string | null } | null };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: { subtree: boolean; childList: boolean; characterData: boolean }): void };
}

test('the recovered run opens on its root with its input, and never says the root has none while it loads', async () => {
  const page = await browser.context.newPage();
  // Everything the inspector says about stored content, as it renders: a moment of "none stored" before the body is
  // read is what a screenshot (or a reader) catches.
  await page.addInitScript(() => {
    const win = globalThis as unknown as InspectorWatch;
    win.inspectorSaid = new Set<string>();
    new win.MutationObserver(() => {
      const note = win.document.querySelector('[data-testid="inspector"] > p.muted');
      if (note?.textContent) win.inspectorSaid.add(note.textContent);
    }).observe(win.document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row')).toHaveCount(3);
  await page.goto(`${serve.pageUrl}#/trace/${RUNS.recovered.traceId}`);
  const inspector = page.getByTestId('inspector');
  await expect(inspector.locator('.inspector-name')).toHaveText('support-agent');
  await expect(page.getByTestId('inspector-input')).toContainText(RUNS.recovered.question);

  // Selected again after the failed model call: the root's input, not the call's.
  const rows = page.getByTestId('tree-row');
  await rows.filter({ hasText: 'gpt-4o' }).filter({ hasText: 'ERROR' }).click();
  await expect(inspector.locator('.inspector-name')).toHaveText('answer');
  await rows.first().click();
  await expect(inspector.locator('.inspector-name')).toHaveText('support-agent');
  await expect(page.getByTestId('inspector-input')).toContainText(RUNS.recovered.question);
  await expect(page.getByTestId('inspector-output')).toContainText('changed the delivery address');
  const said = await page.evaluate(() => [...(globalThis as unknown as InspectorWatch).inspectorSaid]);
  expect(said).not.toContain('No input, output or attributes stored.');
  await page.close();
});

test('the tree, the header and the inspector show a cost alike, to four significant digits', async () => {
  const page = await open(`#/trace/${RUNS.recovered.traceId}`);
  const rows = page.getByTestId('tree-row');
  // The run: $0.0003117 for the plan and $0.0019036 for the fallback's answer (the failed call cost nothing).
  await expect(page.locator('.trace-header')).toContainText('$0.002215');
  await expect(rows.first().getByTestId('tree-usage')).toContainText('$0.002215');
  await expect(rows.filter({ hasText: 'plan' }).getByTestId('tree-usage')).toContainText('$0.0003117');
  const fallback = rows.filter({ hasText: 'answer-fallback' });
  await expect(fallback.getByTestId('tree-usage')).toContainText('$0.001904');
  await fallback.click();
  await expect(page.getByTestId('inspector-cost')).toContainText('$0.001904');
  await page.close();
});

test('the session counts the runs that failed apart from the steps that failed', async () => {
  const page = await open('#/sessions');
  const row = page.getByTestId('session-row').filter({ hasText: SESSION });
  // One run failed (the order service was down); two steps failed across the session (that one, and the model
  // call the fallback replaced).
  await expect(row).toContainText('1 of 3 runs failed');
  await expect(row).toContainText('2 steps failed');
  await shoot(page, (n) => test.info().outputPath(n), 'sessions');

  await row.getByRole('link', { name: SESSION }).click();
  const turns = page.getByTestId('session-turn');
  await expect(turns).toHaveCount(3);
  await expect(turns.nth(0)).not.toContainText('failed');
  await expect(turns.nth(1)).toContainText('1 step failed');
  await expect(turns.nth(1).locator('.level-error')).toHaveCount(0);
  await expect(turns.nth(2).locator('.level-error')).toHaveText('ERROR');
  await shoot(page, (n) => test.info().outputPath(n), 'session-view');
  await page.close();
});

test('Analysis counts runs whose root failed as errors and the failed model calls apart, with legends', async () => {
  const page = await open('#/analysis?range=24h');
  await expect(page.getByTestId('total-traces')).toHaveText('3');
  await expect(page.getByTestId('total-error-rate')).toHaveText('33.33% (1)');
  await expect(page.getByTestId('total-failed-calls')).toHaveText('1');
  await expect(page.getByTestId('legend-cost')).toContainText('gpt-4o-mini');
  await expect(page.getByTestId('legend-cost')).toContainText('claude-3-5-haiku');
  await expect(page.getByTestId('legend-latency')).toHaveText(/p50.*p95.*p99/);
  await expect(page.getByTestId('legend-errors')).toContainText('Share of runs that failed');
  // One precision for every cost: four significant digits.
  await expect(page.getByTestId('total-cost')).toHaveText('$0.03698');
  await expect(page.getByTestId('model-table')).toContainText('$0.03414');

  // The error chart's bar links to the runs that failed, not to every run with a failed step.
  await page.getByTestId('total-error-rate').click();
  await expect(page.getByTestId('trace-row')).toHaveCount(1);
  await expect(page.getByTestId('trace-row')).toHaveAttribute('data-trace-id', RUNS.failed.traceId);
  await page.close();
});

test('Analysis at 1024 px with many long model names: labels are shortened, never run together', async () => {
  await sendModelSweep(serve.url);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(`${serve.pageUrl}#/analysis?range=24h`);
  await expect(page.getByTestId('total-traces')).toHaveText('4');
  await expect(page.getByTestId('legend-cost').locator('li')).toHaveCount(9);
  await page.getByTestId('chart-latency').scrollIntoViewIfNeeded();
  await shoot(page, (n) => test.info().outputPath(n), 'analysis-1024');
  await page.setViewportSize({ width: 1440, height: 900 });
  await shoot(page, (n) => test.info().outputPath(n), 'analysis-1440');
  await page.close();
});
