import { describe, expect, it } from 'vitest';
import { allContainerPaths, childPath, expandWithinBudget, jsonRows, ROOT_PATH } from './json-rows';

const value = { a: 1, b: [true, null, 'x'], c: { d: { e: 'deep' } } };

describe('jsonRows', () => {
  it('shows only the root when nothing is expanded', () => {
    const rows = jsonRows(value, new Set());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ path: ROOT_PATH, kind: 'object', size: 3, expanded: false });
  });

  it('lists expanded children depth first, in key order', () => {
    const rows = jsonRows(value, new Set([ROOT_PATH, childPath(ROOT_PATH, 'b')]));
    expect(rows.map((r) => [r.key, r.depth, r.kind])).toEqual([
      [null, 0, 'object'],
      ['a', 1, 'number'],
      ['b', 1, 'array'],
      [0, 2, 'boolean'],
      [1, 2, 'null'],
      [2, 2, 'string'],
      ['c', 1, 'object'],
    ]);
  });

  it('walks a deep chain without recursion', () => {
    let deep: unknown = 'leaf';
    let path = ROOT_PATH;
    const paths = [ROOT_PATH];
    for (let i = 0; i < 3_000; i++) deep = { n: deep };
    for (let i = 0; i < 3_000; i++) {
      path = childPath(path, 'n');
      paths.push(path);
    }
    expect(jsonRows(deep, new Set(paths))).toHaveLength(3_001);
  });
});

describe('allContainerPaths', () => {
  it('lists every object and array, up to the cap', () => {
    expect(allContainerPaths(value).size).toBe(4);
    expect(
      allContainerPaths(
        Array.from({ length: 10 }, () => [1]),
        3,
      ).size,
    ).toBe(3);
  });
});

describe('expandWithinBudget', () => {
  it('opens retriever documents and their metadata', () => {
    const docs = [1, 2, 3].map((i) => ({ id: `doc-${i}`, text: 'x', score: 0.9, metadata: { source: 'kb' } }));
    const open = expandWithinBudget(docs);
    expect(open.has(ROOT_PATH)).toBe(true);
    expect(open.has(childPath(ROOT_PATH, 0))).toBe(true);
    expect(open.has(childPath(childPath(ROOT_PATH, 2), 'metadata'))).toBe(true);
  });

  it('leaves a huge array closed and keeps the rows under the budget', () => {
    const value = { small: { a: 1 }, huge: Array.from({ length: 5000 }, (_, i) => ({ i })) };
    const open = expandWithinBudget(value, 120);
    expect(open.has(childPath(ROOT_PATH, 'small'))).toBe(true);
    expect(open.has(childPath(ROOT_PATH, 'huge'))).toBe(false);
    expect(jsonRows(value, open).length).toBeLessThanOrEqual(120);
  });

  it('stops at the depth limit', () => {
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    const open = expandWithinBudget(deep, 100, 3);
    expect(open.has(childPath(childPath(ROOT_PATH, 'a'), 'b'))).toBe(true);
    expect(open.has(childPath(childPath(childPath(ROOT_PATH, 'a'), 'b'), 'c'))).toBe(false);
  });
});
