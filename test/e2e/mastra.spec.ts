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

test('a Mastra agent exported by its OpenTelemetry exporter reads as chat, with its tool round, model, usage and cost', async () => {
  await runSdk('mastra-weather-agent.mjs', serve.url);
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    const row = page
      .getByRole('listbox', { name: 'Traces' })
      .getByRole('option')
      .filter({ hasText: 'invoke_agent Weather agent' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('349'); // 132 + 18 + 187 + 12 tokens
    await row.click();
    await expect(page.locator('.trace-header')).toContainText('user-lisbon');

    const tree = page.getByRole('treeitem');
    const calls = tree.filter({ hasText: 'chat gpt-4.1-mini' });
    await expect(calls).toHaveCount(2);
    await expect(tree.filter({ hasText: 'get_weather' })).toHaveCount(1);

    // The first call: the agent's instructions and the user's question in, a tool call out.
    await calls.first().click();
    const input = page.getByTestId('inspector-input');
    const output = page.getByTestId('inspector-output');
    await expect(input).toContainText(/SYSTEM\s*Answer weather questions with the get_weather tool\./, shown);
    await expect(input).toContainText(/USER\s*What is the weather in Lisbon\?/, shown);
    await expect(output).toContainText(/ASSISTANT\s*TOOL CALL get_weather/, shown);
    await expect(output.getByTestId('tool-call')).toContainText('"city": "Lisbon"');
    await expect(page.getByTestId('inspector-usage')).toContainText('132');
    await expect(page.getByTestId('inspector-usage')).toContainText('18');

    // The second: the tool's result in, the answer out, with model, usage and cost.
    await calls.nth(1).click();
    await expect(input).toContainText(/USER\s*What is the weather in Lisbon\?/, shown);
    // Mastra records the earlier turns of a step's prompt as placeholders (mastra.model_step.input holds
    // `[tool: get_weather]` and `[tool-result: get_weather]`); the call's arguments and result are on the first
    // call's output and on the tool's span.
    await expect(input).toContainText(/ASSISTANT\s*\[tool: get_weather\]\s*TOOL\s*\[tool-result: get_weather\]/, shown);
    await expect(output).toContainText(/ASSISTANT\s*It is 21°C and sunny in Lisbon\./, shown);
    await expect(page.getByTestId('inspector-model')).toHaveText(/gpt-4\.1-mini-2025-04-14/);
    await expect(page.getByTestId('inspector-usage')).toContainText('187');
    await expect(page.getByTestId('inspector-usage')).toContainText('12');
    await expect(page.getByTestId('inspector-usage')).toContainText('199');
    await expect(page.getByTestId('inspector-cost')).toContainText('$');
    await output.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('mastra-answer-generation.png') });

    // The tool's own span: what the model asked for and what it answered.
    await tree.filter({ hasText: 'get_weather' }).click();
    await expect(input).toContainText('Lisbon');
    await expect(output).toContainText('tempC');
    await expect(output).toContainText('sunny');
  } finally {
    await browser.close();
  }
});
