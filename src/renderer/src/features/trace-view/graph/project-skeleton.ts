import { LEVELS, type Level, OBSERVATION_TYPES, type ObservationType } from '@core/model/types';
import { PLACEHOLDER, type TraceSkeleton } from '@core/tree/skeleton';

/**
 * The agent graph of a trace, from its skeleton, read top to bottom in the order things ran. Aggregated, one node
 * per step: repeated steps (the same name and type under the same parent step, such as a tool called in a loop)
 * are one node with a count. Expanded, one node per observation. Edges follow execution: from a parent to the
 * first of its children, and from each child to the ones that started after it ended. Children whose times
 * overlap (parallel tool calls) form one wave and sit side by side; each edge counts how often it was taken, so a
 * 1,000-turn loop is two nodes and two edges marked ×1000 and ×999.
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

export type GraphMode = 'aggregated' | 'expanded';

export interface StepEdge {
  id: string;
  source: string;
  target: string;
  /** From a parent to its first children, or from one step to the next under the same parent. */
  kind: 'child' | 'next';
  /** How many times execution went this way. */
  count: number;
}

export interface StepGraph {
  nodes: StepNode[];
  edges: StepEdge[];
  /** Graph node index of every skeleton node, -1 for none (placeholders, steps left out). */
  nodeOf: Int32Array;
  notice: string | null;
}

/**
 * Steps keyed by (parent step, type, name), or one per observation when `distinct`; `maxDepth` folds deeper
 * observations into their ancestor's step.
 */
function project(s: GraphSource, maxDepth: number, distinct: boolean) {
  const nodes: StepNode[] = [];
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
    const key = distinct ? String(i) : `${parentStep}|${s.type[i]}|${s.name[i]}`;
    let n = keys.get(key);
    const duration = s.open[i] ? 0 : (s.end[i] as number) - (s.start[i] as number);
    const level = LEVELS[s.level[i] as number] ?? 'DEFAULT';
    if (n === undefined) {
      n = nodes.length;
      keys.set(key, n);
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
  return { nodes, nodeOf };
}

export function projectSteps(s: GraphSource, mode: GraphMode = 'aggregated', cap = MAX_GRAPH_NODES): StepGraph {
  const distinct = mode === 'expanded';
  let { nodes, nodeOf } = project(s, Number.POSITIVE_INFINITY, distinct);
  const total = nodes.length;
  const what = distinct ? 'observations' : 'distinct steps';
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
      ({ nodes, nodeOf } = project(s, depth, distinct));
      notice = `This trace has ${total.toLocaleString('en-US')} ${what}; the graph shows the ${nodes.length.toLocaleString('en-US')} in the top ${depth + 1} level${depth === 0 ? '' : 's'}, with deeper steps folded into them.`;
    }
    if (nodes.length > cap) {
      for (let i = 0; i < nodeOf.length; i++) if ((nodeOf[i] as number) >= cap) nodeOf[i] = -1;
      nodes = nodes.slice(0, cap);
      notice = distinct
        ? `This trace has ${total.toLocaleString('en-US')} observations; the graph shows the first ${cap.toLocaleString('en-US')}, in tree order. Aggregated, repeated steps fold into one.`
        : `This trace has ${total.toLocaleString('en-US')} distinct steps side by side; the graph shows the first ${cap.toLocaleString('en-US')}.`;
    }
  }
  return { nodes, edges: flowEdges(s, nodeOf), nodeOf, notice };
}

/** Two waves with more nodes than this between them are joined through the last to end, not every pair. */
const MAX_WAVE_EDGES = 16;

/**
 * Execution edges between graph nodes: each observation's children, by start, cut into waves of overlapping
 * times; the parent leads to the first wave and each wave to the next. Edges within one node (a step repeated
 * back to back, or steps folded into the same node) are left out.
 */
function flowEdges(s: GraphSource, nodeOf: Int32Array): StepEdge[] {
  const children = new Map<number, number[]>();
  for (let i = 0; i < s.count; i++) {
    if (s.type[i] === PLACEHOLDER || (nodeOf[i] as number) < 0) continue;
    const p = s.parent[i] as number;
    const list = children.get(p);
    if (list) list.push(i);
    else children.set(p, [i]);
  }
  const edges = new Map<string, StepEdge>();
  const add = (from: number, to: number, kind: StepEdge['kind']) => {
    const a = from >= 0 ? (nodeOf[from] as number) : -1;
    const b = nodeOf[to] as number;
    if (a < 0 || b < 0 || a === b) return;
    const id = `step-${a}->step-${b}`;
    const edge = edges.get(id);
    if (edge) edge.count++;
    else edges.set(id, { id, source: `step-${a}`, target: `step-${b}`, kind, count: 1 });
  };
  for (const [parent, list] of children) {
    list.sort((a, b) => (s.start[a] as number) - (s.start[b] as number) || a - b);
    let previous: number[] = [];
    let wave: number[] = [];
    let waveEnd = Number.NEGATIVE_INFINITY;
    const close = () => {
      if (previous.length === 0) {
        if (parent >= 0) for (const c of wave) add(parent, c, 'child');
      } else if (previous.length * wave.length <= MAX_WAVE_EDGES) {
        for (const a of previous) for (const b of wave) add(a, b, 'next');
      } else {
        const last = previous.reduce((x, y) => ((s.end[y] as number) > (s.end[x] as number) ? y : x));
        for (const b of wave) add(last, b, 'next');
      }
      previous = wave;
    };
    for (const c of list) {
      const start = s.start[c] as number;
      if (wave.length > 0 && start >= waveEnd) {
        close();
        wave = [];
        waveEnd = Number.NEGATIVE_INFINITY;
      }
      wave.push(c);
      waveEnd = Math.max(waveEnd, s.end[c] as number);
    }
    if (wave.length > 0) close();
  }
  return [...edges.values()];
}
