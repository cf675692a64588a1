import { expect, type Page, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;

test.beforeEach(async () => {
  serve = await startServe();
});

test.afterEach(async () => {
  await serve?.stop();
});

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

test('a fresh profile shows how to connect, with the real port, and a test trace opens', async () => {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);

    // The empty list leads with the Connect content, filled in with the endpoint actually listened on.
    const empty = page.getByTestId('empty-state');
    await expect(empty).toBeVisible();
    await expect(empty.getByTestId('connect-endpoint')).toContainText(`:${serve.port}`);
    const listened = (await empty.getByTestId('connect-endpoint').textContent()) ?? '';
    expect(listened).toMatch(new RegExp(`^http://(127\\.0\\.0\\.1|localhost):${serve.port}$`));
    await expect(empty.getByTestId('snippet-langfuse-js')).toContainText(`LANGFUSE_BASE_URL=${listened}`);

    await page.getByTestId('nav-connect').click();
    await expect(page).toHaveURL(/#\/connect$/);
    for (const [id, text] of [
      ['langfuse-js', `LANGFUSE_BASE_URL=${listened}`],
      ['langfuse-python', `LANGFUSE_HOST=${listened}`],
      ['otel', `OTEL_EXPORTER_OTLP_ENDPOINT=${listened}`],
      ['otel', 'OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf'],
      ['vercel-ai', `${listened}/v1/traces`],
      ['vercel-ai', 'experimental_telemetry: { isEnabled: true }'],
      ['openinference-python', `endpoint="${listened}/v1/traces"`],
      ['openinference-js', '@arizeai/openinference-instrumentation-openai'],
      ['openllmetry', `TRACELOOP_BASE_URL=${listened}`],
      ['langchain', 'CallbackHandler'],
    ] as const) {
      await expect(page.getByTestId(`snippet-${id}`)).toContainText(text);
    }
    await expect(page.getByTestId('connect-waiting')).toBeVisible();
    await shoot(page, 'connect');

    await page.getByTestId('send-sample').click();
    await expect(page).toHaveURL(/#\/trace\/[0-9a-f]{32}/);
    await expect(page.locator('.trace-title')).toHaveText('Loupe self-test');
    await expect(page.getByTestId('tree-row').filter({ hasText: 'plan-and-answer' })).toBeVisible();
  } finally {
    await browser.close();
  }
});

test('the Connect screen waits for the first trace and opens it when a real SDK sends one', async () => {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${serve.pageUrl}#/connect`);
    await expect(page.getByTestId('connect-waiting')).toBeVisible();
    await expect(page.getByTestId('connect-endpoint')).toContainText(`:${serve.port}`);

    await runSdk('langfuse-agent.mjs', serve.url, ['onboarding-run', 'What is the weather in Oslo?']);

    await expect(page).toHaveURL(/#\/trace\/[0-9a-f]{32}/, { timeout: 20_000 });
    await expect(page.locator('.trace-title')).toHaveText('onboarding-run');
    await expect(page.getByTestId('tree-row').filter({ hasText: 'plan-step' })).toBeVisible();
  } finally {
    await browser.close();
  }
});
