import { expect, type Page, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  // Six runs within the last minute on three models (see the script for each figure), and four older ones.
  await runSdk('langfuse-model-mix.mjs', serve.url, ['recent']);
  await runSdk('langfuse-model-mix.mjs', serve.url, ['history']);
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** The list's rows, as the user reads them (trace name and model are the same for all, so by count and URL). */
const rows = (page: Page) => page.getByTestId('trace-row');

/** Opens the Analysis view; the page also stores what the server spooled, and the figures follow as it lands. */
async function openAnalysis(page: Page, query = 'range=24h'): Promise<void> {
  await page.goto(`${serve.pageUrl}#/analysis?${query}`);
  await expect(page.getByTestId('total-traces')).toHaveText(query.includes('24h') ? '6' : '10');
}

test('totals, per-model and per-step figures are exactly what the SDK sent', async () => {
  const page = await browser.context.newPage();
  await openAnalysis(page);
  await expect(page.getByTestId('total-generations')).toHaveText('6');
  // 2 × 1,000 + 3 × 500 + 500 + 1,500 cached; 2 × 200 + 3 × 100 + 300 + 100 reasoning.
  await expect(page.getByTestId('total-input')).toHaveText('5,500');
  await expect(page.getByTestId('total-output')).toHaveText('1,100');
  await expect(page.getByTestId('total-cost')).toHaveText('$0.04390');
  // One call failed, but its run answered: no run failed, and the failed call is counted apart.
  await expect(page.getByTestId('total-error-rate')).toHaveText('0% (0)');
  await expect(page.getByTestId('total-failed-calls')).toHaveText('1');

  const model = (key: string, col: string) =>
    page.locator(`[data-testid="model-table-row"][data-key="${key}"] td[data-col="${col}"]`);
  await expect(page.getByTestId('model-table-row')).toHaveCount(3);
  // Costliest first.
  await expect(page.getByTestId('model-table-row').first()).toHaveAttribute('data-key', 'gpt-4o');
  await expect(model('gpt-4o', 'calls')).toHaveText('2');
  await expect(model('gpt-4o', 'avgLatencyMs')).toHaveText('2,000 ms');
  await expect(model('gpt-4o', 'p95LatencyMs')).toHaveText('3,000 ms');
  await expect(model('gpt-4o', 'p95TtftMs')).toHaveText('400 ms');
  await expect(model('gpt-4o', 'cost')).toHaveText('$0.02500');
  await expect(model('gpt-4o-mini', 'avgLatencyMs')).toHaveText('400 ms');
  await expect(model('gpt-4o-mini', 'p95LatencyMs')).toHaveText('600 ms');
  await expect(model('gpt-4o-mini', 'p95TtftMs')).toHaveText('150 ms');
  await expect(model('gpt-4o-mini', 'inputTokens')).toHaveText('1,500');
  await expect(model('gpt-4o-mini', 'cost')).toHaveText('$0.0009000');
  await expect(model('gpt-4o-mini', 'errorRate')).toHaveText('33.33%');
  await expect(model('claude-sonnet-4', 'inputTokens')).toHaveText('2,000');
  await expect(model('claude-sonnet-4', 'cachedTokens')).toHaveText('1,500');
  await expect(model('claude-sonnet-4', 'reasoningTokens')).toHaveText('100');
  await expect(model('claude-sonnet-4', 'cost')).toHaveText('$0.01800');

  // Sorting by a column: the fastest model last when sorted by average latency, descending.
  await page.getByTestId('model-table').getByTestId('sort-avgLatencyMs').click();
  await expect(page.getByTestId('model-table-row').last()).toHaveAttribute('data-key', 'gpt-4o-mini');

  const step = (key: string, col: string) =>
    page.locator(`[data-testid="name-table-row"][data-key="${key}"] td[data-col="${col}"]`);
  await expect(step('plan', 'calls')).toHaveText('3');
  await expect(step('plan', 'cost')).toHaveText('$0.04300');
  await expect(step('answer', 'calls')).toHaveText('3');

  // A wider range takes the older runs in.
  await page.getByTestId('analysis-range').selectOption('7d');
  await expect(page.getByTestId('total-traces')).toHaveText('10');
  await expect(page).toHaveURL(/#\/analysis\?range=7d|#\/analysis$/);
});

test('the cost chart shows exact values in its tooltip and clicks through to the traces behind a point', async () => {
  const page = await browser.context.newPage();
  await openAnalysis(page);
  const chart = page.getByTestId('chart-cost');
  const plot = chart.locator('.u-over');
  const box = await plot.boundingBox();
  if (!box) throw new Error('the cost chart has no plot area');
  // Sweep from the right (now) until the tooltip shows the bucket with the six runs.
  const tooltip = page.getByTestId('chart-cost-tooltip');
  let x = box.x + box.width - 2;
  for (; x > box.x; x -= 4) {
    await page.mouse.move(x, box.y + box.height - 3);
    if ((await tooltip.count()) > 0 && (await tooltip.textContent())?.includes('gpt-4o-mini')) break;
  }
  await expect(tooltip).toContainText('gpt-4o$0.02500');
  await expect(tooltip).toContainText('claude-sonnet-4$0.01800');
  await expect(tooltip).toContainText('gpt-4o-mini$0.0009000');

  // The bottom of the stack is the costliest model: the click lists the two gpt-4o runs of that hour.
  await page.mouse.click(x, box.y + box.height - 3);
  await expect(page).toHaveURL(/#\/\?model=gpt-4o&from=.*&to=/);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('chip-model')).toHaveText(/Model: gpt-4o/);
  await expect(page.getByTestId('chip-range')).toBeVisible();

  // Back returns to the analysis; the error chart's point counts the runs that failed: none, as the run with the
  // failed call recovered.
  await page.goBack();
  await expect(page.getByTestId('total-traces')).toHaveText('6');
  const errors = page.getByTestId('chart-errors').locator('.u-over');
  const errorBox = await errors.boundingBox();
  if (!errorBox) throw new Error('the error chart has no plot area');
  const errorTip = page.getByTestId('chart-errors-tooltip');
  let ex = errorBox.x + errorBox.width - 2;
  for (; ex > errorBox.x; ex -= 4) {
    await page.mouse.move(ex, errorBox.y + errorBox.height - 3);
    if ((await errorTip.count()) > 0 && (await errorTip.textContent())?.includes('of 6')) break;
  }
  await expect(errorTip).toContainText('0 of 6 (0%)');
});

test('table rows click through to exactly their traces; the filters survive a reload and show as chips', async () => {
  const page = await browser.context.newPage();
  await openAnalysis(page);
  await page.locator('[data-testid="model-table-row"][data-key="gpt-4o-mini"]').click();
  await expect(page).toHaveURL(/model=gpt-4o-mini/);
  await expect(rows(page)).toHaveCount(3);
  await page.reload();
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId('chip-model')).toHaveText(/gpt-4o-mini/);

  // Removing the model chip leaves the range: the six recent runs.
  await page.getByTestId('chip-model').getByRole('button').click();
  await expect(rows(page)).toHaveCount(6);
  await expect(page).not.toHaveURL(/model=/);

  // A step's row: the traces with an observation of that name.
  await page.goto(`${serve.pageUrl}#/analysis?range=24h`);
  await page.locator('[data-testid="name-table-row"][data-key="plan"]').click();
  await expect(page).toHaveURL(/obs=plan/);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId('chip-observation')).toHaveText(/Has observation: plan/);
  await page.screenshot({ path: test.info().outputPath('list-filtered-by-step.png') });
});

test('screenshots in both themes', async () => {
  const page = await browser.context.newPage();
  await openAnalysis(page, 'range=7d');
  await expect(page.getByTestId('total-traces')).toHaveText('10');
  const themes: string[] = [];
  for (let i = 0; i < 3 && themes.length < 2; i++) {
    const theme = (await page.locator('html').getAttribute('data-theme')) ?? 'light';
    if (!themes.includes(theme)) {
      themes.push(theme);
      // The tooltip of the newest day, over the stacked bar.
      const plot = page.getByTestId('chart-cost').locator('.u-over');
      const box = await plot.boundingBox();
      await plot.hover({ position: { x: (box?.width ?? 100) - 30, y: (box?.height ?? 100) - 20 } });
      await expect(page.getByTestId('chart-cost-tooltip')).toContainText('gpt-4o');
      await page.screenshot({ path: test.info().outputPath(`analysis-${theme}.png`) });
      await page.getByTestId('name-table').scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`analysis-tables-${theme}.png`) });
      await page.getByTestId('analysis-page').evaluate((el) => el.scrollTo(0, 0));
    }
    await page.getByTestId('theme-toggle').click();
  }
  expect(themes.sort()).toEqual(['dark', 'light']);
});

test('coming back to the view answers from the figures it holds, without reading the whole store again', async () => {
  const page = await browser.context.newPage();
  await openAnalysis(page);
  await page.getByRole('link', { name: 'Traces', exact: true }).click();
  await expect(rows(page).first()).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('total-traces')).toHaveText('6');
  await expect(page.getByTestId('total-generations')).toHaveText('6');
  await expect(page.getByTestId('analysis-status')).toHaveAttribute('title', /changes only/);
});
