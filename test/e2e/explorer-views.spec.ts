import { expect, type Page, test } from '@playwright/test';
import { openBrowser, openListedTrace, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;
// One browser profile for the file: the store the first page fills is the one every test reads.
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  // One after the other: the session view orders its turns by start time.
  await runSdk('langfuse-rich-agent.mjs', serve.url, ['views-run-1', 'session-views', 'Where is order 1?']);
  await runSdk('langfuse-rich-agent.mjs', serve.url, ['views-run-2', 'session-views', 'And order 2?']);
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function openTrace(name: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(serve.pageUrl);
  await openListedTrace(page, name, 2);
  await expect(page.getByTestId('tree-row').first()).toBeVisible();
  return page;
}

async function shoot(page: Page, name: string) {
  await page.evaluate("document.documentElement.dataset.theme = 'light'");
  await page.screenshot({ path: test.info().outputPath(`${name}-light.png`) });
  await page.evaluate("document.documentElement.dataset.theme = 'dark'");
  await page.screenshot({ path: test.info().outputPath(`${name}-dark.png`) });
  await page.evaluate("document.documentElement.dataset.theme = 'light'");
}

test('the tree rolls up usage, searches, filters by level and folds', async () => {
  const page = await openTrace('views-run-1');
  const rows = page.getByTestId('tree-row');
  await expect(rows).toHaveCount(8);
  // The agent's row carries the subtree's tokens: 920 + 72 from its two generations.
  await expect(rows.filter({ hasText: 'support-agent' })).toContainText('992 tok');

  await page.keyboard.press('/');
  await expect(page.getByTestId('tree-search')).toBeFocused();
  await page.keyboard.type('lookup');
  await expect(page.getByTestId('tree-matches')).toHaveText(/1 of 3/);
  await expect(page.locator('.tree-row.match')).toHaveCount(3);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tree-matches')).toHaveText(/2 of 3/);
  await expect(page.locator('.tree-row.selected')).toContainText('lookup-order');
  await page.keyboard.press('Escape');

  await page.getByTestId('tree-level').selectOption('WARNING');
  await expect(rows).toHaveCount(2); // the agent, kept for context, and the warning
  await page.getByTestId('tree-level').selectOption('DEBUG');
  await page.locator('.tree-toolbar').getByRole('button', { name: 'Collapse all' }).click();
  await expect(rows).toHaveCount(1);
  await page.locator('.tree-toolbar').getByRole('button', { name: 'Expand all' }).click();
  await expect(rows).toHaveCount(8);

  // j/k move the selection and the inspector follows.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await rows.filter({ hasText: 'search-docs' }).click();
  await page.keyboard.press('j');
  await expect(page.getByTestId('inspector').locator('.inspector-name')).toHaveText('rich-call');
  await page.keyboard.press('k');
  await expect(page.getByTestId('inspector').locator('.inspector-name')).toHaveText('search-docs');
  await shoot(page, 'tree');

  // The split between tree and inspector is remembered.
  const handle = page.getByTestId('split-handle');
  const box = await handle.boundingBox();
  if (!box) throw new Error('split handle not laid out');
  await page.mouse.move(box.x + 2, box.y + 100);
  await page.mouse.down();
  await page.mouse.move(box.x - 200, box.y + 100, { steps: 4 });
  await page.mouse.up();
  const moved = (await handle.boundingBox())?.x ?? 0;
  expect(moved).toBeLessThan(box.x - 150);
  await page.reload();
  await expect(page.getByTestId('tree-row').first()).toBeVisible();
  expect(Math.abs(((await handle.boundingBox())?.x ?? 0) - moved)).toBeLessThan(3);
});

test('the timeline draws every observation, zooms, and selects on click', async () => {
  const page = await openTrace('views-run-1');
  await page.keyboard.press(']');
  await expect(page).toHaveURL(/view=timeline/);
  const canvas = page.getByTestId('timeline-canvas');
  await expect(canvas).toBeVisible();
  const range = page.getByTestId('timeline-range');
  await expect(range).toContainText(' of ');
  const before = await range.textContent();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('timeline not laid out');
  await page.mouse.move(box.x + box.width / 2, box.y + 40);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Control');
  await expect(range).not.toHaveText(before ?? '');
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect(range).toHaveText(before ?? '');

  // Row 3 (0-based 2), below the 20 px time axis, is the generation, drawn with its first-token mark; hovering names it.
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20 + 22 * 2 + 11);
  await expect(page.getByTestId('timeline-tip')).toContainText('rich-call');
  await expect(page.getByTestId('timeline-tip')).toContainText('first token after 250ms');
  await page.mouse.click(box.x + box.width * 0.5, box.y + 20 + 22 * 2 + 11);
  await expect(page.getByTestId('inspector').locator('.inspector-name')).toHaveText('rich-call');
  await expect(page).toHaveURL(/view=timeline/);
  await shoot(page, 'timeline');

  // The deep link survives a reload: same view, same observation.
  await page.reload();
  await expect(page.getByTestId('timeline-canvas')).toBeVisible();
  await expect(page.getByTestId('inspector').locator('.inspector-name')).toHaveText('rich-call');
});

test('the graph folds the repeated tool into one node and syncs the selection', async () => {
  const page = await openTrace('views-run-1');
  await page.getByTestId('view-graph').click();
  const nodes = page.getByTestId('graph-node');
  await expect(nodes).toHaveCount(6);
  const loop = nodes.filter({ hasText: 'lookup-order' });
  await expect(loop.getByTestId('graph-node-count')).toHaveText('×3');
  await loop.click();
  await expect(page.getByTestId('inspector').locator('.inspector-name')).toHaveText('lookup-order');
  await expect(page.locator('.step-node.selected')).toContainText('lookup-order');
  await shoot(page, 'graph');
  await page.keyboard.press('[');
  await expect(page).toHaveURL(/view=timeline/);
});

test('shortcuts overlay, theme toggle and sessions', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row')).toHaveCount(2);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('theme-toggle').click();

  await page.getByTestId('nav-sessions').click();
  await page.getByTestId('session-row').filter({ hasText: 'session-views' }).click();
  await expect(page.getByTestId('session-totals')).toContainText('2 traces');
  const turns = page.getByTestId('session-turn');
  await expect(turns).toHaveCount(2);
  await expect(turns.nth(0)).toContainText('Where is order 1?');
  await expect(turns.nth(1)).toContainText('And order 2?');
  await expect(turns.nth(0)).toContainText('Order 1042 ships tomorrow.');
  await shoot(page, 'session');
});
