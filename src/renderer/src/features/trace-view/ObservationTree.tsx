import type { ObservationRow } from '@core/model/types';
import { buildTree, flattenTree } from '@core/tree/build-tree';
import { type KeyboardEvent, useCallback, useEffect, useMemo } from 'react';
import { formatDuration } from '../../lib/format';
import { TreeRow } from './TreeRow';
import { timeAxisOf } from './time-axis';
import { useCollapsed, useTraceViewStore } from './trace-view-store';
import { useVirtualRows } from './use-virtual-rows';

const ROW_HEIGHT = 26;

interface ObservationTreeProps {
  traceId: string;
  rows: ObservationRow[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The observation tree with a timeline column; arrow keys move the selection and fold subtrees. */
export function ObservationTree({ traceId, rows, selectedId, onSelect }: ObservationTreeProps) {
  const collapsed = useCollapsed(traceId);
  const roots = useMemo(() => buildTree(rows), [rows]);
  const flat = useMemo(() => flattenTree(roots, collapsed), [roots, collapsed]);
  const axis = useMemo(() => timeAxisOf(rows), [rows]);
  const { ref, onScroll, first, last, totalHeight, scrollToIndex } = useVirtualRows(flat.length, ROW_HEIGHT);
  const selectedIndex = useMemo(() => flat.findIndex((f) => f.node.row?.id === selectedId), [flat, selectedId]);

  useEffect(() => {
    if (selectedIndex >= 0) scrollToIndex(selectedIndex);
  }, [selectedIndex, scrollToIndex]);

  const onToggle = useCallback((id: string) => useTraceViewStore.getState().toggle(traceId, id), [traceId]);

  const onKeyDown = (e: KeyboardEvent) => {
    const current = flat[selectedIndex];
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      for (let i = selectedIndex + step; i >= 0 && i < flat.length; i += step) {
        const id = flat[i]?.node.row?.id;
        if (id) {
          onSelect(id);
          break;
        }
      }
    } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && current?.hasChildren) {
      useTraceViewStore.getState().setCollapsed(traceId, current.node.id, e.key === 'ArrowLeft');
    } else return;
    e.preventDefault();
  };

  return (
    <div className="tree-panel">
      <div className="tree-header">
        <div className="tree-name">Observation</div>
        <div className="tree-duration">Duration</div>
        <div className="tree-timeline tree-axis">
          <span>0</span>
          <span>{formatDuration(axis.span / 2)}</span>
          <span>{formatDuration(axis.span)}</span>
        </div>
      </div>
      <div
        className="tree-scroll"
        ref={ref}
        onScroll={onScroll}
        role="tree"
        aria-label="Observations"
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="tree-canvas" style={{ height: totalHeight }}>
          {flat.slice(first, last).map((f, i) => (
            <TreeRow
              key={f.node.id}
              flat={f}
              top={(first + i) * ROW_HEIGHT}
              height={ROW_HEIGHT}
              axis={axis}
              selected={f.node.row !== null && f.node.row.id === selectedId}
              collapsed={collapsed.has(f.node.id)}
              onSelect={onSelect}
              onToggle={onToggle}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
