import { idOf, nodeOfId, type TraceSkeleton } from '@core/tree/skeleton';
import { Background, Controls, type Edge, MarkerType, ReactFlow, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { effectiveTheme, usePrefsStore } from '../../../lib/prefs-store';
import type { GraphMode } from './project-skeleton';
import { NODE_HEIGHT, NODE_TYPES, NODE_WIDTH, nodeTypeOf, type StepFlowNode } from './StepNodes';
import { useGraphLayout } from './use-graph-layout';
import './graph.css';

/**
 * Node names are 13 px: at this zoom they draw at 12 px and the captions at 11 px. Fitting never zooms out
 * further; a graph too big for the panel at this zoom opens on its first steps, and the controls zoom out.
 */
const FIT_MIN_ZOOM = 0.92;
const FIT_MAX_ZOOM = 1.25;

interface GraphViewProps {
  skeleton: TraceSkeleton;
  selectedId: string | null;
  onSelect(id: string): void;
}

const MODES: { mode: GraphMode; label: string; hint: string }[] = [
  { mode: 'aggregated', label: 'Aggregated', hint: 'One node per distinct step, with how often it ran' },
  { mode: 'expanded', label: 'Expanded', hint: 'One node per observation' },
];

/** The trace as an agent graph: steps as typed nodes in the order they ran, parallel steps side by side. */
export function GraphView({ skeleton, selectedId, onSelect }: GraphViewProps) {
  const [mode, setMode] = useState<GraphMode>('aggregated');
  const { graph, positions, error } = useGraphLayout(skeleton, mode, NODE_WIDTH, NODE_HEIGHT);
  const selectedObservation = selectedId ? nodeOfId(skeleton, selectedId) : -1;
  const selectedStep = graph && selectedObservation >= 0 ? graph.nodeOf[selectedObservation] : undefined;
  const selectedNode = selectedStep !== undefined && selectedStep >= 0 ? graph?.nodes[selectedStep]?.id : undefined;
  const theme = usePrefsStore((s) => s.theme);
  const flow = useRef<ReactFlowInstance<StepFlowNode> | null>(null);
  const pane = useRef<HTMLDivElement>(null);
  const nodes = useMemo<StepFlowNode[]>(
    () =>
      graph && positions
        ? graph.nodes.map((step) => ({
            id: step.id,
            type: nodeTypeOf(step),
            position: positions[step.id] ?? { x: 0, y: 0 },
            data: { step, selected: step.id === selectedNode },
            draggable: false,
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
          }))
        : [],
    [graph, positions, selectedNode],
  );
  const edges = useMemo<Edge[]>(
    () =>
      (graph?.edges ?? []).map((e) => {
        const up = (positions?.[e.target]?.y ?? 0) < (positions?.[e.source]?.y ?? 0);
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          // A loop back to an earlier step runs up the right side instead of through the nodes between.
          ...(up ? { sourceHandle: 'back-out', targetHandle: 'back-in' } : {}),
          className: `edge-${e.kind}${up ? ' edge-back' : ''}`,
          label: e.count > 1 ? `×${e.count.toLocaleString('en-US')}` : undefined,
          labelBgPadding: [4, 2] as [number, number],
          labelBgBorderRadius: 4,
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
        };
      }),
    [graph, positions],
  );

  // Fit when a layout arrives; past the readable zoom, open on the first step instead of the middle.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit on a new layout, not on a new selection
  useEffect(() => {
    const rf = flow.current;
    if (!rf || nodes.length === 0) return;
    const frame = requestAnimationFrame(() => fitReadable(rf, pane.current, nodes));
    return () => cancelAnimationFrame(frame);
  }, [positions]);

  // A selection made elsewhere (the tree, the timeline) scrolls its node into view if it is off screen.
  useEffect(() => {
    const rf = flow.current;
    const at = selectedNode ? positions?.[selectedNode] : undefined;
    const box = pane.current?.getBoundingClientRect();
    if (!rf || !at || !box) return;
    const { x, y, zoom } = rf.getViewport();
    const left = at.x * zoom + x;
    const top = at.y * zoom + y;
    const inside =
      left >= 0 && top >= 0 && left + NODE_WIDTH * zoom <= box.width && top + NODE_HEIGHT * zoom <= box.height;
    if (!inside) void rf.setCenter(at.x + NODE_WIDTH / 2, at.y + NODE_HEIGHT / 2, { zoom });
  }, [selectedNode, positions]);

  return (
    <div className="graph-view" data-testid="graph">
      <div className="graph-toolbar">
        <fieldset className="segmented" aria-label="Graph mode">
          {MODES.map((m) => (
            <button
              key={m.mode}
              type="button"
              className={`segment${mode === m.mode ? ' active' : ''}`}
              aria-pressed={mode === m.mode}
              title={m.hint}
              onClick={() => setMode(m.mode)}
            >
              {m.label}
            </button>
          ))}
        </fieldset>
        {graph && (
          <span className="muted graph-summary" data-testid="graph-summary">
            {graph.nodes.length.toLocaleString('en-US')} {mode === 'aggregated' ? 'steps' : 'nodes'} ·{' '}
            {skeleton.count.toLocaleString('en-US')} observations
          </span>
        )}
      </div>
      {graph?.notice && (
        <p className="graph-notice" role="status" data-testid="graph-notice">
          {graph.notice}
        </p>
      )}
      <div className="graph-pane" ref={pane}>
        {error && <p className="page-message">{error}</p>}
        {!error && (!graph || !positions) && <p className="page-message">Laying out the graph…</p>}
        {!error && graph && positions && (
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            colorMode={effectiveTheme(theme, window.matchMedia('(prefers-color-scheme: dark)').matches)}
            onInit={(rf) => {
              flow.current = rf;
              fitReadable(rf, pane.current, nodes);
            }}
            minZoom={0.1}
            onlyRenderVisibleElements
            nodesConnectable={false}
            proOptions={{ hideAttribution: true }}
            onNodeClick={(_, node) => {
              const observations = node.data.step.observations;
              // Clicking an aggregated step again moves to its next occurrence.
              const at = observations.indexOf(selectedObservation);
              const next = observations[(at + 1) % observations.length];
              if (next !== undefined) onSelect(idOf(skeleton, next));
            }}
          >
            <Background gap={20} size={1} />
            <Controls showInteractive={false} fitViewOptions={{ minZoom: FIT_MIN_ZOOM, maxZoom: FIT_MAX_ZOOM }} />
          </ReactFlow>
        )}
      </div>
    </div>
  );
}

/** Fits the graph, but never below the zoom where labels stay readable: then shows its top, centred on the root. */
function fitReadable(rf: ReactFlowInstance<StepFlowNode>, pane: HTMLElement | null, nodes: StepFlowNode[]): void {
  const box = pane?.getBoundingClientRect();
  if (!box || box.width === 0 || nodes.length === 0) return;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const n of nodes) {
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + NODE_WIDTH);
    maxY = Math.max(maxY, n.position.y + NODE_HEIGHT);
  }
  const margin = 24;
  const fit = Math.min((box.width - 2 * margin) / (maxX - minX), (box.height - 2 * margin) / (maxY - minY));
  const zoom = Math.max(FIT_MIN_ZOOM, Math.min(FIT_MAX_ZOOM, fit));
  const root = nodes[0] as StepFlowNode;
  // Centre the whole graph on an axis where it fits; otherwise start at its top (or on the root, across).
  const centreX = (maxX - minX) * zoom <= box.width - 2 * margin ? (minX + maxX) / 2 : root.position.x + NODE_WIDTH / 2;
  const x = box.width / 2 - centreX * zoom;
  const y =
    (maxY - minY) * zoom <= box.height - 2 * margin
      ? box.height / 2 - ((minY + maxY) / 2) * zoom
      : margin - minY * zoom;
  void rf.setViewport({ x, y, zoom });
}
