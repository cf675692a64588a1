import { projectGraph } from '@core/graph/project';
import type { ObservationRow } from '@core/model/types';
import { Background, Controls, type Edge, MarkerType, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { effectiveTheme, usePrefsStore } from '../../../lib/prefs-store';
import { NODE_HEIGHT, NODE_TYPES, NODE_WIDTH, nodeTypeOf, type StepFlowNode } from './StepNodes';
import { useGraphLayout } from './use-graph-layout';
import './graph.css';

interface GraphViewProps {
  rows: ObservationRow[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The trace as an agent graph: steps as typed nodes, loops folded into one node with a count. */
export function GraphView({ rows, selectedId, onSelect }: GraphViewProps) {
  const graph = useMemo(() => projectGraph(rows), [rows]);
  const request = useMemo(
    () => ({
      nodes: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
      edges: graph.edges,
    }),
    [graph],
  );
  const { positions, error } = useGraphLayout(request);
  const selectedNode = selectedId ? graph.nodeOf.get(selectedId) : undefined;
  const theme = usePrefsStore((s) => s.theme);
  const nodes = useMemo<StepFlowNode[]>(
    () =>
      positions
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
      graph.edges.map((e) => ({
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
  if (!positions) return <p className="page-message">Laying out the graph…</p>;
  return (
    <div className="graph-view" data-testid="graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        colorMode={effectiveTheme(theme, window.matchMedia('(prefers-color-scheme: dark)').matches)}
        fitView
        minZoom={0.1}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const ids = node.data.step.observationIds;
          // Clicking an aggregated step again moves to its next occurrence.
          const at = selectedId ? ids.indexOf(selectedId) : -1;
          const next = ids[(at + 1) % ids.length];
          if (next) onSelect(next);
        }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
