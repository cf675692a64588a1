import { expect, test } from '@playwright/test';
import { openBrowser, runSdk, type ServeHandle, startServe } from './harness';

// innerText, not textContent: it is what the screen shows, with the role labels in the capitals CSS gives them.
const shown = { useInnerText: true };

/**
 * The Anthropic SDK under an instrumentation, a global tracer provider registered: each call is recorded twice, by the
 * instrumentation's span and by the SDK's own `anthropic.messages.create` under it. The same calls both ways
 * (scripts/capture/anthropic-chat.mjs): a get_weather round, then a streamed call.
 */
const cases = [
  { instrumentation: 'OpenInference', sdk: '1.x', script: 'anthropic-openinference.mjs', span: 'Anthropic Messages' },
  {
    instrumentation: 'Traceloop',
    sdk: '0.x',
    script: 'anthropic-traceloop.mjs',
    span: 'chat claude-haiku-4-5-20251001',
  },
];

for (const c of cases) {
  test.describe(c.instrumentation, () => {
    let serve: ServeHandle;

    test.beforeAll(async () => {
      serve = await startServe();
    });

    test.afterAll(async () => {
      await serve?.stop();
    });

    test(`the Anthropic SDK ${c.sdk} traced by ${c.instrumentation} reads as chat, with its tool round, and counts each call once beside the SDK record`, async () => {
      await runSdk(c.script, serve.url);
      const browser = await openBrowser();
      try {
        const page = await browser.context.newPage();
        await page.goto(serve.pageUrl);
        const row = page
          .getByRole('listbox', { name: 'Traces' })
          .getByRole('option')
          .filter({ hasText: 'weather-chat' });
        // Three calls, each recorded twice: 1,262 + 1,275 + 1,275 tokens, not twice that.
        await expect(row).toContainText('3,812');
        await expect(row).not.toContainText('7,624');
        await row.click();
        const header = page.locator('.trace-header');
        await expect(header).toContainText(/TOKENS\s*3,812 \(3,760 in \/ 52 out\)/, shown);
        await expect(header).toContainText(/COST\s*\$0\.00216/, shown);

        const tree = page.getByRole('treeitem');
        const calls = tree.filter({ hasText: c.span });
        const records = tree.filter({ hasText: 'anthropic.messages.create' });
        await expect(calls).toHaveCount(3);
        await expect(records).toHaveCount(3);
        for (const record of await records.all()) {
          const tag = record.getByText('SDK record', { exact: true });
          await expect(tag).toBeVisible();
          // Read whole, not cut to an ellipsis by the row's narrowing name and model.
          expect(await tag.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        }
        for (const call of await calls.all()) await expect(call).not.toContainText('SDK record');

        // The first call: the instructions and the user's question in, a get_weather call out.
        await calls.first().click();
        const input = page.getByTestId('inspector-input');
        const output = page.getByTestId('inspector-output');
        await expect(input).toContainText(/SYSTEM\s*You answer travel questions\. Use the tools\./, shown);
        await expect(input).toContainText(/USER\s*What is the weather in Lisbon\?/, shown);
        await expect(output).toContainText(/ASSISTANT\s*Let me look that up\./, shown);
        await expect(output).toContainText(/TOOL CALL get_weather/, shown);
        await expect(output.getByTestId('tool-call')).toContainText('"city": "Lisbon"');
        await expect(page.getByTestId('inspector-usage')).toContainText(/total\s*1,262/, shown);

        // The second: the tool's result in, the answer out, reading the prompt cache the first call wrote.
        await calls.nth(1).click();
        await expect(input).toContainText(/USER\s*What is the weather in Lisbon\?/, shown);
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
        await output.scrollIntoViewIfNeeded();
        await page.screenshot({
          path: test.info().outputPath(`anthropic-${c.instrumentation.toLowerCase()}-answer.png`),
        });
      } finally {
        await browser.close();
      }
    });
  });
}
