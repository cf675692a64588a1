import 'fake-indexeddb/auto';
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
});
