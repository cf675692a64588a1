import 'fake-indexeddb/auto';
import type { TraceSummary } from '@core/model/types';
import { emptyTrace } from '@core/trace/merge';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoupeDb, openDb } from './db';
import { StoredTraces } from './queries';

const never = new AbortController().signal;
let db: LoupeDb;
let name = 0;

afterEach(async () => {
  await db?.delete();
});

function trace(id: string, startTime: number, updatedAt: number) {
  return { ...emptyTrace(id, startTime), updatedAt };
}

// Thousands of rows through fake-indexeddb: seconds when other tests share the cores, so not the default 5 s.
describe('StoredTraces', { timeout: 60_000 }, () => {
  it('loads every summary newest first, in chunks, then reads only what changed', async () => {
    db = openDb(`stored-${++name}`);
    const now = Date.now();
    // More than one chunk of 4,000.
    await db.traces.bulkPut(Array.from({ length: 9_000 }, (_, i) => trace(`t${i}`, i, now - 60_000)));
    const stored = new StoredTraces(db);
    const progress: number[] = [];
    await stored.loadAll((all) => progress.push(all.length), never);
    expect(progress).toEqual([9_000]);
    expect(stored.loaded).toBe(true);
    expect(stored.all[0]?.id).toBe('t8999');
    expect(stored.all.at(-1)?.id).toBe('t0');
    expect(await stored.refresh(never)).toBe(false);

    // A new trace, and an old one that grew earlier in time.
    await db.traces.bulkPut([trace('new', 100_000, now + 1), trace('t5', -5, now + 2)]);
    expect(await stored.refresh(never)).toBe(true);
    expect(stored.all.length).toBe(9_001);
    expect(stored.all[0]?.id).toBe('new');
    expect(stored.all.at(-1)?.id).toBe('t5');
    expect(stored.all.filter((t) => t.id === 't5')).toHaveLength(1);

    // A deletion is noticed by the count and everything is read again.
    await db.traces.delete('t7');
    expect(await stored.refresh(never)).toBe(true);
    expect(stored.all.length).toBe(9_000);
    expect(stored.all.some((t) => t.id === 't7')).toBe(false);
  });

  it('reads every trace when more than a chunk share one start time', async () => {
    db = openDb(`stored-${++name}`);
    await db.traces.bulkPut([
      ...Array.from({ length: 4_500 }, (_, i) => trace(`same${i}`, 50, 0)),
      ...Array.from({ length: 10 }, (_, i) => trace(`older${i}`, i, 0)),
      trace('newest', 99, 0),
    ]);
    const stored = new StoredTraces(db);
    await stored.loadAll(() => undefined, never);
    expect(stored.all.length).toBe(4_511);
    expect(stored.all[0]?.id).toBe('newest');
    expect(stored.all.at(-1)?.id).toBe('older0');
  });

  it('serves a first page from one indexed read', async () => {
    db = openDb(`stored-${++name}`);
    await db.traces.bulkPut([trace('a', 1, 0), trace('b', 3, 0), trace('c', 2, 0)]);
    expect((await new StoredTraces(db).firstPage(2)).map((t) => t.id)).toEqual(['b', 'c']);
  });

  it('shows the summaries a commit posted without reading them, and never goes back to an older one', async () => {
    db = openDb(`stored-${++name}`);
    await db.traces.bulkPut([trace('a', 1, 10), trace('b', 2, 10)]);
    const stored = new StoredTraces(db);
    // Before the first load there is nothing to merge into: the load reads them anyway.
    expect(stored.apply([trace('early', 9, 11)])).toBe(false);
    await stored.loadAll(() => undefined, never);
    const reads = countReads(db);

    expect(stored.apply([trace('c', 3, 20), { ...trace('a', 1, 20), name: 'renamed' }])).toBe(true);
    expect(stored.all.map((t) => t.id)).toEqual(['c', 'b', 'a']);
    expect(stored.all.at(-1)?.name).toBe('renamed');
    // A post that crossed a newer refresh changes nothing.
    expect(stored.apply([trace('a', 1, 15)])).toBe(false);
    expect(stored.all.at(-1)?.name).toBe('renamed');
    expect(reads.count).toBe(0);
    reads.stop();
  });

  it('reads back only the summaries that changed after the ones it holds', async () => {
    db = openDb(`stored-${++name}`);
    const now = Date.now();
    await db.traces.bulkPut(Array.from({ length: 50 }, (_, i) => trace(`t${i}`, i, now)));
    const stored = new StoredTraces(db);
    await stored.loadAll(() => undefined, never);
    const posted = { ...trace('t1', 1, now + 5), name: 'posted' };
    const other = { ...trace('t2', 2, now + 6), name: 'written elsewhere' };
    await db.traces.bulkPut([posted, other]);
    stored.apply([posted]);

    const reads = countReads(db);
    expect(await stored.refresh(never)).toBe(true);
    expect(reads.gets).toEqual([['t2']]);
    expect(reads.count).toBe(1);
    reads.stop();
    expect(stored.all.find((t) => t.id === 't2')?.name).toBe('written elsewhere');
    expect(stored.all.find((t) => t.id === 't1')?.name).toBe('posted');
    expect(await stored.refresh(never)).toBe(false);
  });

  it('knows when the store holds nothing it has not: the writer posted every change', async () => {
    db = openDb(`stored-${++name}`);
    const now = Date.now();
    await db.traces.bulkPut([trace('a', 1, now), trace('b', 2, now)]);
    const stored = new StoredTraces(db);
    expect(stored.holds({ newest: now, count: 2 })).toBe(false);
    await stored.loadAll(() => undefined, never);
    stored.apply([trace('c', 3, now + 20)]);
    expect(stored.holds({ newest: now + 20, count: 3 })).toBe(true);
    // Something newer than any post, or fewer traces than held: a refresh must read.
    expect(stored.holds({ newest: now + 21, count: 3 })).toBe(false);
    expect(stored.holds({ newest: now + 20, count: 2 })).toBe(false);
  });

  it('keeps a summary posted while a refresh reads, and does not take it for a deletion', async () => {
    db = openDb(`stored-${++name}`);
    const now = Date.now();
    await db.traces.bulkPut(Array.from({ length: 50 }, (_, i) => trace(`t${i}`, i, now)));
    const stored = new StoredTraces(db);
    await stored.loadAll(() => undefined, never);
    const reads = countReads(db);
    // Committed after the refresh's read began: the read does not see it, the list holds it from the post.
    const refreshing = stored.refresh(never);
    expect(stored.apply([trace('late', 99, now + 10)])).toBe(true);
    await refreshing;
    expect(reads.count).toBe(0);
    reads.stop();
    expect(stored.all[0]?.id).toBe('late');
    expect(stored.all).toHaveLength(51);
  });
});

/**
 * Counts the summaries read from `db.traces` (Dexie's reading hook sees every object read; walking an index's keys
 * reads none) and the ids asked of bulkGet.
 */
function countReads(db: LoupeDb) {
  const table = db.traces;
  const bulkGet = table.bulkGet;
  const result = { count: 0, gets: [] as string[][], stop: (): void => undefined };
  const onRead = (t: TraceSummary) => {
    result.count++;
    return t;
  };
  table.hook('reading', onRead);
  table.bulkGet = ((ids: string[]) => {
    result.gets.push([...ids]);
    return bulkGet.call(table, ids);
  }) as typeof table.bulkGet;
  result.stop = () => {
    table.hook('reading').unsubscribe(onRead);
    table.bulkGet = bulkGet;
  };
  return result;
}
