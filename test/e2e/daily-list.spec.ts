import { expect, type Locator, type Page, test } from '@playwright/test';
import { RUNS, SESSION, sendAgentSession, shoot } from './daily-agent';
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

async function openList(size = { width: 1440, height: 900 }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row')).toHaveCount(3);
  return page;
}

const row = (page: Page, traceId: string) => page.locator(`[data-testid="trace-row"][data-trace-id="${traceId}"]`);
const cell = (r: Locator, column: string) => r.locator(`.cell-${column}`);

/** Whether the cell shows all it holds: nothing cut off by its width. */
const fits = (l: Locator) => l.evaluate((el) => el.scrollWidth <= el.clientWidth);
const sizes = (l: Locator) => l.evaluate((el) => `${el.textContent}: ${el.scrollWidth} > ${el.clientWidth}`);

test('the list shows each run’s input, models, scores and status, and numbers are never cut', async () => {
  const page = await openList();
  const recovered = row(page, RUNS.recovered.traceId);
  const failed = row(page, RUNS.failed.traceId);
  const ok = row(page, RUNS.ok.traceId);

  // The user's question, not the system prompt every run shares.
  await expect(cell(ok, 'input')).toHaveText(RUNS.ok.question);
  await expect(cell(recovered, 'input')).toHaveText(RUNS.recovered.question);
  // The models in call order: the planner first, then the failed primary and the fallback behind "+2".
  await expect(cell(recovered, 'model')).toHaveText('gpt-4o-mini+2');
  await expect(cell(recovered, 'model').locator('[title]')).toHaveAttribute(
    'title',
    'gpt-4o-mini, gpt-4o, claude-3-5-haiku',
  );
  await expect(cell(ok, 'scores')).toContainText('helpfulness 0.92');
  await expect(cell(ok, 'scores')).toContainText('+1');
  await expect(cell(ok, 'scores').locator('[title]')).toHaveAttribute('title', /correct: True/);

  // A run whose fallback answered recovered: not ERROR, its failed step counted beside it. The failed run is ERROR.
  await expect(cell(recovered, 'level')).toHaveText('DEFAULT1 step failed');
  await expect(cell(recovered, 'level').locator('.level-error')).toHaveCount(0);
  await expect(cell(failed, 'level')).toHaveText('ERROR1 step failed');
  await expect(cell(ok, 'level')).toHaveText('DEFAULT');

  // "ERROR and worse" shows the run that failed; "Has error" also the one that recovered.
  await page.getByTestId('filter-level').selectOption('ERROR');
  await expect(page.getByTestId('trace-row')).toHaveCount(1);
  await expect(page.getByTestId('trace-row')).toHaveAttribute('data-trace-id', RUNS.failed.traceId);
  await page.getByTestId('filter-level').selectOption('DEBUG');
  await page.getByTestId('filter-has-error').check();
  await expect(page.getByTestId('trace-row')).toHaveCount(2);
  await page.getByTestId('filter-has-error').uncheck();

  await shoot(page, (n) => test.info().outputPath(n), 'list-1440');
  for (const column of ['tokens', 'cost', 'latency', 'level', 'startTime'])
    for (const r of [ok, recovered, failed])
      expect(await fits(cell(r, column)), await sizes(cell(r, column))).toBe(true);
  await expect(cell(ok, 'cost')).toHaveText('$0.03445');
  // The name column no longer takes the spare width: the input preview gets more of it.
  const nameWidth = await page.getByTestId('column-name').evaluate((el) => el.getBoundingClientRect().width);
  const inputWidth = await page.getByTestId('column-input').evaluate((el) => el.getBoundingClientRect().width);
  expect(nameWidth).toBeLessThan(inputWidth);
  await shoot(page, (n) => test.info().outputPath(n), 'list-1440');

  await page.setViewportSize({ width: 1024, height: 700 });
  for (const column of ['startTime', 'latency', 'tokens', 'cost', 'level'])
    for (const r of [ok, recovered, failed])
      expect(await fits(cell(r, column)), await sizes(cell(r, column))).toBe(true);
  // The tags cell shows the first tag (shortened if it must be) and how many more; all of them are in its tooltip.
  expect(await fits(cell(ok, 'tags'))).toBe(true);
  await expect(cell(ok, 'tags').locator('.more-count')).toHaveText('+1');
  await expect(cell(ok, 'tags').locator('[title]')).toHaveAttribute('title', 'production-eu, support');
  expect(await page.getByTestId('column-latency').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const grid = page.getByTestId('trace-grid');
  expect(await grid.evaluate((el) => el.scrollWidth <= el.clientWidth), 'no sideways scroll at 1024').toBe(true);
  await shoot(page, (n) => test.info().outputPath(n), 'list-1024');
  await page.close();
});

test('the Columns popover closes on Esc and on a click outside, and gives the focus back to its button', async () => {
  const page = await openList();
  const button = page.getByRole('button', { name: 'Columns' });
  const panel = page.getByRole('dialog', { name: 'Columns' });
  await button.click();
  await panel.getByLabel('Output').check();
  await expect(page.getByTestId('column-output')).toBeVisible();
  await shoot(page, (n) => test.info().outputPath(n), 'columns-open');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(button).toBeFocused();

  await button.click();
  await expect(panel).toBeVisible();
  await page.getByTestId('trace-count').click();
  await expect(panel).toBeHidden();
  await button.click();
  await panel.getByLabel('Output').uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('column-output')).toHaveCount(0);
  await page.close();
});

test('"Clear filters" clears the filters and leaves the search', async () => {
  const page = await openList();
  await page.getByTestId('trace-search').fill('support');
  // A menu lists its values once it is in use, as a click or Tab gives it the focus.
  await page.getByTestId('filter-session').focus();
  await page.getByTestId('filter-session').selectOption(SESSION);
  await page.getByTestId('filter-has-error').check();
  await expect(page.getByTestId('trace-count')).toHaveText('2 of 3 traces');
  await page.getByRole('button', { name: 'Clear 2 filters' }).click();
  await expect(page.getByTestId('trace-search')).toHaveValue('support');
  await expect(page.getByTestId('filter-has-error')).not.toBeChecked();
  await expect(page.getByTestId('trace-count')).toHaveText('3 traces');
  await page.getByTestId('filter-has-error').check();
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.getByTestId('trace-search')).toHaveValue('support');
  await page.close();
});

test('after Esc from a trace, j, k and Enter work in the list at once', async () => {
  const page = await openList();
  const selected = page.locator('[data-testid="trace-row"].selected');
  await page.getByTestId('trace-grid').focus();
  await page.keyboard.press('j');
  await expect(selected).toHaveAttribute('data-trace-id', RUNS.failed.traceId);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/trace/${RUNS.failed.traceId}`));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('trace-row')).toHaveCount(3);
  // No click: the keys go to the list, from the trace that was open.
  await page.keyboard.press('j');
  await expect(selected).toHaveAttribute('data-trace-id', RUNS.recovered.traceId);
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/trace/${RUNS.recovered.traceId}`));

  // A trace opened by a click, closed by Esc: the same.
  await page.keyboard.press('Escape');
  await row(page, RUNS.ok.traceId).click();
  await expect(page).toHaveURL(new RegExp(`#/trace/${RUNS.ok.traceId}`));
  await page.keyboard.press('Escape');
  await page.keyboard.press('k');
  await expect(selected).toHaveAttribute('data-trace-id', RUNS.recovered.traceId);
  await page.close();
});

test('the shortcut overlay lists every key the list and the trace view handle', async () => {
  const page = await openList();
  await page.keyboard.press('?');
  const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(overlay).toBeVisible();
  for (const text of ['Delete', 'delete the selected trace', 'Ctrl + wheel', 'zoom the timeline', 'drag', 'Esc'])
    await expect(overlay).toContainText(text);
  await shoot(page, (n) => test.info().outputPath(n), 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(overlay).toBeHidden();
  await page.close();
});
