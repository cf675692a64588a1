import { expect, test } from '@playwright/test';
import { openBrowser, openListedTrace, postSpan, runSdk, type ServeHandle, startServe } from './harness';

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

let serve: ServeHandle;
// One browser profile for the file: the store the first page fills is the one every test reads.
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  await runSdk('langfuse-rich-agent.mjs', serve.url, ['inspector-run']);
  await postSpan(serve.url, {
    traceId: 'a1'.repeat(16),
    spanId: 'b2'.repeat(8),
    name: 'image-run',
    attributes: {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.output': JSON.stringify({ role: 'assistant', content: `A chart: ![status chart](${PNG})` }),
    },
  });
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

test('the inspector shows a generation in full and renders hostile prompt markup inert', async () => {
  const page = await browser.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(serve.pageUrl);
  await openListedTrace(page, 'inspector-run', 2);
  await page.getByTestId('tree-row').filter({ hasText: 'rich-call' }).click();

  const inspector = page.getByTestId('inspector');
  await expect(page.getByTestId('inspector-model')).toHaveText('gpt-4o');
  await expect(page.getByTestId('inspector-ttft')).toHaveText('250ms');
  const usage = page.getByTestId('inspector-usage');
  await expect(usage).toContainText('input 500');
  await expect(usage).toContainText('output 80');
  await expect(usage).toContainText('cached 300');
  await expect(usage).toContainText('reasoning 40');
  await expect(page.getByTestId('inspector-cost')).toContainText('$0.0123');
  await expect(inspector).toContainText('support-prompt');
  await expect(inspector).toContainText('v3');
  await expect(inspector).toContainText('temperature: 0.1');

  const input = page.getByTestId('inspector-input');
  // The long system prompt starts folded; its markdown table renders once opened.
  await input.locator('details.role-system > summary').click();
  await expect(input.locator('table')).toContainText('refunds');

  // Hostile markup shows as text and does nothing.
  await expect(input).toContainText('<script>window.__pwned = "script"</script>');
  await expect(input).toContainText('<img src=x onerror=');
  const link = input.getByText('click me');
  await expect(link).toBeVisible();
  expect(await link.evaluate((el) => el.closest('a')?.getAttribute('href') ?? null)).toBeNull();
  expect(await input.locator('img').count()).toBe(0);
  expect(await input.locator('script, style').count()).toBe(0);
  await expect(page.locator('body')).toBeVisible();
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  expect(dialogs).toEqual([]);

  // The answer: markdown with a safe external link and an inline image.
  const output = page.getByTestId('inspector-output');
  await expect(output.locator('strong')).toHaveText('1042');
  await expect(output.getByRole('link', { name: 'carrier' })).toHaveAttribute('target', '_blank');
  // The SDK uploads inline images as Langfuse media and sends a reference; the page loads it from the receiver.
  await expect(output.locator('img[alt="status chart"]')).toHaveJSProperty('naturalWidth', 2);
  await page.screenshot({ path: test.info().outputPath('inspector-generation.png') });

  // The JSON tab is a collapsible tree.
  await output.getByRole('tab', { name: 'JSON' }).click();
  await expect(output.locator('.json-key', { hasText: 'role' })).toBeVisible();
  await output.getByRole('button', { name: 'Collapse all' }).click();
  await expect(output.locator('.json-row')).toHaveCount(1);
  await output.getByRole('button', { name: 'Expand all' }).click();
  await expect(output.locator('.json-key', { hasText: 'content' })).toBeVisible();
});

test('an inline image in markdown is shown', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.pageUrl);
  await openListedTrace(page, 'image-run', 2);
  const image = page.getByTestId('inspector-output').locator('img[alt="status chart"]');
  await expect(image).toBeVisible();
  await expect(image).toHaveJSProperty('naturalWidth', 2);
});

test('a huge output opens without freezing the page and shows more on request', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.pageUrl);
  await openListedTrace(page, 'inspector-run', 2);
  await page.getByTestId('tree-row').filter({ hasText: 'huge-output' }).click();
  const output = page.getByTestId('inspector-output');
  await expect(output).toContainText('BEGIN lorem ipsum');
  const showAll = output.getByRole('button', { name: /Show all [\d,]+ characters/ });
  await expect(showAll).toBeVisible();
  // The page still answers at once: a frozen main thread would not run this within the timeout.
  const started = Date.now();
  await page.evaluate('new Promise((done) => requestAnimationFrame(done))');
  expect(Date.now() - started).toBeLessThan(1000);

  await output.getByRole('tab', { name: 'JSON' }).click();
  await expect(output.getByRole('button', { name: /show all [\d,]+ chars/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('inspector-huge.png') });
});
