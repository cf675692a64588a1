import { expect, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';
import { expectWeatherAgentTrace } from './weather-agent';

let serve: ServeHandle;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
});

test('a trace sent by the Langfuse SDK shows up with its generation, model and prompt', async () => {
  // Sent before any page is open: the server must hold the batch until the UI connects.
  await runSdk('langfuse-agent.mjs', serve.url, ['weather-agent-run', 'What is the weather in Paris today?']);

  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);

    const tree = await expectWeatherAgentTrace(page, 'weather-agent-run', 'headless');
    const inspector = page.getByTestId('inspector');
    const input = page.getByTestId('inspector-input');
    await expect(input).toContainText(/system/i);
    await expect(input).toContainText(/user/i);
    await expect(inspector).toContainText('42'); // input tokens
    await expect(inspector).toContainText('17'); // output tokens
    await page.screenshot({ path: test.info().outputPath('trace-view-generation.png'), fullPage: true });

    // The selection lives in the URL: a reload shows the same generation.
    await page.reload();
    await expect(page.getByTestId('inspector-model')).toHaveText(/gpt-4o-mini/);

    await tree.filter({ hasText: 'cache-lookup' }).click();
    await expect(inspector).toContainText('cache backend unreachable: connection refused');

    await tree.filter({ hasText: 'answer-step' }).click();
    await expect(page.getByTestId('inspector-output')).toContainText('It is sunny in Paris, 21 °C.');
  } finally {
    await browser.close();
  }
});

test('the trace list updates live and a rejected request is reported in the app', async () => {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    // A fresh profile is a fresh store: the first test's trace was acknowledged into the other browser's.
    await expect(page.getByTestId('trace-row')).toHaveCount(0);

    await runSdk('langfuse-agent.mjs', serve.url, ['live-run', 'And in Lyon?']);
    await expect(page.getByTestId('trace-row').filter({ hasText: 'live-run' })).toBeVisible();
    await runSdk('langfuse-agent.mjs', serve.url, ['second-live-run', 'And in Nice?']);
    await expect(page.getByTestId('trace-row').filter({ hasText: 'second-live-run' })).toBeVisible();
    await expect(page.getByTestId('trace-row')).toHaveCount(2);

    const response = await fetch(`${serve.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans": [',
    });
    expect(response.status).toBe(400);
    const error = (await response.json()) as { message: string };
    expect(error.message).toMatch(/JSON/);

    await page.getByTestId('notices').click();
    await expect(page.getByText(/JSON/).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('notices.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
