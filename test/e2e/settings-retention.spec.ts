import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** The part of the page's StorageManager used here (the tests compile without the DOM types). */
interface StorageManagerLike {
  estimate(): Promise<{ usage?: number }>;
}
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
    await page.goto(serve.pageUrl);
    await page.getByTestId('nav-settings').click();
    await expect(page).toHaveURL(/#\/settings$/);

    // Headless: the port is the command line's, shown as text, not as a field.
    await expect(page.getByTestId('setting-port')).toHaveText(String(serve.port));
    await expect(page.getByRole('textbox', { name: 'Port' })).toHaveCount(0);

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
    await page.goto(serve.pageUrl);
    const rows = page.getByTestId('trace-row');
    await expect(rows).toHaveCount(3);

    await page.getByTestId('nav-settings').click();
    await shoot(page, 'settings');
    await page.getByTestId('setting-max-age').fill('30');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toContainText('Saved');
    await expect(page.getByTestId('retention-last-run')).toContainText('removed 1 trace (1 older than the age limit)');
    await expect(page.getByTestId('storage-usage')).toContainText('2 traces, 2 observations');

    await page.goto(`${serve.pageUrl}#/`);
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

    await page.goto(`${serve.pageUrl}#/`);
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
    await page.goto(`${serve.pageUrl}#/`);
    await expect(page.getByTestId('empty-state')).toBeVisible();
  } finally {
    await browser.close();
  }
});

test('settings survive a restart of the server on the same data directory', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-settings-'));
  let first: ServeHandle | null = await startServe({ dataDir });
  let second: ServeHandle | null = null;
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${first.pageUrl}#/settings`);
    await page.getByTestId('setting-max-age').fill('7');
    await page.getByTestId('setting-max-size').fill('1.5');
    await page.getByLabel('Unit').selectOption('GB');
    await page.getByTestId('setting-theme').selectOption('light');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toContainText('Saved');
    await first.stop();
    first = null;

    const onDisk = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({ theme: 'light', retention: { maxAgeDays: 7, maxBytes: 1.5 * 1024 ** 3 } });

    second = await startServe({ dataDir });
    await page.goto(`${second.pageUrl}#/settings`);
    await expect(page.getByTestId('setting-max-age')).toHaveValue('7');
    // 1.5 GB is not a whole number of gigabytes: the field shows it in megabytes.
    await expect(page.getByTestId('setting-max-size')).toHaveValue('1536');
    await expect(page.getByLabel('Unit')).toHaveValue('MB');
    await expect(page.getByTestId('setting-theme')).toHaveValue('light');
  } finally {
    await browser.close();
    await first?.stop();
    await second?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
});

test('retention by size removes the oldest traces first; the Delete key deletes the selected trace', async () => {
  // 40 traces of about 64 KB each (random, so the store cannot compress them away); trace n started n hours ago.
  const COUNT = 40;
  for (let batch = 0; batch < COUNT; batch += 10) {
    await postSpans(
      serve.url,
      Array.from({ length: 10 }, (_, i) => {
        const n = batch + i + 1;
        const startMs = -n * 3_600_000;
        return {
          traceId: hex(0xdef000 + n, 32),
          spanId: hex(n, 16),
          name: `run-${String(n).padStart(2, '0')}`,
          startMs,
          endMs: startMs + 50,
          attributes: { 'input.value': randomBytes(32 * 1024).toString('hex') },
        };
      }),
    );
  }

  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    await expect(page.getByTestId('trace-count')).toHaveText(`${COUNT} traces`);

    // What the page's origin stores, as retention itself measures it (navigator.storage.estimate()).
    const usage = await page.evaluate(async () => {
      const { storage } = (globalThis as unknown as { navigator: { storage: StorageManagerLike } }).navigator;
      return (await storage.estimate()).usage ?? 0;
    });
    expect(usage).toBeGreaterThan(COUNT * 64 * 1024);
    // A limit of about 60% of what is stored now.
    const limitMb = Math.floor(((usage * 0.6) / 1024 ** 2) * 100) / 100;

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-max-size').fill(String(limitMb));
    await page.getByLabel('Unit').selectOption('MB');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toContainText('Saved');
    await expect(page.getByTestId('retention-last-run')).toContainText('of the oldest for the size limit');

    await page.goto(`${serve.pageUrl}#/`);
    const rows = page.getByTestId('trace-row');
    await expect(rows.filter({ hasText: 'run-01' })).toHaveCount(1);
    // The list follows the deletion once its refresh lands: wait for the count to drop before reading it.
    await expect(page.getByTestId('trace-count')).not.toHaveText(`${COUNT} traces`);
    const caption = (await page.getByTestId('trace-count').textContent()) ?? '';
    const kept = Number(/^(\d+) trace/.exec(caption)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(COUNT);
    // Oldest first: what is left is exactly the newest `kept` traces.
    await expect(rows.filter({ hasText: `run-${String(kept).padStart(2, '0')}` })).toHaveCount(1);
    await expect(rows.filter({ hasText: `run-${String(kept + 1).padStart(2, '0')}` })).toHaveCount(0);

    // The list's Delete key, after a confirmation, deletes the selected trace.
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('run-01');
      void dialog.accept();
    });
    await rows.filter({ hasText: 'run-01' }).dispatchEvent('mousedown');
    await page.getByTestId('trace-grid').focus();
    await page.keyboard.press('Delete');
    await expect(rows.filter({ hasText: 'run-01' })).toHaveCount(0);
    await expect(page.getByTestId('trace-count')).toHaveText(`${kept - 1} trace${kept - 1 === 1 ? '' : 's'}`);
  } finally {
    await browser.close();
  }
});
