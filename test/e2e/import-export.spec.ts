import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { openBrowser, repoRoot, runSdk, type ServeHandle, startServe } from './harness';

const sharedFixtures = resolve(repoRoot, '..', 'shared', 'fixtures', 'otlp');
const importFixtures = resolve(repoRoot, 'test', 'fixtures', 'import');

let serve: ServeHandle;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
});

type FilePayload = { name: string; mimeType: string; buffer: Buffer };
const file = (name: string, buffer: Buffer, mimeType = 'application/json'): FilePayload => ({ name, mimeType, buffer });

async function importFiles(page: Page, ...files: FilePayload[]): Promise<void> {
  await page.getByTestId('import-file-input').setInputFiles(files);
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
}

const rows = (page: Page) => page.getByTestId('trace-row');

test('imports OTLP/JSON, Collector JSON Lines and a Langfuse trace export, and names what it could not read', async () => {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    await expect(rows(page)).toHaveCount(0);

    // One OTLP/JSON request, as an exporter sent it.
    await importFiles(page, file('otel.json', readFileSync(resolve(sharedFixtures, 'otel-json', '001.body'))));
    const cards = page.getByTestId('import-card');
    await expect(cards.last()).toContainText('OTLP/JSON: 2 traces, 7 observations');
    await expect(rows(page).filter({ hasText: 'travel-agent' })).toBeVisible();

    // The Collector's file exporter format, with one broken line: the others are imported, the bad one named.
    const lines = readFileSync(resolve(importFixtures, 'collector-file-exporter.jsonl'), 'utf8').split('\n');
    const jsonl = [lines[0], '{"resourceSpans": [', lines[1], ''].join('\n');
    await importFiles(page, file('collector.jsonl', Buffer.from(jsonl), 'application/x-ndjson'));
    await expect(cards.last()).toContainText('OTLP/JSON Lines: 3 traces, 21 observations');
    await expect(cards.last()).toContainText('line 2: not JSON');
    await expect(rows(page).filter({ hasText: 'handle-chat-request' })).toBeVisible();

    // A trace exported from Langfuse, with its scores.
    await importFiles(page, file('langfuse-trace.json', readFileSync(resolve(importFixtures, 'langfuse-trace.json'))));
    await expect(cards.last()).toContainText('Langfuse trace export: 1 trace, 4 observations, 2 scores');
    const support = rows(page).filter({ hasText: 'support-agent' });
    await expect(support).toBeVisible();
    await expect(support).toContainText('853'); // tokens of its generation

    // Not a trace file: the error says what is expected.
    await importFiles(page, file('notes.json', Buffer.from('{"todo": ["buy milk"]}')));
    await expect(cards.last()).toContainText(
      'notes.json is an object with "todo", not a trace file; expected OTLP/JSON',
    );

    await expect(rows(page)).toHaveCount(4);
    await page.screenshot({ path: test.info().outputPath('import-results-light.png') });
    await setTheme(page, 'dark');
    await page.screenshot({ path: test.info().outputPath('import-results-dark.png') });

    await support.click();
    await expect(page.getByTestId('tree-row')).toHaveCount(4);
    await page.getByTestId('tree-row').filter({ hasText: 'answer' }).click();
    await expect(page.getByTestId('inspector-model')).toHaveText(/gpt-4o-mini/);
  } finally {
    await browser.close();
  }
});

test('a file dropped anywhere on the window is imported', async () => {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(serve.pageUrl);
    const text = readFileSync(resolve(importFixtures, 'langfuse-trace.json'), 'utf8');
    // What the browser hands a page when a file is dragged in from the desktop.
    const transfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(text)}], 'dropped-trace.json', { type: 'application/json' }));
      return dt;
    })()`);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
    await expect(page.getByTestId('drop-overlay')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('drop-overlay-light.png') });
    await setTheme(page, 'dark');
    await page.screenshot({ path: test.info().outputPath('drop-overlay-dark.png') });
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
    await expect(page.getByTestId('import-card').last()).toContainText('1 trace, 4 observations, 2 scores');
    await expect(rows(page).filter({ hasText: 'support-agent' })).toBeVisible();
  } finally {
    await browser.close();
  }
});

/** Exports through the menu and returns the downloaded file's name and content. */
async function exportVia(page: Page, button: string, item: string, screenshot?: string): Promise<FilePayload> {
  await page.getByTestId('export-button').filter({ hasText: button }).click();
  if (screenshot) await page.screenshot({ path: test.info().outputPath(screenshot) });
  const downloading = page.waitForEvent('download');
  await page.getByTestId(item).click();
  const download = await downloading;
  const path = await download.path();
  return file(download.suggestedFilename(), readFileSync(path));
}

test('export a trace and everything, clear the data, import again: the same traces come back', async () => {
  await runSdk('langfuse-rich-agent.mjs', serve.url, ['round-trip-run', 'session-rt', 'Where is my order 77?']);
  const first = await openBrowser();
  let loupeFile: FilePayload;
  let otlpFile: FilePayload;
  let langfuseFile: FilePayload;
  let listBefore: string[];
  let treeBefore: string[];
  try {
    const page = await first.context.newPage();
    await page.goto(serve.pageUrl);
    await importFiles(page, file('langfuse-trace.json', readFileSync(resolve(importFixtures, 'langfuse-trace.json'))));
    await expect(rows(page)).toHaveCount(2);
    // A row shows as soon as its summary is stored; its input, models and scores follow a frame later.
    await expect(rows(page).filter({ hasText: 'support-agent' })).toContainText('Where is my order #1182?');
    await expect(rows(page).filter({ hasText: 'support-agent' })).toContainText('helpfulness');
    await expect(rows(page).filter({ hasText: 'round-trip-run' })).toContainText('Where is my order 77?');
    listBefore = (await rows(page).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).sort();

    await rows(page).filter({ hasText: 'round-trip-run' }).click();
    await expect(page.getByTestId('tree-row').first()).toBeVisible();
    treeBefore = await page.getByTestId('tree-row').allInnerTexts();
    otlpFile = await exportVia(page, 'Export', 'export-otlp', 'trace-export-menu.png');
    expect(otlpFile.name).toMatch(/^loupe-trace-[0-9a-f]{16}\.otlp\.json$/);

    await page.goBack();
    await expect(rows(page)).toHaveCount(2);
    loupeFile = await exportVia(page, 'Export 2 traces', 'export-loupe', 'list-export-menu.png');
    expect(loupeFile.name).toMatch(/\.loupe\.jsonl$/);
    langfuseFile = await exportVia(page, 'Export 2 traces', 'export-all-langfuse');
    expect(JSON.parse(langfuseFile.buffer.toString())).toHaveLength(2);

    // File > Export All in the desktop app sends this command: everything, as a Loupe export.
    const downloading = page.waitForEvent('download');
    await page.evaluate("window.dispatchEvent(new CustomEvent('loupe:menu-command', { detail: 'export-all' }))");
    const all = await downloading;
    expect(all.suggestedFilename()).toMatch(/^loupe-2-traces-.*\.loupe\.jsonl$/);
    expect(readFileSync(await all.path(), 'utf8').split('\n')[0]).toMatch(/^\{"loupeExport":1,/);
  } finally {
    await first.close();
  }

  // A fresh profile is an empty store: the data is gone from this browser, only the files remain.
  const second = await openBrowser();
  try {
    const page = await second.context.newPage();
    await page.goto(serve.pageUrl);
    await expect(rows(page)).toHaveCount(0);
    await importFiles(page, loupeFile);
    await expect(page.getByTestId('import-card').last()).toContainText(
      /Loupe export v1: 2 traces, \d+ observations, \d+ scores?/,
    );
    await expect(rows(page)).toHaveCount(2);
    await expect
      .poll(async () => (await rows(page).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).sort())
      .toEqual(listBefore);
    await rows(page).filter({ hasText: 'round-trip-run' }).click();
    await expect(page.getByTestId('tree-row').first()).toBeVisible();
    expect(await page.getByTestId('tree-row').allInnerTexts()).toEqual(treeBefore);
  } finally {
    await second.close();
  }

  // The single-trace OTLP file alone brings back the same tree.
  const third = await openBrowser();
  try {
    const page = await third.context.newPage();
    await page.goto(serve.pageUrl);
    await importFiles(page, otlpFile);
    await expect(page.getByTestId('import-card').last()).toContainText('OTLP/JSON: 1 trace');
    await rows(page).filter({ hasText: 'round-trip-run' }).click();
    await expect(page.getByTestId('tree-row').first()).toBeVisible();
    expect(await page.getByTestId('tree-row').allInnerTexts()).toEqual(treeBefore);
  } finally {
    await third.close();
  }
});
