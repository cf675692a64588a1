import { describe, expect, it } from 'vitest';
import { testRow } from '../model/test-observation';
import type { ObservationRow } from '../model/types';
import { layoutGraph } from './dagre-layout';
import { projectGraph } from './project';

let clock = 0;
function row(id: string, parentId: string | null, over: Partial<ObservationRow> = {}): ObservationRow {
  clock += 10;
  return testRow({ id, parentId, startTime: clock, endTime: clock + 5, ...over });
}

const rows = [
  row('agent', null, { type: 'AGENT' }),
  row('plan', 'agent', { type: 'GENERATION' }),
  row('t1', 'agent', { type: 'TOOL', name: 'search' }),
  row('t2', 'agent', { type: 'TOOL', name: 'search', level: 'ERROR' }),
  row('t3', 'agent', { type: 'TOOL', name: 'search' }),
  row('answer', 'agent', { type: 'GENERATION' }),
  // Same name and type but under another parent path: a different step.
  row('sub', 'answer', { type: 'TOOL', name: 'search' }),
];

describe('projectGraph', () => {
  const g = projectGraph(rows);
  it('aggregates repeated steps under the same parent path into one node with a count', () => {
    const search = g.nodes.filter((n) => n.name === 'search');
    expect(search.map((n) => n.count).sort()).toEqual([1, 3]);
    const loop = search.find((n) => n.count === 3);
    expect(loop?.observationIds).toEqual(['t1', 't2', 't3']);
    expect(loop?.worstLevel).toBe('ERROR');
    expect(g.nodes).toHaveLength(5);
    expect(g.nodeOf.get('t2')).toBe(loop?.id);
  });
  it('links parents to children and siblings in order', () => {
    const label = (id: string) => g.nodes.find((n) => n.id === id)?.name;
    const child = g.edges.filter((e) => e.kind === 'child').map((e) => `${label(e.source)}>${label(e.target)}`);
    const next = g.edges.filter((e) => e.kind === 'next').map((e) => `${label(e.source)}>${label(e.target)}`);
    expect(child.sort()).toEqual(['agent>answer', 'agent>plan', 'agent>search', 'answer>search']);
    expect(next).toEqual(['plan>search', 'search>answer']);
  });
  it('lays parents out above their children', () => {
    const pos = layoutGraph({
      nodes: g.nodes.map((n) => ({ id: n.id, width: 180, height: 56 })),
      edges: g.edges,
    });
    const agent = g.nodes.find((n) => n.name === 'agent')?.id as string;
    const plan = g.nodes.find((n) => n.name === 'plan')?.id as string;
    expect(pos[agent]?.y).toBeLessThan(pos[plan]?.y as number);
    // Siblings read left to right in the order they started.
    const loop = g.nodes.find((n) => n.name === 'search' && n.count === 3);
    const xs = [plan, loop?.id, g.nodes.find((n) => n.name === 'answer')?.id].map(
      (id) => pos[id as string]?.x as number,
    );
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
  it('has no nodes for an empty trace', () => {
    expect(projectGraph([]).nodes).toEqual([]);
  });
});
