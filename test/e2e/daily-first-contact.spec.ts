import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, type Page, test } from '@playwright/test';
import { shoot } from './daily-agent';
import { openBrowser, repoRoot, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function open(route = '', size = { width: 1440, height: 900 }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${serve.pageUrl}${route}`);
  return page;
}

test('npm run dev without the Electron binary says so in one line and what to run instead', async () => {
  // A checkout installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1: the electron package is there, its binary is not.
  const checkout = mkdtempSync(join(tmpdir(), 'loupe-no-electron-'));
  try {
    mkdirSync(join(checkout, 'scripts'));
    mkdirSync(join(checkout, 'node_modules', 'electron'), { recursive: true });
    for (const script of ['dev.mjs', 'run-child.mjs'])
      copyFileSync(join(repoRoot, 'scripts', script), join(checkout, 'scripts', script));
    writeFileSync(join(checkout, 'package.json'), JSON.stringify({ name: 'loupe', type: 'module' }));
    // What the electron package's index.js does when its download was skipped.
    writeFileSync(
      join(checkout, 'node_modules', 'electron', 'package.json'),
      JSON.stringify({ name: 'electron', main: 'index.js' }),
    );
    writeFileSync(
      join(checkout, 'node_modules', 'electron', 'index.js'),
      "throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');",
    );
    const run = promisify(execFile)(process.execPath, [join(checkout, 'scripts', 'dev.mjs')], { cwd: checkout });
    const failure = await run.then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    const lines = (failure?.stderr ?? '').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the Electron binary is not installed');
    expect(lines[0]).toContain('npm run serve');
    expect(failure?.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
});

test('the empty list offers an Import button that opens the file picker', async () => {
  const page = await open();
  await expect(page.getByRole('heading', { name: 'No traces yet' })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import traces…' }).click();
  expect((await chooser).isMultiple()).toBe(true);
  await shoot(page, (n) => test.info().outputPath(n), 'empty-1440');
  await page.setViewportSize({ width: 1024, height: 700 });
  await shoot(page, (n) => test.info().outputPath(n), 'empty-1024');
  await page.close();
});

test('each Connect snippet whose SDK batches says how to flush before a short script exits', async () => {
  const page = await open('#/connect');
  const flush = (id: string) => page.getByTestId(`snippet-${id}`).getByText('Before a short script exits');
  for (const id of ['langfuse-js', 'langfuse-python', 'otel', 'vercel-ai', 'openinference-python', 'openinference-js'])
    await expect(flush(id), id).toBeVisible();
  await expect(page.getByTestId('snippet-langfuse-js')).toContainText('await sdk.shutdown();');
  await expect(page.getByTestId('snippet-langfuse-python')).toContainText('langfuse.flush()');
  await expect(page.getByTestId('snippet-langchain')).toContainText('get_client().flush()');
  // Traceloop with disable_batch sends each span as it ends: nothing to flush, and the snippet says so.
  await expect(flush('openllmetry')).toHaveCount(0);
  await expect(page.getByTestId('snippet-openllmetry')).toContainText('needs no flush');
  await page.getByTestId('snippet-langfuse-js').scrollIntoViewIfNeeded();
  await shoot(page, (n) => test.info().outputPath(n), 'connect');
  await page.close();
});

test('Settings has one Save button, and in headless mode the ports are text, not fields', async () => {
  const page = await open('#/settings');
  await expect(page.getByRole('heading', { name: 'Forwarding' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Save/ })).toHaveCount(1);
  await expect(page.getByTestId('setting-port')).toHaveText(String(serve.port));
  await expect(page.getByRole('textbox', { name: 'Port' })).toHaveCount(0);
  await expect(page.locator('input#setting-port, input#setting-grpc-port')).toHaveCount(0);

  // Forwarding is saved by the same button: on without a destination, the form says what is missing.
  await page.getByLabel('Forward everything Loupe receives').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('error-forwarding')).toHaveText(
    'Enter the Langfuse host, the public key, the secret key to forward',
  );
  await page.getByLabel('Forward everything Loupe receives').uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-saved')).toContainText('Saved.');
  await shoot(page, (n) => test.info().outputPath(n), 'settings-1440');
  await page.setViewportSize({ width: 1024, height: 700 });
  await shoot(page, (n) => test.info().outputPath(n), 'settings-1024');
  await page.close();
});
