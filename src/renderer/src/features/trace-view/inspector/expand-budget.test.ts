import { describe, expect, it } from 'vitest';
import { childPath, jsonRows, ROOT_PATH } from '../../../lib/json-rows';
import { expandWithinBudget } from './expand-budget';

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
