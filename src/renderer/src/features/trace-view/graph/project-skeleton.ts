import { LEVELS, type Level, OBSERVATION_TYPES, type ObservationType } from '@core/model/types';
import { PLACEHOLDER, type TraceSkeleton } from '@core/tree/skeleton';

/**
 * The agent graph of a trace, from its skeleton: one node per step, where repeated steps (the same name and type
 * under the same parent step, such as a tool called in a loop) are one node with a count. Edges go from parent to
 * child, and from each step to the next one under the same parent, in order of first start.
 *
 * A graph is read, laid out and drawn as a whole: past about a thousand nodes dagre takes many seconds and the page
 * draws thousands of elements. A bigger graph is cut at the deepest level that keeps it under the cap, deeper steps
 * folded into their ancestor at that level (counted in `folded`); if that leaves only a few, the next level is
 * taken too and only the first steps are kept. `notice` says what was left out. A provider SDK's own record of a
 * call under an instrumentation's record of it (`sameCall`) is the same step as its parent, and in its observations.
 */
const MAX_GRAPH_NODES = 800;

export type GraphSource = Pick<
  TraceSkeleton,
  'count' | 'strings' | 'name' | 'type' | 'level' | 'parent' | 'start' | 'end' | 'open' | 'sameCall'
>;

export interface StepNode {
  id: string;
  name: string;
  type: ObservationType;
  count: number;
  /** Skeleton nodes of the observations of this step, in tree order. */
  observations: number[];
  /** Observations below the cut folded into this step. */
  folded: number;
  totalDurationMs: number;
  worstLevel: Level;
  firstStart: number;
  depth: number;
}

export interface StepEdge {
  id: string;
  source: string;
  target: string;
  kind: 'child' | 'next';
}

export interface StepGraph {
  nodes: StepNode[];
  edges: StepEdge[];
  /** Graph node index of every skeleton node, -1 for none (placeholders, steps left out). */
  nodeOf: Int32Array;
  notice: string | null;
}

/** Steps keyed by (parent step, type, name); `maxDepth` folds deeper observations into their ancestor's step. */
function project(s: GraphSource, maxDepth: number) {
  const nodes: StepNode[] = [];
  const parentOf: number[] = [];
  const keys = new Map<string, number>();
  const nodeOf = new Int32Array(s.count).fill(-1);
  for (let i = 0; i < s.count; i++) {
    const p = s.parent[i] as number;
    const parentStep = p >= 0 ? (nodeOf[p] as number) : -1;
    if (s.type[i] === PLACEHOLDER) {
      nodeOf[i] = parentStep;
      continue;
    }
    if (s.sameCall[i] === 1 && parentStep >= 0) {
      nodeOf[i] = parentStep;
      (nodes[parentStep] as StepNode).observations.push(i);
      continue;
    }
    const depth = parentStep >= 0 ? (nodes[parentStep] as StepNode).depth + 1 : 0;
    if (depth > maxDepth) {
      nodeOf[i] = parentStep;
      (nodes[parentStep] as StepNode).folded++;
      continue;
    }
    const key = `${parentStep}|${s.type[i]}|${s.name[i]}`;
    let n = keys.get(key);
    const duration = s.open[i] ? 0 : (s.end[i] as number) - (s.start[i] as number);
    const level = LEVELS[s.level[i] as number] ?? 'DEFAULT';
    if (n === undefined) {
      n = nodes.length;
      keys.set(key, n);
      parentOf.push(parentStep);
      nodes.push({
        id: `step-${n}`,
        name: s.strings[s.name[i] as number] ?? '',
        type: OBSERVATION_TYPES[s.type[i] as number] ?? 'SPAN',
        count: 0,
        observations: [],
        folded: 0,
        totalDurationMs: 0,
        worstLevel: level,
        firstStart: s.start[i] as number,
        depth,
      });
    }
    const step = nodes[n] as StepNode;
    step.count++;
    step.observations.push(i);
    step.totalDurationMs += duration;
    if (LEVELS.indexOf(level) > LEVELS.indexOf(step.worstLevel)) step.worstLevel = level;
    step.firstStart = Math.min(step.firstStart, s.start[i] as number);
    nodeOf[i] = n;
  }
  return { nodes, parentOf, nodeOf };
}

export function projectSteps(s: GraphSource, cap = MAX_GRAPH_NODES): StepGraph {
  let { nodes, parentOf, nodeOf } = project(s, Number.POSITIVE_INFINITY);
  const total = nodes.length;
  let notice: string | null = null;
  if (total > cap) {
    const perDepth: number[] = [];
    for (const n of nodes) perDepth[n.depth] = (perDepth[n.depth] ?? 0) + 1;
    let depth = -1;
    let kept = 0;
    for (; depth + 1 < perDepth.length && kept + (perDepth[depth + 1] ?? 0) <= cap; depth++) {
      kept += perDepth[depth + 1] ?? 0;
    }
    // A cut that leaves a handful of nodes (one agent over 100k distinct tools) says less than the first steps of
    // the next level: take that level and keep its first steps.
    if (kept < cap / 4 && depth + 1 < perDepth.length) depth++;
    if (depth >= 0) {
      ({ nodes, parentOf, nodeOf } = project(s, depth));
      notice = `This trace has ${total.toLocaleString('en-US')} distinct steps; the graph shows the ${nodes.length.toLocaleString('en-US')} in the top ${depth + 1} level${depth === 0 ? '' : 's'}, with deeper steps folded into them.`;
    }
    if (nodes.length > cap) {
      for (let i = 0; i < nodeOf.length; i++) if ((nodeOf[i] as number) >= cap) nodeOf[i] = -1;
      nodes = nodes.slice(0, cap);
      notice = `This trace has ${total.toLocaleString('en-US')} distinct steps side by side; the graph shows the first ${cap.toLocaleString('en-US')}.`;
    }
  }
  const edges: StepEdge[] = [];
  const children = new Map<number, StepNode[]>();
  nodes.forEach((n, i) => {
    const p = parentOf[i] as number;
    if (p >= 0) edges.push({ id: `${p}->${i}`, source: `step-${p}`, target: n.id, kind: 'child' });
    const siblings = children.get(p) ?? [];
    siblings.push(n);
    children.set(p, siblings);
  });
  for (const siblings of children.values()) {
    siblings.sort((a, b) => a.firstStart - b.firstStart || a.id.localeCompare(b.id));
    for (let i = 1; i < siblings.length; i++) {
      const source = (siblings[i - 1] as StepNode).id;
      const target = (siblings[i] as StepNode).id;
      edges.push({ id: `${source}=>${target}`, source, target, kind: 'next' });
    }
  }
  return { nodes, edges, nodeOf, notice };
}
