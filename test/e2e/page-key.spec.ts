import { expect, test } from '@playwright/test';
import { openBrowser, postSpan, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
});

test('a page opened without the printed link says how to connect, and the link connects it', async () => {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    // Typed by hand, under the other loopback name: Loupe sends it to the one origin it printed.
    await page.goto(`http://localhost:${serve.port}/#/`);
    await expect(page).toHaveURL(`http://127.0.0.1:${serve.port}/#/`);
    const banner = page.getByRole('alert').filter({ hasText: 'Not connected to Loupe.' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Open the link Loupe printed when it started');
    await expect(page.getByTestId('connection-status')).toHaveText('Not connected: no key');
    // What this browser stored before still shows: here, nothing yet.
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('no-key.png') });

    await page.goto(serve.pageUrl);
    // The key leaves the address bar; the page is connected and stores what arrives.
    await expect(page).toHaveURL(`http://127.0.0.1:${serve.port}/`);
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('connection-status')).toHaveText('Live');
    await postSpan(serve.url, {
      traceId: 'a1'.repeat(16),
      spanId: 'b1'.repeat(8),
      name: 'stored-in-the-first-profile',
      attributes: { 'langfuse.observation.type': 'span' },
    });
    await expect(page.getByTestId('trace-row').filter({ hasText: 'stored-in-the-first-profile' })).toBeVisible();

    // Another browser profile, connected: its store is empty, and it says where the traces went.
    const other = await openBrowser();
    try {
      const second = await other.context.newPage();
      await second.goto(serve.pageUrl);
      const hint = second.getByTestId('elsewhere-hint');
      await expect(hint).toContainText('Traces received so far were stored in another browser profile');
      await expect(hint).toContainText(/Headless Chrome \d+ on Linux: 1 span, last on/);
      await second.screenshot({ path: test.info().outputPath('stored-elsewhere.png') });
    } finally {
      await other.close();
    }
  } finally {
    await browser.close();
  }
});
