import type { DiffArraysOptionsAbortable } from 'diff';
import { describe, expect, it, vi } from 'vitest';
import { testRow } from '../model/test-observation';
import type { ObservationRow, ObservationType } from '../model/types';
import { type AlignedRow, alignTrees } from './align';

/** The real diff, watched while `on`: how long a sibling list each call got, its edit cap, and whether it gave up. */
const alignments = vi.hoisted(() => ({
  on: false,
  calls: [] as { siblings: number; maxEditLength: number | undefined; gaveUp: boolean }[],
}));
vi.mock('diff', async (importOriginal) => {
  const actual = await importOriginal<typeof import('diff')>();
  const diffArrays = (a: string[], b: string[], options: DiffArraysOptionsAbortable<string>) => {
    const changes = actual.diffArrays(a, b, options);
    if (alignments.on) {
      const maxEditLength = 'maxEditLength' in options ? options.maxEditLength : undefined;
      alignments.calls.push({ siblings: a.length, maxEditLength, gaveUp: !changes });
    }
    return changes;
  };
  return { ...actual, diffArrays };
});

/**
 * Trees written as indented lines, `name` or `name:TYPE`; ids are `<prefix><line>`, start times follow the lines.
 * A line `?name` is a child whose parent never arrived (it points at a missing id).
 */
function tree(prefix: string, text: string): ObservationRow[] {
  const rows: ObservationRow[] = [];
  const parents: string[] = [];
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .forEach((line, i) => {
      const depth = (line.length - line.trimStart().length) / 2;
      let spec = line.trim();
      const orphan = spec.startsWith('?');
      if (orphan) spec = spec.slice(1);
      const [name = '', type = 'SPAN'] = spec.split(':');
      const id = `${prefix}${i}`;
      const parentId = orphan ? `${prefix}-missing` : depth > 0 ? (parents[depth - 1] ?? null) : null;
      rows.push(
        testRow({ id, name, type: type as ObservationType, parentId, isRoot: parentId === null, startTime: i }),
      );
      parents[depth] = id;
      parents.length = depth + 1;
    });
  return rows;
}

/** `= path` matched, `+ path` added, `- path` removed, indented by depth. */
function dump(rows: AlignedRow[]): string[] {
  const mark = { matched: '=', added: '+', removed: '-' } as const;
  return rows.map((r) => `${'  '.repeat(r.depth)}${mark[r.status]} ${r.path}`);
}

describe('alignTrees', () => {
  it('pairs identical trees row by row', () => {
    const text = 'agent:AGENT\n  search:RETRIEVER\n  llm:GENERATION\n  answer:GENERATION';
    const rows = alignTrees(tree('a', text), tree('b', text));
    expect(dump(rows)).toEqual(['= agent', '  = agent/search', '  = agent/llm', '  = agent/answer']);
    expect(rows.map((r) => [r.a?.id, r.b?.id])).toEqual([
      ['a0', 'b0'],
      ['a1', 'b1'],
      ['a2', 'b2'],
      ['a3', 'b3'],
    ]);
    expect(rows.map((r) => r.hasChildren)).toEqual([true, false, false, false]);
  });

  it('shows an extra call in the middle as one added row, and pairs everything after it', () => {
    const a = 'agent\n  llm:GENERATION\n  lookup:TOOL\n  llm:GENERATION';
    const b = 'agent\n  llm:GENERATION\n  lookup:TOOL\n  lookup:TOOL\n  llm:GENERATION';
    expect(dump(alignTrees(tree('a', a), tree('b', b)))).toEqual([
      '= agent',
      '  = agent/llm',
      '  = agent/lookup',
      '  + agent/lookup#2',
      '  = agent/llm#2',
    ]);
  });

  it('pairs repeated siblings in order and marks the surplus removed', () => {
    const rows = alignTrees(tree('a', 'r\n  t\n  t\n  t'), tree('b', 'r\n  t\n  t'));
    expect(dump(rows)).toEqual(['= r', '  = r/t', '  = r/t#2', '  - r/t#3']);
    expect(rows.map((r) => [r.a?.id ?? null, r.b?.id ?? null])).toEqual([
      ['a0', 'b0'],
      ['a1', 'b1'],
      ['a2', 'b2'],
      ['a3', null],
    ]);
  });

  it('pairs parallel siblings whose start order flipped', () => {
    const rows = alignTrees(tree('a', 'r\n  x\n  y\n  z'), tree('b', 'r\n  y\n  x\n  z'));
    expect(rows.every((r) => r.status === 'matched')).toBe(true);
    expect(rows.map((r) => `${r.a?.name}=${r.b?.name}`)).toEqual(['r=r', 'y=y', 'x=x', 'z=z']);
  });

  it('never pairs the same name across types', () => {
    expect(dump(alignTrees(tree('a', 'r\n  step:TOOL'), tree('b', 'r\n  step:GENERATION')))).toEqual([
      '= r',
      '  - r/step',
      '  + r/step',
    ]);
  });

  it('marks a whole subtree added or removed, children included', () => {
    const a = 'r\n  plan\n    think:GENERATION\n  act';
    const b = 'r\n  act\n  review\n    check:TOOL\n    check:TOOL';
    expect(dump(alignTrees(tree('a', a), tree('b', b)))).toEqual([
      '= r',
      '  - r/plan',
      '    - r/plan/think',
      '  = r/act',
      '  + r/review',
      '    + r/review/check',
      '    + r/review/check#2',
    ]);
  });

  it('aligns different roots and an empty side', () => {
    expect(dump(alignTrees(tree('a', 'one\ntwo'), tree('b', 'two\nthree')))).toEqual(['- one', '= two', '+ three']);
    expect(dump(alignTrees([], tree('b', 'r\n  c')))).toEqual(['+ r', '  + r/c']);
    expect(alignTrees([], [])).toEqual([]);
  });

  it('lifts children of a parent that never arrived into its place', () => {
    const rows = alignTrees(tree('a', '?llm:GENERATION\n?tool:TOOL'), tree('b', 'llm:GENERATION\ntool:TOOL'));
    expect(dump(rows)).toEqual(['= llm', '= tool']);
  });

  it('keeps keys unique and every observation exactly once', () => {
    const a = tree('a', 'r\n  t\n  t\n  u\n    v\n  w');
    const b = tree('b', 'r\n  u\n  t\n  x\n    v');
    const rows = alignTrees(a, b);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows.flatMap((r) => (r.a ? [r.a.id] : [])).sort()).toEqual(a.map((r) => r.id).sort());
    expect(rows.flatMap((r) => (r.b ? [r.b.id] : [])).sort()).toEqual(b.map((r) => r.id).sort());
  });

  // 100 000 rows built, aligned and walked: a second on an idle machine, several when other tests share the cores.
  it('handles a 50 000-deep chain without recursion', { timeout: 60_000 }, () => {
    const chain = (prefix: string) =>
      Array.from({ length: 50_000 }, (_, i) =>
        testRow({ id: `${prefix}${i}`, name: 'step', parentId: i === 0 ? null : `${prefix}${i - 1}`, startTime: i }),
      );
    const rows = alignTrees(chain('a'), chain('b'));
    expect(rows).toHaveLength(50_000);
    expect(rows.at(-1)).toMatchObject({ status: 'matched', depth: 49_999 });
  });

  // The capped alignment still takes its steps: a second on an idle machine, several under load.
  it('falls back to pairing by name when siblings are too different to align in sequence', { timeout: 60_000 }, () => {
    const names = Array.from({ length: 3000 }, (_, i) => `n${i}`);
    const siblings = (prefix: string, order: string[]) => [
      testRow({ id: `${prefix}root`, name: 'root' }),
      ...order.map((name, i) => testRow({ id: `${prefix}${i}`, name, parentId: `${prefix}root`, startTime: i })),
    ];
    alignments.on = true;
    const rows = alignTrees(siblings('a', names), siblings('b', [...names].reverse()));
    alignments.on = false;
    // The sequence alignment of the 3000 siblings was capped and gave up, rather than running its O((n+m)·d) course
    // to d = 6000: the work is bounded by the cap, however fast or busy the machine.
    const children = alignments.calls.filter((c) => c.siblings === 3000);
    expect(children).toEqual([{ siblings: 3000, maxEditLength: expect.any(Number), gaveUp: true }]);
    expect(children[0]?.maxEditLength).toBeLessThan(6000);
    expect(rows).toHaveLength(3001);
    expect(rows.every((r) => r.status === 'matched' && r.a?.name === r.b?.name)).toBe(true);
  });
});

/** A tiny seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function randomTree(prefix: string, next: () => number): ObservationRow[] {
  const rows: ObservationRow[] = [];
  const count = 1 + Math.floor(next() * 30);
  for (let i = 0; i < count; i++) {
    const parent = i === 0 || next() < 0.15 ? null : rows[Math.floor(next() * rows.length)];
    const name = ['llm', 'tool', 'search', 'step'][Math.floor(next() * 4)] as string;
    const type = name === 'llm' && next() < 0.3 ? 'TOOL' : 'SPAN';
    rows.push(testRow({ id: `${prefix}${i}`, name, type, parentId: parent?.id ?? null, startTime: i }));
  }
  return rows;
}

/** The naive reference for one sibling group: the k-th child of a key pairs with the k-th of the same key. */
function naivePairCount(left: ObservationRow[], right: ObservationRow[]): number {
  const key = (r: ObservationRow) => `${r.type}/${r.name}`;
  const used = new Set<ObservationRow>();
  let pairs = 0;
  for (const x of left) {
    const y = right.find((r) => !used.has(r) && key(r) === key(x));
    if (!y) continue;
    used.add(y);
    pairs++;
  }
  return pairs;
}

describe('alignTrees against a naive reference', () => {
  // 300 random pairs of trees: a second on an idle machine, several under load.
  it('pairs as many siblings as k-th pairing does, only same keys, under matched parents, in B order', {
    timeout: 60_000,
  }, () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const a = randomTree('a', next);
      const b = randomTree('b', next);
      const rows = alignTrees(a, b);
      const matched = rows.filter((r) => r.status === 'matched');
      const counterpart = new Map<string | null, string | null>([[null, null]]);
      for (const r of matched) counterpart.set(r.a?.id ?? null, r.b?.id ?? null);
      for (const [pa, pb] of counterpart) {
        const pairs = matched.filter((r) => (r.a?.parentId ?? null) === pa).length;
        const expected = naivePairCount(
          a.filter((r) => r.parentId === pa),
          b.filter((r) => r.parentId === pb),
        );
        expect(pairs, `round ${round}, parent ${pa}`).toBe(expected);
      }
      for (const r of matched) {
        expect(`${r.a?.type}/${r.a?.name}`).toBe(`${r.b?.type}/${r.b?.name}`);
        expect(counterpart.get(r.a?.parentId ?? null)).toBe(r.b?.parentId ?? null);
      }
      const bOrder = rows.flatMap((r) => (r.b ? [r.b.id] : []));
      expect(bOrder).toEqual(alignTrees(b, b).map((r) => r.b?.id));
    }
  });
});
