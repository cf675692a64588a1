import { expect, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
});

test('the OpenTelemetry OpenAI instrumentation shows its prompt and completion, sent as log records', async () => {
  await runSdk('otel-openai-logs.mjs', serve.url, ['lisbon-weather', 'http']);
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    const row = page.getByRole('listbox', { name: 'Traces' }).getByRole('option').filter({ hasText: 'lisbon-weather' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('207'); // 72 + 16 + 108 + 11 tokens
    await row.click();

    const tree = page.getByRole('treeitem');
    await expect(tree).toHaveCount(3);
    const calls = tree.filter({ hasText: 'chat gpt-4o-mini' });
    await calls.first().click();
    const input = page.getByTestId('inspector-input');
    await expect(input).toContainText('Answer weather questions with the get_weather tool.');
    await expect(input).toContainText('What is the weather in Lisbon?');
    await expect(page.getByTestId('inspector-output')).toContainText('get_weather');

    await calls.nth(1).click();
    await expect(page.getByTestId('inspector-model')).toHaveText(/gpt-4o-mini-2024-07-18/);
    await expect(page.getByTestId('inspector-usage')).toContainText('108');
    await expect(page.getByTestId('inspector-usage')).toContainText('11');
    await expect(page.getByTestId('inspector-cost')).toContainText('$');
    await expect(page.getByTestId('inspector-input')).toContainText('"tempC":21');
    await expect(page.getByTestId('inspector-output')).toContainText('It is 21°C and sunny in Lisbon.');
    const records = page.getByTestId('inspector-logs').getByTestId('log-record');
    await expect(records.filter({ hasText: 'gen_ai.choice' })).toHaveCount(1);
    await page.screenshot({ path: test.info().outputPath('otel-logs-generation.png') });

    // The app's own log line, written inside its span, shows on that span.
    await tree.filter({ hasText: 'lisbon-weather' }).click();
    await expect(page.getByTestId('inspector-logs')).toContainText('calling get_weather for {"city":"Lisbon"}');

    // The line logged outside any trace is kept and findable from the list.
    await page.getByRole('link', { name: '← Traces' }).click();
    await page.getByTestId('loose-logs-link').click();
    await expect(page.getByRole('heading', { name: 'Log records without a trace' })).toBeVisible();
    await expect(page.getByTestId('log-record').filter({ hasText: 'weather cache is cold' })).toBeVisible();
    await expect(page.getByTestId('log-record').filter({ hasText: 'weather cache is cold' })).toContainText('WARN');
  } finally {
    await browser.close();
  }
});

test('the same app exporting over OTLP/gRPC shows the same chat', async () => {
  expect(serve.grpcUrl, 'the server names its gRPC endpoint when it is ready').not.toBeNull();
  await runSdk('otel-openai-logs.mjs', serve.grpcUrl as string, ['lisbon-weather-grpc', 'grpc']);
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    const row = page
      .getByRole('listbox', { name: 'Traces' })
      .getByRole('option')
      .filter({ hasText: 'lisbon-weather-grpc' });
    await expect(row).toContainText('207');
    await row.click();
    const calls = page.getByRole('treeitem').filter({ hasText: 'chat gpt-4o-mini' });
    await expect(calls).toHaveCount(2);
    await calls.nth(1).click();
    await expect(page.getByTestId('inspector-input')).toContainText('What is the weather in Lisbon?');
    await expect(page.getByTestId('inspector-output')).toContainText('It is 21°C and sunny in Lisbon.');
    await expect(page.getByTestId('inspector-usage')).toContainText('108');
  } finally {
    await browser.close();
  }
});
