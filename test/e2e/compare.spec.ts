import { expect, type Page, test } from '@playwright/test';
import { openBrowser, postSpans, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  // Two runs of the same agent, one after the other: B changed its prompt and model and calls a tool once more.
  await runSdk('langfuse-compare-agent.mjs', serve.url, ['compare-run', 'a']);
  await runSdk('langfuse-compare-agent.mjs', serve.url, ['compare-run', 'b']);
  await runSdk('langfuse-compare-agent.mjs', serve.url, ['other-run', 'a']);
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

const row = (page: Page, path: string) => page.locator(`[data-testid="compare-row"][data-path="${path}"]`);

/** Opens run A of `compare-run`: the list shows the newest first, so A is the last of the two. */
async function openRunA(page: Page): Promise<string> {
  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row')).toHaveCount(3);
  await page.getByTestId('trace-row').filter({ hasText: 'compare-run' }).last().click();
  await expect(page).toHaveURL(/#\/trace\//);
  return /#\/trace\/([0-9a-f]+)/.exec(page.url())?.[1] ?? '';
}

test('two runs compared side by side: aligned rows, deltas, the added call and the prompt diff', async () => {
  const page = await browser.context.newPage();
  const traceA = await openRunA(page);

  // Pick B in the trace header's picker: runs of the same name come first, the newest first.
  await page.getByTestId('compare-trace').click();
  const items = page.getByTestId('compare-picker-item');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('compare-run');
  await expect(items.nth(1)).toContainText('other-run');
  await page.screenshot({ path: test.info().outputPath('compare-picker.png') });
  await page.getByTestId('compare-picker-search').fill('other');
  await expect(items).toHaveCount(1);
  await page.getByTestId('compare-picker-search').fill('compare');
  await items.first().click();
  await expect(page).toHaveURL(new RegExp(`#/compare/${traceA}/[0-9a-f]+`));
  const traceB = /#\/compare\/[0-9a-f]+\/([0-9a-f]+)/.exec(page.url())?.[1] ?? '';
  expect(traceB).not.toBe(traceA);

  // The trees aligned by path: every step pairs with its counterpart, the extra tool call is an added row.
  await expect(page.getByTestId('compare-row')).toHaveCount(6);
  await expect(page.locator('[data-testid="compare-row"][data-status="matched"]')).toHaveCount(5);
  await expect(row(page, 'support-agent/lookup-order#2')).toHaveAttribute('data-status', 'added');
  await expect(row(page, 'support-agent/lookup-order#2')).toContainText('+');
  await expect(page.getByTestId('compare-counts')).toHaveText('5 matched · 1 added · 0 removed');

  // Deltas: the planner got faster and cheaper on another model, the answer slower.
  const plan = row(page, 'support-agent/plan');
  await expect(plan).toContainText('gpt-4o → gpt-4o-mini');
  await expect(plan.getByTestId('delta-latency')).toHaveClass(/delta-better/);
  await expect(plan.getByTestId('delta-latency')).toHaveText(/^−\d+ms$/);
  await expect(plan.getByTestId('delta-tokens')).toHaveText('−32');
  await expect(plan.getByTestId('delta-cost')).toHaveText('−$0.001420');
  await expect(plan.getByTestId('delta-cost')).toHaveClass(/delta-better/);
  const answer = row(page, 'support-agent/answer');
  await expect(answer.getByTestId('delta-latency')).toHaveClass(/delta-worse/);
  await expect(answer.getByTestId('delta-tokens')).toHaveText('+2');
  await expect(answer.getByTestId('delta-tokens')).toHaveClass(/delta-worse/);

  // The first pair of generations is selected: its facts side by side, and the prompt diffed word by word.
  await expect(plan).toHaveClass(/selected/);
  const facts = page.getByTestId('pair-facts');
  await expect(facts).toContainText('temperature');
  await expect(facts).toContainText('0.2');
  await expect(facts).toContainText('0.7');
  const input = page.getByTestId('diff-input');
  const system = input.getByTestId('diff-message').first();
  await expect(system).toContainText('system');
  await expect(system.locator('mark.diff-removed')).toHaveText(['friendly']);
  await expect(system.locator('mark.diff-added')).toHaveText(['concise']);
  await expect(input.locator('[data-testid="diff-message"][data-state="identical"]')).toHaveCount(1);

  for (const theme of ['light', 'dark']) {
    await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
    await page.screenshot({ path: test.info().outputPath(`compare-${theme}.png`), fullPage: true });
  }
  await page.evaluate("document.documentElement.dataset.theme = 'light'");

  // Selecting another row shows its pair; the completion diff marks the changed words.
  await answer.click();
  await expect(page).toHaveURL(/\?a=[0-9a-f]+&b=[0-9a-f]+$/);
  const output = page.getByTestId('diff-output');
  await expect(output.locator('mark.diff-removed')).toHaveText(['is pending', 'ships']);
  await expect(output.locator('mark.diff-added')).toHaveText(['has shipped', 'arrives']);

  // The added row has only a B side.
  await row(page, 'support-agent/lookup-order#2').click();
  await expect(page.getByTestId('pair-head-a')).toContainText('not in this run');
  await expect(page.getByTestId('pair-head-b')).toContainText('lookup-order');

  // Swapping sides turns the added row into a removed one, and keeps the selection.
  await page.getByTestId('compare-swap').click();
  await expect(page).toHaveURL(new RegExp(`#/compare/${traceB}/${traceA}`));
  await expect(row(page, 'support-agent/lookup-order#2')).toHaveAttribute('data-status', 'removed');
  await expect(row(page, 'support-agent/lookup-order#2')).toHaveClass(/selected/);
  await expect(row(page, 'support-agent/plan')).toContainText('gpt-4o-mini → gpt-4o');
  await expect(row(page, 'support-agent/plan').getByTestId('delta-latency')).toHaveClass(/delta-worse/);
  await page.close();
});

test('two generations compared directly from the inspector', async () => {
  const page = await browser.context.newPage();
  const traceA = await openRunA(page);
  await page.getByTestId('tree-row').filter({ hasText: 'answer' }).click();
  await page.getByTestId('compare-generation').click();
  const items = page.getByTestId('compare-picker-item');
  // Generations named `answer` first (the other run's, then the third run's), then the rest.
  await expect(items.first()).toContainText('answer');
  await page.getByTestId('compare-picker-search').fill('plan');
  await expect(items).toHaveCount(3);
  await items.filter({ hasText: 'this trace' }).click();

  // A generation against the planner of its own trace: the pair opens directly, though the trees align otherwise.
  await expect(page).toHaveURL(new RegExp(`#/compare/${traceA}/${traceA}\\?a=[0-9a-f]+&b=[0-9a-f]+`));
  await expect(page.getByTestId('compare-picked')).toContainText('picked by hand');
  await expect(page.locator('[data-testid="compare-row"].selected')).toHaveCount(0);
  await expect(page.getByTestId('pair-head-a')).toContainText('answer');
  await expect(page.getByTestId('pair-head-b')).toContainText('plan');
  const input = page.getByTestId('diff-input');
  await expect(input.getByTestId('diff-message').first()).toHaveAttribute('data-state', 'added');
  await expect(input.getByTestId('diff-message').first()).toContainText('system · only in B');
  await page.screenshot({ path: test.info().outputPath('compare-generations.png'), fullPage: true });
  await page.close();
});

test('a 100 KB prompt diffs off the main thread, and the page stays responsive', async () => {
  const page = await browser.context.newPage();
  const lines = Array.from({ length: 2_000 }, (_, i) => `Rule ${i}: answer politely and cite the order id ${i}.`);
  const changed = [...lines];
  changed[1_234] = 'Rule 1234: answer tersely and cite the order id 1234.';
  const prompt = (text: string[]) =>
    JSON.stringify([
      { role: 'system', content: text.join('\n') },
      { role: 'user', content: 'Where is order 1042?' },
    ]);
  const run = (traceId: string, text: string[]) => ({
    traceId,
    spanId: `${traceId.slice(0, 15)}1`,
    name: 'big-prompt',
    attributes: {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.model.name': 'gpt-4o',
      'langfuse.observation.input': prompt(text),
    },
  });
  const traceA = 'c1'.repeat(16);
  const traceB = 'c2'.repeat(16);
  expect(prompt(lines).length).toBeGreaterThan(100_000);
  await postSpans(serve.url, [run(traceA, lines), run(traceB, changed)]);

  await page.goto(serve.pageUrl);
  await expect(page.getByTestId('trace-row').filter({ hasText: 'big-prompt' })).toHaveCount(2);
  // Page code as strings: the tests type-check without the DOM library. Long tasks are those over 50 ms.
  await page.evaluate(`
    window.longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
    }).observe({ type: 'longtask' });
  `);
  const started = Date.now();
  await page.evaluate(`location.hash = '#/compare/${traceA}/${traceB}'`);
  const system = page.getByTestId('diff-input').getByTestId('diff-message').first();
  await expect(system.locator('mark.diff-removed')).toHaveText([
    'Rule 1234: answer politely and cite the order id 1234.\n',
  ]);
  await expect(system.locator('mark.diff-added')).toHaveText([
    'Rule 1234: answer tersely and cite the order id 1234.\n',
  ]);
  const elapsed = Date.now() - started;
  const longest = (await page.evaluate('window.longest')) as number;
  console.log(`100 KB prompt: diff shown after ${elapsed} ms, longest main-thread task ${Math.round(longest)} ms`);
  expect(longest).toBeLessThan(500);
  await page.close();
});
