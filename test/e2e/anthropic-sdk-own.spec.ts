import { expect, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

let serve: ServeHandle;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
});

// innerText, not textContent: it is what the screen shows, with the role labels in the capitals CSS gives them.
const shown = { useInnerText: true };

test("the Anthropic SDK's own tracing reads as chat, with its tool runner round, and a rate-limited call shows why it failed", async () => {
  await runSdk('anthropic-sdk-own.mjs', serve.url);
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    const row = page.getByRole('listbox', { name: 'Traces' }).getByRole('option').filter({ hasText: 'trip-planner' });
    // 1,262 + 1,275 + 1,275 tokens; the call that failed used none.
    await expect(row).toContainText('3,812');
    await row.click();
    const header = page.locator('.trace-header');
    await expect(header).toContainText(/TOKENS\s*3,812 \(3,760 in \/ 52 out\)/, shown);
    await expect(header).toContainText(/SESSION\s*conv-trip-1/, shown);

    const tree = page.getByRole('treeitem');
    const calls = tree.filter({ hasText: 'anthropic.messages.create' });
    await expect(calls).toHaveCount(4);
    await expect(tree.filter({ hasText: 'anthropic.messages.tool_runner' })).toHaveCount(1);
    // With no instrumentation the SDK's span is the only record of its call: nothing to tag.
    await expect(tree.filter({ hasText: 'SDK record' })).toHaveCount(0);

    // The tool runner's first call: the instructions and the user's question in, a get_weather call out.
    await calls.first().click();
    const input = page.getByTestId('inspector-input');
    const output = page.getByTestId('inspector-output');
    await expect(input).toContainText(/SYSTEM\s*You answer travel questions\. Use the tools\./, shown);
    await expect(input).toContainText(/USER\s*What is the weather in Lisbon\?/, shown);
    await expect(output).toContainText(/ASSISTANT\s*Let me look that up\./, shown);
    await expect(output).toContainText(/TOOL CALL get_weather/, shown);
    await expect(output.getByTestId('tool-call')).toContainText('"city": "Lisbon"');
    await expect(page.getByTestId('inspector-usage')).toContainText(/total\s*1,262/, shown);

    // The tool run the SDK made: what the model asked for and what the tool answered.
    await tree.filter({ hasText: 'get_weather' }).click();
    await expect(input).toContainText('Lisbon');
    await expect(output).toContainText('sunny');

    // The second call: the tool's result in, the answer out, reading the cache the first call wrote.
    await calls.nth(1).click();
    await expect(input.getByTestId('tool-call')).toContainText('get_weather');
    await expect(input).toContainText(
      /TOOL\s*toolu_fake_1\s*\{"city":"Lisbon","tempC":21,"condition":"sunny"\}/,
      shown,
    );
    await expect(output).toContainText(/ASSISTANT\s*It is 21°C and sunny in Lisbon\./, shown);
    await expect(page.getByTestId('inspector-model')).toHaveText(/claude-haiku-4-5-20251001/);
    await expect(page.getByTestId('inspector-usage')).toContainText(
      /input\s*60\s*output\s*15\s*cached\s*1,200\s*total\s*1,275/,
      shown,
    );
    await expect(page.getByTestId('inspector-cost')).toContainText('$');

    // The streamed call, read through the stream helper: its text is recorded too.
    await calls.nth(2).click();
    await expect(input).toContainText(/USER\s*What should I pack for Lisbon\?/, shown);
    await expect(output).toContainText(/ASSISTANT\s*Pack a light jacket for the evening\./, shown);

    // The call the API refused: the error's type and status, and the prompt that was sent.
    const failed = calls.nth(3);
    await expect(failed).toContainText('ERROR');
    await failed.click();
    await expect(page.getByTestId('inspector')).toContainText(/LEVEL\s*ERROR\s*rate_limit_error \(HTTP 429\)/, shown);
    await expect(input).toContainText(/USER\s*Book a table, or fail trying\./, shown);
    await expect(page.getByTestId('inspector-usage')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('anthropic-sdk-own-rate-limited.png') });
  } finally {
    await browser.close();
  }
});
