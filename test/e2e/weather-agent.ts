import { expect, type Locator, type Page, test } from '@playwright/test';

/**
 * What a user sees of the trace `sdk/langfuse-agent.mjs` sends, the same in the browser (headless mode) and in the
 * desktop window: its row in the list, its five steps, and the planning generation with its model and prompt.
 * Opens the trace and selects `plan-step`; returns the tree's rows for what the spec checks next.
 */
export async function expectWeatherAgentTrace(page: Page, traceName: string, shot: string): Promise<Locator> {
  const row = page.getByRole('listbox', { name: 'Traces' }).getByRole('option').filter({ hasText: traceName });
  await expect(row).toBeVisible();
  await expect(row).toContainText('170'); // 59 + 111 tokens
  // The cache lookup failed, yet the run answered: it recovered, with its failed step counted.
  await expect(row).toContainText('1 step failed');
  await page.screenshot({ path: test.info().outputPath(`${shot}-trace-list.png`), fullPage: true });

  await row.click();
  const tree = page.getByRole('treeitem');
  for (const name of ['weather-agent', 'plan-step', 'get_weather', 'cache-lookup', 'answer-step']) {
    await expect(tree.filter({ hasText: name }).first()).toBeVisible();
  }
  await expect(tree).toHaveCount(5);

  await tree.filter({ hasText: 'plan-step' }).click();
  await expect(page.getByTestId('inspector-model')).toHaveText(/gpt-4o-mini/);
  const input = page.getByTestId('inspector-input');
  await expect(input).toContainText('You are a concise travel assistant');
  await expect(input).toContainText('What is the weather in Paris today?');
  await expect(page.getByTestId('inspector-output')).toContainText('get_weather');
  return tree;
}
