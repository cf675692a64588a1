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

test('a LangGraph ReAct agent traced by OpenInference reads as chat, with its tool round, model, usage and cost', async () => {
  await runSdk('langgraph-support-agent.mjs', serve.url);
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    const row = page.getByRole('listbox', { name: 'Traces' }).getByRole('option').filter({ hasText: 'support_agent' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('318'); // 118 + 19 + 164 + 17 tokens
    await row.click();

    const tree = page.getByRole('treeitem');
    const calls = tree.filter({ hasText: 'ChatOpenAI' });
    await expect(calls).toHaveCount(2);
    await expect(tree.filter({ hasText: 'get_order_status' })).toHaveCount(1);

    // The first call: the agent's prompt and the user's question in, a tool call out.
    await calls.first().click();
    const input = page.getByTestId('inspector-input');
    const output = page.getByTestId('inspector-output');
    await expect(input).toContainText(/SYSTEM\s*You are a support agent\. Use the tools to look orders up\./, shown);
    await expect(input).toContainText(/USER\s*Where is my order A-1042\?/, shown);
    await expect(output).toContainText(/ASSISTANT\s*TOOL CALL get_order_status/, shown);
    await expect(output.getByTestId('tool-call')).toContainText('"orderId": "A-1042"');
    await expect(page.getByTestId('inspector-usage')).toContainText('118');
    await expect(page.getByTestId('inspector-usage')).toContainText('19');

    // The second: the tool's result in, the answer out, with model, usage and cost.
    await calls.nth(1).click();
    await expect(input).toContainText(/USER\s*Where is my order A-1042\?/, shown);
    await expect(input.getByTestId('tool-call')).toContainText('get_order_status');
    await expect(input).toContainText(
      /TOOL\s*get_order_status\s*call_order_1\s*\{"orderId":"A-1042","status":"shipped"/,
      shown,
    );
    await expect(output).toContainText(/ASSISTANT\s*Order A-1042 shipped on May 2 and arrives on May 6\./, shown);
    await expect(page.getByTestId('inspector-model')).toHaveText(/gpt-4\.1-mini/);
    await expect(page.getByTestId('inspector-usage')).toContainText('164');
    await expect(page.getByTestId('inspector-usage')).toContainText('17');
    await expect(page.getByTestId('inspector-usage')).toContainText('181');
    await expect(page.getByTestId('inspector-cost')).toContainText('$');
    await output.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('langgraph-answer-generation.png') });

    // The tool's own span: what the model asked for and what it answered.
    await tree.filter({ hasText: 'get_order_status' }).click();
    await expect(input).toContainText('A-1042');
    await expect(output).toContainText('shipped');
  } finally {
    await browser.close();
  }
});
