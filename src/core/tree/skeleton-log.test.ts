import { describe, expect, it } from 'vitest';
import { testRow } from '../model/test-observation';
import { LEVELS, type Level, type ObservationRow, type ObservationType } from '../model/types';
import { buildSkeleton, type SkeletonRow, skeletonOf, skeletonRowOf } from './skeleton';
import {
  COMPACT_AFTER,
  compactSkeletonLog,
  encodeSkeletonLog,
  replaySkeletonLog,
  type SkeletonLogEntry,
  skeletonLogRows,
} from './skeleton-log';

/** A seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const TYPES: ObservationType[] = ['SPAN', 'GENERATION', 'TOOL', 'AGENT', 'EMBEDDING'];

/**
 * One version of observation `i`: each delivery may differ in every field the skeleton reads (an update that ends a
 * span, a later status, usage filled in, an SDK record of its parent's call marked as counted elsewhere).
 */
function versionOf(rnd: () => number, i: number): ObservationRow {
  const parent = i === 0 || rnd() < 0.05 ? null : rnd() < 0.05 ? `gone-${i % 3}` : `o${Math.floor(rnd() * i)}`;
  const type = TYPES[Math.floor(rnd() * TYPES.length)] as ObservationType;
  const sdk = rnd() < 0.15;
  const start = Math.floor(rnd() * 1000) + rnd();
  return testRow({
    id: `o${i}`,
    parentId: parent,
    isRoot: parent === null || rnd() < 0.02,
    name: sdk ? 'anthropic.messages.create' : `step-${i % 7}`,
    scope: { name: sdk ? 'com.anthropic.sdk.typescript' : 'app', version: null },
    type,
    model: type === 'GENERATION' ? (rnd() < 0.5 ? 'gpt-4o' : 'claude') : null,
    level: LEVELS[Math.floor(rnd() * 4)] as Level,
    statusMessage: rnd() < 0.1 ? `failed ${i % 4}` : null,
    startTime: 10_000 + start,
    endTime: rnd() < 0.15 ? null : 10_000 + start + rnd() * 100,
    completionStartTime: rnd() < 0.3 ? 10_000 + start + rnd() * 10 : null,
    usage: type === 'GENERATION' ? { input: Math.floor(rnd() * 100), output: 5, input_cached_tokens: 3 } : {},
    cost: type === 'GENERATION' || type === 'EMBEDDING' ? { total: rnd() } : {},
    ...(sdk && rnd() < 0.5 ? { sameCallAs: `o${i - 1}` } : {}),
  });
}

/**
 * Random batches as the writer stores them: the rows table keeps the last version of each observation (the naive
 * reference), and each batch appends one entry with its rows, each once. Observations come again in later batches
 * (re-deliveries, updates) and twice within one (the last one is what the batch stores), and the log is compacted at
 * random points, as the store worker does.
 */
function run(seed: number, n: number, batches: number) {
  const rnd = random(seed);
  const table = new Map<string, ObservationRow>();
  let log: SkeletonLogEntry[] = [];
  for (let b = 0; b < batches; b++) {
    const batch = new Map<string, ObservationRow>();
    const size = 1 + Math.floor(rnd() * (n / 4));
    for (let k = 0; k < size; k++) {
      const row = versionOf(rnd, Math.floor(rnd() * n));
      batch.set(row.id, row);
      table.set(row.id, row);
    }
    log.push(encodeSkeletonLog('t', [...batch.values()].map(skeletonRowOf)));
    if (rnd() < 0.1) log = [compactSkeletonLog('t', log)];
  }
  return { rows: [...table.values()], log };
}

describe('the skeleton log', () => {
  it('replays into the skeleton that the stored rows give', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { rows, log } = run(seed, 10 + seed * 5, 1 + (seed % 12));
      const rootId = rows[seed % rows.length]?.id ?? null;
      const stored = buildSkeleton(rows, rootId);
      expect(skeletonOf(replaySkeletonLog(log), rootId), `seed ${seed}`).toEqual(stored);
      // Read as the trace view reads it: every entry's rows, repeats included, the tree keeping the last of each.
      expect(skeletonOf(skeletonLogRows(log), rootId), `seed ${seed}, repeats kept`).toEqual(stored);
    }
  });

  it('compacts into one entry that replays as the entries did', () => {
    const { log } = run(7, 200, COMPACT_AFTER + 5);
    const compact = compactSkeletonLog('t', log);
    expect(compact.traceId).toBe('t');
    expect(compact.count).toBe(replaySkeletonLog(log).length);
    expect(skeletonOf(replaySkeletonLog([compact]))).toEqual(skeletonOf(replaySkeletonLog(log)));
  });

  it('keeps ids and names whatever characters they hold, and what is null apart from what is empty', () => {
    const rows = [
      testRow({ id: 'a\nb', name: '', statusMessage: '' }),
      testRow({ id: '', parentId: 'a\nb', name: 'x\ny', model: '', completionStartTime: 0, endTime: null }),
      testRow({ id: 'z', parentId: '', name: 'e', isRoot: true }),
    ].map(skeletonRowOf);
    // Rows are read in place from the entry: compared by the fields a row has.
    const fields = (r: SkeletonRow) =>
      Object.fromEntries(Object.keys(rows[0] as SkeletonRow).map((k) => [k, r[k as keyof SkeletonRow]]));
    expect(replaySkeletonLog([encodeSkeletonLog('t', rows)]).map(fields)).toEqual(rows);
  });

  it('replays an empty log as an empty trace', () => {
    expect(skeletonOf(replaySkeletonLog([]))).toEqual(buildSkeleton([]));
  });
});
