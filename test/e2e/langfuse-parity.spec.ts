import { expect, type Page, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

/**
 * Langfuse parity as a user sees it: a generation the SDK sent without usage shows the tokens Langfuse would count
 * (11 in, 6 out for the documentation's `llm-call` on gpt-4) marked inferred, with an inferred cost, in the inspector
 * and in Analysis; propagated attributes show as the observation's version, user and session, and the trace's version.
 */

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  await runSdk('langfuse-seed-examples.mjs', serve.url);
  browser = await openBrowser();
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function openTrace(page: Page, name: string): Promise<void> {
  const row = page.getByRole('listbox', { name: 'Traces' }).getByRole('option').filter({ hasText: name });
  await expect(row).toBeVisible();
  await row.click();
}

test('a generation without usage shows inferred tokens and cost, and propagated attributes show as facts', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.pageUrl);

  await openTrace(page, 'user-request');
  await page.getByRole('treeitem').filter({ hasText: 'llm-call' }).click();
  const usage = page.getByTestId('inspector-usage');
  await expect(usage).toContainText('input 11');
  await expect(usage).toContainText('output 6');
  await expect(usage.getByTestId('inferred-mark')).toBeVisible();
  await expect(page.getByTestId('inspector-cost').getByTestId('inferred-mark')).toBeVisible();
  await expect(page.getByTestId('inspector-cost')).toContainText('$0.0006900');
  await page.screenshot({ path: test.info().outputPath('inferred-usage.png'), fullPage: true });

  await page.goto(serve.pageUrl);
  await openTrace(page, 'user-workflow');
  await expect(page.getByTestId('trace-version')).toHaveText('1.0');
  await page.getByRole('treeitem').filter({ hasText: 'llm-call' }).click();
  await expect(page.getByTestId('inspector-version')).toHaveText('1.0');
  await expect(page.getByTestId('inspector-user')).toHaveText('user_123');
  await expect(page.getByTestId('inspector-session')).toHaveText('session_abc');
  const head = page.getByTestId('inspector-head-facts');
  await expect(head).toContainText('version 1.0');
  await expect(head).toContainText('user user_123');
  // Nothing to count: no input or output, as Langfuse, so no usage and no mark.
  await expect(page.getByTestId('inferred-mark')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('propagated-attributes.png'), fullPage: true });
});

test('Analysis counts the inferred usage and marks its model', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${serve.pageUrl}#/analysis?range=24h`);
  await expect(page.getByTestId('total-traces')).toHaveText('2');
  await expect(page.getByTestId('total-input')).toHaveText('11');
  await expect(page.getByTestId('total-output')).toHaveText('6');
  const row = page.locator('[data-testid="model-table-row"][data-key="gpt-4"]');
  await expect(row.getByTestId('analysis-inferred-mark')).toBeVisible();
  await expect(row.getByTestId('analysis-inferred-mark')).toHaveAttribute('title', /1 of 2 calls sent no usage/);
  await page.screenshot({ path: test.info().outputPath('analysis-inferred.png'), fullPage: true });
});
