import { expect, type Page, test } from '@playwright/test';
import { openBrowser, postSpans, type ServeHandle, startServe } from './harness';

/*
 * A store that holds values no formatter expected (here a start beyond the Date range, which once blanked the list on
 * every load, and a trace input that is a BigInt) must leave the app usable: the list shows the other traces and a
 * marked placeholder, the poisoned trace opens (or shows its error panel), and Settings → Delete all data works. The
 * values are written straight into the page's IndexedDB, the route an older store or a bug would take, bypassing the
 * receiver that now refuses them.
 */

let serve: ServeHandle;
let browser: Awaited<ReturnType<typeof openBrowser>>;

const GOOD_A = 'a1'.repeat(16);
const GOOD_B = 'b2'.repeat(16);
const POISONED = 'dead'.repeat(8);
const POISONED_SPAN = 'feed'.repeat(4);

test.beforeAll(async () => {
  serve = await startServe();
  browser = await openBrowser();
  await postSpans(serve.url, [
    { traceId: GOOD_A, spanId: '1'.repeat(16), name: 'healthy-trace-a', attributes: {} },
    { traceId: GOOD_B, spanId: '2'.repeat(16), name: 'healthy-trace-b', attributes: {} },
  ]);
});

test.afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** The part of the page's IndexedDB API the spec uses (this file is compiled without the DOM's types). */
interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbStore {
  get(key: string): IdbRequest<unknown>;
  put(value: unknown): IdbRequest<unknown>;
  add(value: unknown): IdbRequest<unknown>;
  getAll(range: unknown): IdbRequest<unknown[]>;
}
interface IdbTransaction {
  objectStore(name: string): IdbStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  error: unknown;
}
interface IdbDatabase {
  transaction(names: string[], mode: 'readonly' | 'readwrite'): IdbTransaction;
  close(): void;
}
interface IdbFactory {
  databases(): Promise<{ name?: string }[]>;
  open(name: string): IdbRequest<IdbDatabase>;
}

/**
 * Copies trace A's summary and root row under new ids with a start of 1e17 ms (`startTimeUnixNano` 1e23), a BigInt
 * input, and a score of the row whose name is an object.
 */
async function poisonStore(page: Page): Promise<void> {
  await page.evaluate(
    async ({ source, target, span }) => {
      const { indexedDB, IDBKeyRange } = globalThis as unknown as {
        indexedDB: IdbFactory;
        IDBKeyRange: { bound(lower: unknown, upper: unknown): unknown };
      };
      const req = <T>(r: IdbRequest<T>) =>
        new Promise<T>((done, fail) => {
          r.onsuccess = () => done(r.result);
          r.onerror = () => fail(r.error);
        });
      const names = (await indexedDB.databases()).map((d) => d.name);
      if (!names.includes('loupe')) throw new Error(`no "loupe" database in this page; found ${names.join(', ')}`);
      const open = indexedDB.open('loupe');
      const db = await req(open);
      const read = db.transaction(['traces', 'bodyChunks'], 'readonly');
      const trace = (await req(read.objectStore('traces').get(source))) as Record<string, unknown>;
      // A trace's chunks (its spans' rows and bodies) are the range of its id in the chunks' [traceId+chunk] key.
      const range = IDBKeyRange.bound([source], [source, []]);
      const chunks = (await req(read.objectStore('bodyChunks').getAll(range))) as {
        rows: Record<string, unknown>[];
        bodies: Record<string, unknown>[];
      }[];
      const [chunk] = chunks;
      if (!trace || !chunk || chunk.rows.length === 0) throw new Error(`trace ${source} is not stored yet`);
      const tx = db.transaction(['traces', 'bodyChunks', 'traceBodies', 'scores', 'skeletonLog'], 'readwrite');
      tx.objectStore('traces').put({
        ...trace,
        id: target,
        name: 'poisoned-trace',
        startTime: 1e17,
        endTime: 1e17 + 5,
        rootObservationId: span,
        updatedAt: Date.now(),
      });
      const row: Record<string, unknown> = { ...chunk.rows[0], traceId: target, id: span, startTime: 1e17 };
      tx.objectStore('bodyChunks').put({
        traceId: target,
        chunk: span,
        rows: [row],
        bodies: [{ ...chunk.bodies[0], traceId: target, id: span }],
        spans: [[target, span]],
        names: [String(row.name)],
        models: [],
      });
      tx.objectStore('traceBodies').put({ id: target, input: 10n, output: 'done', metadata: {} });
      // A score whose name is an object: nothing renders that, so the inspector shows its error panel.
      tx.objectStore('scores').put({
        id: 'poisoned-score',
        traceId: target,
        observationId: span,
        sessionId: null,
        name: { not: 'a name' },
        value: 1,
        stringValue: null,
        dataType: 'NUMERIC',
        comment: null,
        timestamp: Date.now(),
        environment: 'default',
        metadata: {},
      });
      // No skeleton log for it: the trace opens from its rows, as a trace stored before the log existed.
      tx.objectStore('skeletonLog').add({ traceId: target, legacy: true });
      await new Promise<void>((done, fail) => {
        tx.oncomplete = () => done();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    },
    { source: GOOD_A, target: POISONED, span: POISONED_SPAN },
  );
}

async function screenshots(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: test.info().outputPath(`${name}-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a poisoned trace leaves the list, its own view and Delete all data usable', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(serve.pageUrl);
  const list = page.getByRole('listbox', { name: 'Traces' });
  const rows = list.getByRole('option');
  await expect(rows).toHaveCount(2);

  await poisonStore(page);
  await page.reload();

  // The list renders every trace; the poisoned start is a marked placeholder naming the stored value.
  await expect(rows).toHaveCount(3);
  await expect(list.getByRole('option', { name: /healthy-trace-a/ })).toBeVisible();
  await expect(list.getByRole('option', { name: /healthy-trace-b/ })).toBeVisible();
  const poisoned = list.getByRole('option', { name: /poisoned-trace/ });
  await expect(poisoned.getByText('invalid time')).toBeVisible();
  await expect(poisoned.getByText('invalid time')).toHaveAttribute('title', 'Stored value: 100000000000000000');
  await screenshots(page, 'poisoned-list');

  // Opening it shows its view: the header and the tree mark what they cannot show.
  await poisoned.click();
  await expect(page.getByRole('heading', { name: 'poisoned-trace' })).toBeVisible();
  await expect(page.getByRole('main').getByText('invalid time').first()).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /invalid duration/ })).toBeVisible();
  await page.getByText('Trace input, output and metadata').click();
  await expect(page.getByRole('main').getByText('10', { exact: true }).first()).toBeVisible();
  // The inspected observation carries a score no chip can render: the inspector is replaced by its error panel,
  // which names the trace and the observation; the header and the tree beside it carry on.
  const panel = page.getByRole('alert').filter({ hasText: 'could not be shown' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('This observation could not be shown');
  await expect(panel).toContainText(POISONED);
  await expect(panel).toContainText(POISONED_SPAN);
  await expect(panel.getByRole('link', { name: 'Open Settings' })).toBeVisible();
  await expect(page.getByRole('treeitem').first()).toBeVisible();
  await screenshots(page, 'poisoned-view-error');

  // The top bar is outside every view's boundary: Settings and Delete all data are always reachable.
  await panel.getByRole('link', { name: 'Back to the trace list' }).click();
  await expect(rows).toHaveCount(3);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Delete all data…' }).click();
  await page
    .getByRole('alertdialog', { name: 'Delete all data' })
    .getByRole('button', { name: 'Delete everything' })
    .click();
  await expect(page.getByText('All traces, observations and scores were deleted.')).toBeVisible();
  await page.getByRole('link', { name: 'Traces', exact: true }).click();
  await expect(page.getByText('0 traces').or(page.getByRole('heading', { name: /no traces/i }))).toBeVisible();
  // What React reported was caught by the boundaries: nothing reached the page as an uncaught error.
  expect(errors).toEqual([]);
});
