import { expect, type Locator, type Page, test } from '@playwright/test';
import { openBrowser, openListedTrace, type ServeHandle, startServe } from './harness';
import {
  AGENT_TRACE_NAME,
  DOC_TEXT,
  FARE_RULES,
  LOOP_TRACE_NAME,
  MID_STRING,
  postAgentTrace,
  postLoopTrace,
  RATE_LIMIT,
} from './trace-view-agent';

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  await postAgentTrace(serve.url);
  await postLoopTrace(serve.url);
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function openTrace(name: string, size = { width: 1440, height: 900 }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(serve.pageUrl);
  await openListedTrace(page, name, 2);
  await expect(page.getByRole('tree', { name: 'Observations' })).toBeVisible();
  return page;
}

/** The tree row of the observation with exactly this name. */
function row(page: Page, name: string): Locator {
  return page.getByRole('treeitem').filter({ has: page.getByText(name, { exact: true }) });
}

/** True when the element shows all of its content: nothing cut by its box. */
async function shownWhole(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1);
}

/** The few browser globals the page-side callbacks below use: the e2e specs compile without the DOM library. */
interface Context2d {
  font: string;
  measureText(text: string): { width: number };
  getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
}
interface CanvasLike {
  width: number;
  clientWidth: number;
  getContext(kind: '2d'): Context2d | null;
}
interface ProbeLike {
  style: { color: string };
  remove(): void;
}
interface PageGlobals {
  document: {
    createElement(tag: 'canvas'): CanvasLike;
    createElement(tag: 'div'): ProbeLike;
    body: { append(el: ProbeLike): void };
  };
  getComputedStyle(el: unknown): { font: string; color: string; transform: string; fontSize: string };
  DOMMatrixReadOnly: new (transform: string) => { a: number };
}

/** True when a one-line label's text fits its box to the sub-pixel: an ellipsis can hide in a rounded width. */
async function labelWhole(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return false;
    ctx.font = getComputedStyle(el).font;
    return ctx.measureText(el.textContent ?? '').width <= el.getBoundingClientRect().width + 0.25;
  });
}

const inspectorName = (page: Page) => page.getByTestId('inspector').getByRole('heading', { level: 2 });

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`at ${size.width}x${size.height} the tree shows every usage figure whole and keeps names and ERROR badges`, async () => {
    const page = await openTrace(AGENT_TRACE_NAME, size);
    const plan = row(page, 'plan-call').getByTestId('tree-usage');
    await expect(plan).toContainText('2,538 tok');
    expect(await shownWhole(plan)).toBe(true);
    const fallback = row(page, 'answer-call-fallback').getByTestId('tree-usage');
    await expect(fallback).toContainText('840.5k tok');
    await expect(fallback).toHaveAttribute('title', /840,500 tokens \(840,000 in, 500 out\)/);
    expect(await shownWhole(fallback)).toBe(true);
    // The agent's cell rolls up its subtree: 843,038 tokens.
    await expect(row(page, AGENT_TRACE_NAME).getByTestId('tree-usage')).toContainText('843k tok');

    const failed = row(page, 'answer-call');
    const label = failed.getByText('answer-call', { exact: true });
    const badge = failed.getByText('ERROR', { exact: true });
    await expect(label).toBeVisible();
    await expect(badge).toBeVisible();
    expect(await labelWhole(label)).toBe(true);
    // The badge sits inside the name cell, not under the usage column.
    const cell = await failed.locator('.tree-name').boundingBox();
    const chip = await badge.boundingBox();
    if (!cell || !chip) throw new Error('the failed row is not laid out');
    expect(chip.x + chip.width).toBeLessThanOrEqual(cell.x + cell.width);
    await page.close();
  });
}

test('selecting another observation opens the inspector at its top, where the error is', async () => {
  const page = await openTrace(AGENT_TRACE_NAME, { width: 1024, height: 700 });
  await row(page, 'plan-call').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByTestId('tool-call')).toHaveCount(2);
  await inspector.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  expect(await inspector.evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
  await row(page, 'answer-call').click();
  await expect(inspectorName(page)).toHaveText('answer-call');
  // The failed call's status (message, provider body, stack) is long: the panel must not open in the middle of it.
  await expect(inspector.getByTestId('inspector-input')).toBeVisible();
  expect(await inspector.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(inspectorName(page)).toBeInViewport();
  await expect(inspector.getByText(RATE_LIMIT, { exact: false }).first()).toBeInViewport();
  await page.close();
});

test('strings up to 500 characters read whole, longer ones open with show all, in both views', async () => {
  const page = await openTrace(AGENT_TRACE_NAME);
  await row(page, 'get_weather').click();
  const output = page.getByTestId('inspector-output');
  for (const tab of ['Formatted', 'JSON']) {
    await output.getByRole('tab', { name: tab }).click();
    const text = output.getByText(`"${MID_STRING}"`);
    await expect(text).toBeVisible();
    expect(await shownWhole(text)).toBe(true);
  }

  await row(page, 'search_flights').click();
  const flights = page.getByTestId('inspector-output');
  await flights.getByRole('button', { name: `show all ${FARE_RULES.length} chars` }).click();
  const full = flights.getByText(FARE_RULES.trim());
  await expect(full).toBeVisible();
  expect(await shownWhole(full)).toBe(true);
  await page.close();
});

test('nested values open to a readable depth and retrieved documents read as cards', async () => {
  const page = await openTrace(AGENT_TRACE_NAME);
  await row(page, 'search_flights').click();
  const output = page.getByTestId('inspector-output');
  // flights → 0 → price → amount: three levels down, without "Expand all".
  await expect(output.getByText('612', { exact: true })).toBeVisible();
  await expect(output.getByText('"TP 202"')).toBeVisible();
  await expect(output.getByText(/\{…\}/)).toHaveCount(0);

  await row(page, 'search-policies').click();
  const cards = page.getByTestId('inspector-output').getByRole('listitem');
  await expect(cards).toHaveCount(3);
  const first = cards.first();
  await expect(first).toContainText('#1');
  await expect(first).toContainText('kb-baggage-12');
  await expect(first).toContainText('score 0.912');
  await expect(first).toContainText('policies/baggage.md');
  await expect(first.getByText(DOC_TEXT)).toBeVisible();
  await page.close();
});

test('a generation lists its tools at the top of its input, numbered like its tool calls', async () => {
  const page = await openTrace(AGENT_TRACE_NAME);
  await row(page, 'plan-call').click();
  const tools = page.getByTestId('inspector-tools');
  await expect(tools).toContainText('Tools available (2)');
  const defs = tools.getByRole('listitem');
  await expect(defs.nth(0)).toContainText('#1get_weather');
  await expect(defs.nth(0)).toContainText('Daily forecast for a city over a date range.');
  await expect(defs.nth(1)).toContainText('#2search_flights');
  // The tools come before the messages.
  const input = page.getByTestId('inspector-input');
  const toolsBox = await tools.boundingBox();
  const userBox = await input.locator('.role-user').boundingBox();
  if (!toolsBox || !userBox) throw new Error('the input is not laid out');
  expect(toolsBox.y).toBeLessThan(userBox.y);
  const calls = page.getByTestId('inspector-output').getByTestId('tool-call');
  await expect(calls.filter({ hasText: 'get_weather' })).toContainText('#1');
  await expect(calls.filter({ hasText: 'search_flights' })).toContainText('#2');
  await page.close();
});

/** The colour the canvas drew at a point, as [r, g, b]. */
async function pixelAt(canvas: Locator, x: number, y: number): Promise<number[]> {
  return canvas.evaluate(
    (el, { px, py }) => {
      const c = el as unknown as CanvasLike;
      const ratio = c.width / c.clientWidth;
      const data = c.getContext('2d')?.getImageData(Math.round(px * ratio), Math.round(py * ratio), 1, 1).data;
      return data ? [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0] : [];
    },
    { px: x, py: y },
  );
}

/** A CSS colour as [r, g, b], resolved by the page. */
async function cssColour(page: Page, variable: string): Promise<number[]> {
  return page.evaluate((name) => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const probe = document.createElement('div');
    probe.style.color = `var(${name})`;
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+/g)?.map(Number) ?? [];
    probe.remove();
    return rgb.slice(0, 3);
  }, variable);
}

test('the timeline colours the failed call, names its error, and labels its time axis', async () => {
  const page = await openTrace(AGENT_TRACE_NAME);
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const canvas = page.getByTestId('timeline-canvas');
  await expect(canvas).toHaveAttribute(
    'aria-label',
    /Waterfall of 7 observations over 4\.\d+s, time axis ticks every 500ms/,
  );
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the timeline is not laid out');
  // Rows in tree order below a 20 px axis, 22 px each: the failed call is the sixth, at 2,650-2,900 ms of 4,200.
  const y = 20 + 5 * 22 + 11;
  const x = (box.width * 2775) / 4200;
  const error = await cssColour(page, '--error');
  // The canvas itself is transparent: a bar's pixel is its own colour (drawn at 90% opacity).
  const drawn = await pixelAt(canvas, x, y);
  drawn.forEach((channel, i) => {
    expect(Math.abs(channel - (error[i] ?? 0))).toBeLessThan(8);
  });
  const success = await pixelAt(canvas, (box.width * 3500) / 4200, 20 + 6 * 22 + 11);
  expect(success).not.toEqual(drawn);

  await canvas.hover({ position: { x, y } });
  const tip = page.getByTestId('timeline-tip');
  await expect(tip).toContainText('answer-call');
  await expect(tip).toContainText(`ERROR: ${RATE_LIMIT}`);
  await page.close();
});

async function zoomOf(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((el) => {
    const { DOMMatrixReadOnly, getComputedStyle } = globalThis as unknown as PageGlobals;
    return new DOMMatrixReadOnly(getComputedStyle(el).transform).a;
  });
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`at ${size.width}x${size.height} the graph fits with readable labels and draws parallel calls side by side`, async () => {
    const page = await openTrace(AGENT_TRACE_NAME, size);
    await page.getByRole('tab', { name: 'Graph' }).click();
    const node = (name: string) =>
      page.getByTestId('graph-node').filter({ has: page.getByText(name, { exact: true }) });
    await expect(page.getByTestId('graph-node')).toHaveCount(7);
    const name = node('plan-call').locator('.step-name');
    const fontSize = await name.evaluate((el) =>
      Number.parseFloat((globalThis as unknown as PageGlobals).getComputedStyle(el).fontSize),
    );
    await expect.poll(async () => fontSize * (await zoomOf(page))).toBeGreaterThanOrEqual(11);
    for (const n of ['plan-call', 'get_weather', 'search_flights', 'answer-call'])
      await expect(node(n)).toBeInViewport();

    const [plan, weather, flights, answer] = await Promise.all(
      ['plan-call', 'get_weather', 'search_flights', 'answer-call'].map((n) => node(n).boundingBox()),
    );
    if (!plan || !weather || !flights || !answer) throw new Error('the graph is not laid out');
    expect(Math.abs(weather.y - flights.y)).toBeLessThan(2);
    expect(Math.abs(weather.x - flights.x)).toBeGreaterThan(weather.width);
    expect(plan.y + plan.height).toBeLessThan(weather.y);
    expect(weather.y + weather.height).toBeLessThan(answer.y);
    await page.close();
  });
}

test('the graph folds a 1,000-turn loop into counted steps, expands on demand, and follows the selection', async () => {
  const page = await openTrace(LOOP_TRACE_NAME);
  await page.getByRole('tab', { name: 'Graph' }).click();
  const nodes = page.getByTestId('graph-node');
  await expect(page.getByRole('button', { name: 'Aggregated' })).toHaveAttribute('aria-pressed', 'true');
  await expect(nodes).toHaveCount(3);
  await expect(nodes.filter({ hasText: 'think' }).getByTestId('graph-node-count')).toHaveText('×1,000');
  await expect(nodes.filter({ hasText: 'lookup' }).getByTestId('graph-node-count')).toHaveText('×1,000');
  await expect(page.locator('.react-flow__edge-text').filter({ hasText: '×1,000' })).toHaveCount(1);
  await expect(page.locator('.react-flow__edge-text').filter({ hasText: '×999' })).toHaveCount(1);

  await page.getByRole('button', { name: 'Expanded' }).click();
  await expect(page.getByRole('button', { name: 'Expanded' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('graph-notice')).toContainText('2,001 observations');
  await page.getByRole('button', { name: 'Aggregated' }).click();
  await expect(nodes).toHaveCount(3);

  // Graph to tree: clicking a step selects its observation.
  await nodes.filter({ hasText: 'lookup' }).click();
  await expect(inspectorName(page)).toHaveText('lookup');
  await expect(nodes.filter({ hasText: 'lookup' })).toHaveAttribute('data-selected', 'true');
  await page.getByRole('tab', { name: 'Tree' }).click();
  await expect(page.getByRole('treeitem', { selected: true })).toContainText('lookup');
  // Tree to graph: the selected observation's step is marked.
  await row(page, LOOP_TRACE_NAME).click();
  await page.getByRole('tab', { name: 'Graph' }).click();
  await expect(nodes.filter({ hasText: LOOP_TRACE_NAME })).toHaveAttribute('data-selected', 'true');
  await expect(nodes.filter({ hasText: 'lookup' })).toHaveAttribute('data-selected', 'false');
  await page.close();
});

test('screenshots of the tree, timeline and graph at both sizes, light and dark', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      const page = await openTrace(AGENT_TRACE_NAME, size);
      await page.emulateMedia({ colorScheme });
      const tag = `${size.width}x${size.height}-${colorScheme}`;
      await row(page, 'plan-call').click();
      await expect(page.getByTestId('inspector-tools')).toBeVisible();
      await page.screenshot({ path: test.info().outputPath(`tree-${tag}.png`) });
      await row(page, 'search-policies').click();
      await expect(page.getByTestId('inspector-output').getByRole('listitem')).toHaveCount(3);
      await page.screenshot({ path: test.info().outputPath(`documents-${tag}.png`) });
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByTestId('timeline-canvas').hover({ position: { x: size.width * 0.36, y: 20 + 5 * 22 + 11 } });
      await expect(page.getByTestId('timeline-tip')).toBeVisible();
      await page.screenshot({ path: test.info().outputPath(`timeline-${tag}.png`) });
      await page.getByRole('tab', { name: 'Graph' }).click();
      await expect(page.getByTestId('graph-node')).toHaveCount(7);
      await page.screenshot({ path: test.info().outputPath(`graph-${tag}.png`) });
      await page.getByTestId('graph-node').filter({ hasText: 'answer-call' }).first().click();
      await expect(inspectorName(page)).toHaveText('answer-call');
      await page.screenshot({ path: test.info().outputPath(`error-${tag}.png`) });
      await page.close();

      const loop = await openTrace(LOOP_TRACE_NAME, size);
      await loop.emulateMedia({ colorScheme });
      await loop.getByRole('tab', { name: 'Graph' }).click();
      await expect(loop.getByTestId('graph-node')).toHaveCount(3);
      await loop.screenshot({ path: test.info().outputPath(`loop-${tag}.png`) });
      await loop.getByRole('button', { name: 'Expanded' }).click();
      await expect(loop.getByTestId('graph-notice')).toBeVisible();
      await loop.screenshot({ path: test.info().outputPath(`loop-expanded-${tag}.png`) });
      await loop.close();
    }
  }
});
