import { testRow } from '@core/model/test-observation';
import { buildSkeleton, nodeOfId } from '@core/tree/skeleton';
import { describe, expect, it } from 'vitest';
import { projectSteps } from './project-skeleton';

/** Edges as `a->b` (parent to first child) and `a=>b` (next step), with `×n` when taken more than once. */
function flow(g: ReturnType<typeof projectSteps>): string[] {
  return g.edges
    .map((e) => `${e.source}${e.kind === 'child' ? '->' : '=>'}${e.target}${e.count > 1 ? ` ×${e.count}` : ''}`)
    .sort();
}

describe('projectSteps', () => {
  it('puts children whose times overlap in one wave, joined to the steps before and after it', () => {
    const s = buildSkeleton([
      testRow({ id: 'agent', type: 'AGENT', startTime: 0, endTime: 100 }),
      testRow({ id: 'plan', parentId: 'agent', name: 'plan', type: 'GENERATION', startTime: 1, endTime: 10 }),
      testRow({ id: 'w', parentId: 'agent', name: 'get_weather', type: 'TOOL', startTime: 11, endTime: 30 }),
      testRow({ id: 'f', parentId: 'agent', name: 'search_flights', type: 'TOOL', startTime: 11, endTime: 40 }),
      testRow({ id: 'answer', parentId: 'agent', name: 'answer', type: 'GENERATION', startTime: 41, endTime: 60 }),
    ]);
    const g = projectSteps(s);
    expect(g.nodes.map((n) => n.name)).toEqual(['agent', 'plan', 'get_weather', 'search_flights', 'answer']);
    expect(flow(g)).toEqual(['step-0->step-1', 'step-1=>step-2', 'step-1=>step-3', 'step-2=>step-4', 'step-3=>step-4']);
  });

  it('folds a 1,000-turn loop into two steps whose edges count the turns', () => {
    const rows = [testRow({ id: 'agent', type: 'AGENT', startTime: 0, endTime: 5000 })];
    for (let i = 0; i < 1000; i++) {
      rows.push(
        testRow({
          id: `t${i}`,
          parentId: 'agent',
          name: 'think',
          type: 'GENERATION',
          startTime: i * 4,
          endTime: i * 4 + 2,
        }),
      );
      rows.push(
        testRow({
          id: `l${i}`,
          parentId: 'agent',
          name: 'lookup',
          type: 'TOOL',
          startTime: i * 4 + 2,
          endTime: i * 4 + 4,
        }),
      );
    }
    const s = buildSkeleton(rows);
    const g = projectSteps(s);
    expect(g.nodes.map((n) => [n.name, n.count])).toEqual([
      ['agent', 1],
      ['think', 1000],
      ['lookup', 1000],
    ]);
    expect(flow(g)).toEqual(['step-0->step-1', 'step-1=>step-2 ×1000', 'step-2=>step-1 ×999']);
  });

  it('expanded, gives every observation its own node', () => {
    const s = buildSkeleton([
      testRow({ id: 'agent', type: 'AGENT', startTime: 0, endTime: 10 }),
      testRow({ id: 'c1', parentId: 'agent', name: 'search', type: 'TOOL', startTime: 1, endTime: 2 }),
      testRow({ id: 'c2', parentId: 'agent', name: 'search', type: 'TOOL', startTime: 3, endTime: 5 }),
    ]);
    const g = projectSteps(s, 'expanded');
    expect(g.nodes.map((n) => [n.name, n.count])).toEqual([
      ['agent', 1],
      ['search', 1],
      ['search', 1],
    ]);
    expect(g.nodeOf[nodeOfId(s, 'c2')]).toBe(2);
    expect(flow(g)).toEqual(['step-0->step-1', 'step-1=>step-2']);
  });

  it('folds repeated steps under the same parent into one node with a count', () => {
    const s = buildSkeleton([
      testRow({ id: 'agent', type: 'AGENT', startTime: 0, endTime: 10 }),
      testRow({ id: 'c1', parentId: 'agent', name: 'search', type: 'TOOL', startTime: 1, endTime: 2 }),
      testRow({ id: 'c2', parentId: 'agent', name: 'search', type: 'TOOL', startTime: 3, endTime: 5, level: 'ERROR' }),
      testRow({ id: 'llm', parentId: 'agent', name: 'answer', type: 'GENERATION', startTime: 6, endTime: 9 }),
    ]);
    const g = projectSteps(s);
    expect(g.nodes.map((n) => [n.name, n.count])).toEqual([
      ['agent', 1],
      ['search', 2],
      ['answer', 1],
    ]);
    const search = g.nodes[1];
    expect(search?.totalDurationMs).toBe(3);
    expect(search?.worstLevel).toBe('ERROR');
    expect(g.nodeOf[nodeOfId(s, 'c2')]).toBe(1);
    // The agent leads to its first tool call; the two calls are one node, and it leads to the answer.
    expect(flow(g)).toEqual(['step-0->step-1', 'step-1=>step-2']);
    expect(g.notice).toBeNull();
  });

  it("shows a provider SDK's own record of a call as its generation's step, which holds both", () => {
    const sdk = { name: 'com.anthropic.sdk.typescript', version: '1.15.0' };
    const s = buildSkeleton([
      testRow({ id: 'root', startTime: 0, endTime: 10 }),
      testRow({
        id: 'llm',
        parentId: 'root',
        name: 'Anthropic Messages',
        type: 'GENERATION',
        startTime: 1,
        endTime: 5,
      }),
      testRow({
        id: 'rec',
        parentId: 'llm',
        name: 'anthropic.messages.create',
        type: 'GENERATION',
        scope: sdk,
        startTime: 2,
        endTime: 4,
      }),
      testRow({ id: 'tool', parentId: 'root', name: 'get_weather', type: 'TOOL', startTime: 6, endTime: 7 }),
    ]);
    const g = projectSteps(s);
    expect(g.nodes.map((n) => [n.name, n.count])).toEqual([
      ['root', 1],
      ['Anthropic Messages', 1],
      ['get_weather', 1],
    ]);
    expect(g.nodeOf[nodeOfId(s, 'rec')]).toBe(1);
    expect(g.nodes[1]?.observations).toEqual([nodeOfId(s, 'llm'), nodeOfId(s, 'rec')]);
  });

  it('cuts a deep chain at the level that keeps it under the cap, folding deeper steps in', () => {
    const rows = [testRow({ id: 'n0', startTime: 0 })];
    for (let i = 1; i < 50; i++) rows.push(testRow({ id: `n${i}`, parentId: `n${i - 1}`, startTime: i }));
    const s = buildSkeleton(rows);
    const g = projectSteps(s, 'aggregated', 10);
    expect(g.nodes.length).toBe(10);
    expect(g.nodes[9]?.folded).toBe(40);
    expect(g.nodeOf[nodeOfId(s, 'n49')]).toBe(9);
    expect(g.notice).toContain('50 distinct steps');
  });

  it('keeps the first steps when even the top level is too wide', () => {
    const rows = [testRow({ id: 'root', startTime: 0 })];
    for (let i = 0; i < 30; i++) rows.push(testRow({ id: `t${i}`, parentId: 'root', name: `tool-${i}`, startTime: i }));
    const s = buildSkeleton(rows);
    const g = projectSteps(s, 'aggregated', 10);
    expect(g.nodes.length).toBe(10);
    expect(g.edges.every((e) => Number(e.target.slice(5)) < 10)).toBe(true);
    expect(g.nodeOf[nodeOfId(s, 't29')]).toBe(-1);
    expect(g.notice).toContain('first 10');
  });
});
