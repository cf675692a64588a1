import { expect, type Page, test } from '@playwright/test';
import { openBrowser, postSpans, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;

test.beforeEach(async () => {
  serve = await startServe();
});

test.afterEach(async () => {
  await serve?.stop();
});

const DAY = 86_400_000;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** One root span per trace, started `ageDays` ago. */
async function postTrace(n: number, name: string, ageDays: number): Promise<string> {
  const traceId = hex(0xabc000 + n, 32);
  const startMs = -ageDays * DAY;
  await postSpans(serve.url, [{ traceId, spanId: hex(n, 16), name, startMs, endMs: startMs + 50, attributes: {} }]);
  return traceId;
}

/** A score the way the Langfuse SDKs send one, through the legacy ingestion endpoint. */
async function postScore(traceId: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${serve.url}/api/public/ingestion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      batch: [
        {
          id: `evt-${body.name}`,
          type: 'score-create',
          timestamp: new Date().toISOString(),
          body: { id: `score-${body.name}`, traceId, ...body },
        },
      ],
    }),
  });
  expect(response.status).toBeLessThan(300);
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

test('settings save, survive a reload, and a bad value shows the server’s message', async () => {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.url);
    await page.getByTestId('nav-settings').click();
    await expect(page).toHaveURL(/#\/settings$/);

    // Headless: the port is the command line's, shown read-only.
    await expect(page.getByTestId('setting-port')).toHaveValue(String(serve.port));
    await expect(page.getByTestId('setting-port')).toBeDisabled();

    await page.getByTestId('setting-max-age').fill('-3');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('error-retention.maxAgeDays')).toContainText(
      'retention.maxAgeDays must be a number above 0',
    );

    await page.getByTestId('setting-public-key').fill('pk-only');
    await page.getByTestId('setting-max-age').fill('30');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('error-publicKey')).toContainText('set both the public and the secret key');

    await page.getByTestId('setting-secret-key').fill('sk-secret');
    await page.getByTestId('setting-max-size').fill('2');
    await page.getByTestId('setting-prices').fill('[{"modelName": "my-model", "prices": {"input": "cheap"}}]');
    await expect(page.getByTestId('prices-check')).toContainText('prices[0]');
    await page
      .getByTestId('setting-prices')
      .fill('[{"modelName": "my-model", "prices": {"input": 0.000001, "output": 0.000002}}]');
    await expect(page.getByTestId('prices-check')).toContainText('1 price entry, valid');
    await page.getByTestId('setting-theme').selectOption('dark');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toContainText('Saved');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    await page.reload();
    await expect(page.getByTestId('setting-max-age')).toHaveValue('30');
    await expect(page.getByTestId('setting-max-size')).toHaveValue('2');
    await expect(page.getByTestId('setting-public-key')).toHaveValue('pk-only');
    await expect(page.getByTestId('setting-prices')).toContainText('my-model');
    await expect(page.getByTestId('setting-theme')).toHaveValue('dark');
    await expect(page.getByTestId('theme-toggle')).toContainText('dark');

    // The keys are now required: the Connect snippets carry them.
    await page.getByTestId('nav-connect').click();
    await expect(page.getByTestId('snippet-langfuse-js')).toContainText('LANGFUSE_PUBLIC_KEY=pk-only');
    await expect(page.getByTestId('snippet-otel')).toContainText('OTEL_EXPORTER_OTLP_HEADERS=Authorization=Basic');
  } finally {
    await browser.close();
  }
});

test('retention by age, deleting one trace, scores shown, and deleting everything', async () => {
  const fresh = await postTrace(1, 'fresh-run', 0);
  await postTrace(2, 'ancient-run', 40);
  await postTrace(3, 'old-run', 10);
  await postScore(fresh, { name: 'helpfulness', value: 0.87654, comment: 'clear answer' });
  await postScore(fresh, { name: 'correct', value: true, dataType: 'BOOLEAN' });
  await postScore(fresh, { name: 'tone', value: 'friendly', observationId: hex(1, 16) });

  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.url);
    const rows = page.getByTestId('trace-row');
    await expect(rows).toHaveCount(3);

    await page.getByTestId('nav-settings').click();
    await shoot(page, 'settings');
    await page.getByTestId('setting-max-age').fill('30');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toContainText('Saved');
    await expect(page.getByTestId('retention-last-run')).toContainText('removed 1 trace (1 older than the age limit)');
    await expect(page.getByTestId('storage-usage')).toContainText('2 traces, 2 observations');

    await page.goto(`${serve.url}/#/`);
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'ancient-run' })).toHaveCount(0);

    // Scores: trace-level ones in the header, the observation's in the inspector.
    await rows.filter({ hasText: 'fresh-run' }).click();
    const traceScores = page.getByTestId('trace-scores');
    await expect(traceScores).toContainText('helpfulness');
    await expect(traceScores).toContainText('0.877');
    await expect(traceScores).toContainText('clear answer');
    await expect(traceScores).toContainText('True');
    await expect(traceScores).not.toContainText('tone');
    await page.getByTestId('tree-row').first().click();
    await expect(page.getByTestId('observation-scores')).toContainText('friendly');
    await page.screenshot({ path: 'test-results/scores.png' });

    await page.goto(`${serve.url}/#/`);
    await rows.filter({ hasText: 'old-run' }).click();
    await page.getByTestId('delete-trace').click();
    await page.getByTestId('delete-trace-confirm').click();
    await expect(page).toHaveURL(/#\/$/);
    await expect(rows).toHaveCount(1);
    await expect(rows.filter({ hasText: 'old-run' })).toHaveCount(0);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('delete-all').click();
    await page.getByTestId('confirm-delete-all-yes').click();
    await expect(page.getByTestId('storage-usage')).toContainText('0 traces, 0 observations');
    await page.goto(`${serve.url}/#/`);
    await expect(page.getByTestId('empty-state')).toBeVisible();
  } finally {
    await browser.close();
  }
});
