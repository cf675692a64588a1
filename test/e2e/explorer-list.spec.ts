import { expect, type Page, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;
// One browser profile for the file: the store the first page fills is the one every test reads.
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  await Promise.all([
    runSdk('langfuse-agent.mjs', serve.url, ['weather-run', 'What is the weather in Paris today?']),
    runSdk('langfuse-rich-agent.mjs', serve.url, ['support-run-a', 'session-a', 'Where is order 7?']),
    runSdk('langfuse-rich-agent.mjs', serve.url, ['support-run-b', 'session-b', 'Refund order 9']),
  ]);
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function openList(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row')).toHaveCount(3);
  return page;
}

const names = (page: Page) => page.getByTestId('trace-row').locator('.trace-name').allTextContents();

test('the trace list filters, searches inputs and outputs, and sorts', async () => {
  const page = await openList();
  const count = page.getByTestId('trace-count');
  await expect(count).toHaveText('3 traces');
  await page.screenshot({ path: test.info().outputPath('list-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: test.info().outputPath('list-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Full-text search reaches into outputs: only the weather trace answered "sunny".
  const search = page.getByTestId('trace-search');
  await search.fill('sunny in paris');
  await expect(count).toHaveText('1 of 3 traces');
  await expect(page.getByTestId('trace-row')).toContainText('weather-run');
  await search.fill('support-run');
  await expect(count).toHaveText('2 of 3 traces');
  await search.fill('');

  await page.getByTestId('filter-has-error').check();
  await expect(count).toHaveText('1 of 3 traces');
  await page.getByTestId('filter-has-error').uncheck();
  // The session menu offers the stored sessions once it is in use (the focus a click or Tab gives it).
  const session = page.getByTestId('filter-session');
  await expect(session.locator('option')).toHaveCount(1);
  await session.click();
  await expect(session.locator('option')).toHaveText(['Any session', 'session-a', 'session-b', 'session-e2e']);
  await page.keyboard.press('Escape');
  await session.selectOption('session-b');
  await expect(page.getByTestId('trace-row')).toHaveText(/support-run-b/);
  await page.getByTestId('filter-session').selectOption('');
  await page.getByTestId('filter-model').focus();
  await page.getByTestId('filter-model').selectOption('gpt-4o');
  await expect(count).toHaveText('2 of 3 traces');
  await page.getByTestId('filter-model').selectOption('');
  await expect(count).toHaveText('3 traces');

  // Sort by latency, shortest first, then longest first.
  await page.getByTestId('sort-latency').click();
  const desc = await names(page);
  await page.getByTestId('sort-latency').click();
  expect(await names(page)).toEqual([...desc].reverse());
  expect(desc[desc.length - 1]).toBe('weather-run');
});

test('column choices survive a reload, and the selection survives live arrivals', async () => {
  const page = await openList();
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('dialog', { name: 'Columns' }).getByLabel('Session').check();
  await expect(page.getByTestId('column-session')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('column-session')).toBeVisible();

  // Keyboard: the list takes j/k and Enter.
  await page.getByTestId('trace-grid').focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const selected = page.locator('[data-testid="trace-row"].selected');
  await expect(selected).toHaveCount(1);
  const selectedName = await selected.locator('.trace-name').textContent();

  await runSdk('langfuse-agent.mjs', serve.url, ['late-arrival', 'And in Rome?']);
  await expect(page.getByTestId('trace-count')).toHaveText('4 traces');
  await expect(selected).toHaveCount(1);
  await expect(selected.locator('.trace-name')).toHaveText(selectedName ?? '');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tree-row').first()).toBeVisible();
});
