import { idOf, nodeOfId, type TraceSkeleton } from '@core/tree/skeleton';
import { Background, Controls, type Edge, MarkerType, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { effectiveTheme, usePrefsStore } from '../../../lib/prefs-store';
import { NODE_HEIGHT, NODE_TYPES, NODE_WIDTH, nodeTypeOf, type StepFlowNode } from './StepNodes';
import { useGraphLayout } from './use-graph-layout';
import './graph.css';

interface GraphViewProps {
  skeleton: TraceSkeleton;
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The trace as an agent graph: steps as typed nodes, loops folded into one node with a count. */
export function GraphView({ skeleton, selectedId, onSelect }: GraphViewProps) {
  const { graph, positions, error } = useGraphLayout(skeleton, NODE_WIDTH, NODE_HEIGHT);
  const selectedObservation = selectedId ? nodeOfId(skeleton, selectedId) : -1;
  const selectedStep = graph && selectedObservation >= 0 ? graph.nodeOf[selectedObservation] : undefined;
  const selectedNode = selectedStep !== undefined && selectedStep >= 0 ? graph?.nodes[selectedStep]?.id : undefined;
  const theme = usePrefsStore((s) => s.theme);
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
      (graph?.edges ?? []).map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        ...(e.kind === 'next'
          ? { sourceHandle: 'next-out', targetHandle: 'next-in', className: 'edge-next', animated: false }
          : { className: 'edge-child' }),
        markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
      })),
    [graph],
  );
  if (error) return <p className="page-message">{error}</p>;
  if (!graph || !positions) return <p className="page-message">Laying out the graph…</p>;
  return (
    <div className="graph-view" data-testid="graph">
      {graph.notice && (
        <p className="graph-notice" role="status" data-testid="graph-notice">
          {graph.notice}
        </p>
      )}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        colorMode={effectiveTheme(theme, window.matchMedia('(prefers-color-scheme: dark)').matches)}
        fitView
        minZoom={0.05}
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
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
