import type { ObservationRow } from '@core/model/types';
import { buildTree, flattenTree } from '@core/tree/build-tree';
import { type KeyboardEvent, useCallback, useEffect, useMemo } from 'react';
import { formatDuration } from '../../lib/format';
import { TreeRow } from './TreeRow';
import { TreeToolbar } from './TreeToolbar';
import { timeAxisOf } from './time-axis';
import { useCollapsed, useMinLevel, useTraceViewStore, useTreeSearch } from './trace-view-store';
import { ancestorsOf, parentIndex, pruneByLevel, rollupTree, searchTree } from './tree-ops';
import { useVirtualRows } from './use-virtual-rows';

const ROW_HEIGHT = 26;

interface ObservationTreeProps {
  traceId: string;
  rows: ObservationRow[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The observation tree with usage and a timeline column; keys move the selection and fold subtrees. */
export function ObservationTree({ traceId, rows, selectedId, onSelect }: ObservationTreeProps) {
  const collapsed = useCollapsed(traceId);
  const minLevel = useMinLevel(traceId);
  const search = useTreeSearch(traceId);
  const roots = useMemo(() => buildTree(rows), [rows]);
  const rollups = useMemo(() => rollupTree(roots), [roots]);
  const parents = useMemo(() => parentIndex(roots), [roots]);
  const shownRoots = useMemo(() => pruneByLevel(roots, minLevel), [roots, minLevel]);
  const flat = useMemo(() => flattenTree(shownRoots, collapsed), [shownRoots, collapsed]);
  const matches = useMemo(() => searchTree(shownRoots, search), [shownRoots, search]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const axis = useMemo(() => timeAxisOf(rows), [rows]);
  const { ref, onScroll, first, last, totalHeight, scrollToIndex } = useVirtualRows(flat.length, ROW_HEIGHT);
  const selectedIndex = useMemo(() => flat.findIndex((f) => f.node.row?.id === selectedId), [flat, selectedId]);

  useEffect(() => {
    if (selectedIndex >= 0) scrollToIndex(selectedIndex);
  }, [selectedIndex, scrollToIndex]);

  const onToggle = useCallback((id: string) => useTraceViewStore.getState().toggle(traceId, id), [traceId]);

  /** Selects a node, opening its folded ancestors first so it is in the list. */
  const reveal = useCallback(
    (id: string) => {
      useTraceViewStore.getState().expandAll(traceId, ancestorsOf(id, parents));
      onSelect(id);
    },
    [traceId, parents, onSelect],
  );

  const matchIndex = selectedId ? matches.indexOf(selectedId) : -1;
  const onJump = (step: 1 | -1) => {
    if (matches.length === 0) return;
    const next =
      matchIndex < 0 ? (step === 1 ? 0 : matches.length - 1) : (matchIndex + step + matches.length) % matches.length;
    const id = matches[next];
    if (id) reveal(id);
  };

  // Typing a search jumps to the first hit, as a browser's find does. Only a new search text jumps:
  // new arrivals must not move the selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const id = matches[0];
    if (id && search.trim() !== '') reveal(id);
  }, [search]);

  const onKeyDown = (e: KeyboardEvent) => {
    const current = flat[selectedIndex];
    const down = e.key === 'ArrowDown' || e.key === 'j';
    const up = e.key === 'ArrowUp' || e.key === 'k';
    if (down || up) {
      const step = down ? 1 : -1;
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

  const withChildren = () =>
    new Set(
      flattenTree(roots, new Set())
        .filter((f) => f.hasChildren)
        .map((f) => f.node.id),
    );

  return (
    <div className="tree-panel">
      <TreeToolbar
        traceId={traceId}
        matchCount={matches.length}
        matchIndex={matchIndex}
        onJump={onJump}
        onExpandAll={() => useTraceViewStore.getState().setAllCollapsed(traceId, new Set())}
        onCollapseAll={() => useTraceViewStore.getState().setAllCollapsed(traceId, withChildren())}
      />
      <div className="tree-header">
        <div className="tree-name">Observation</div>
        <div className="tree-usage">Usage</div>
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
        data-testid="tree"
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
              rollup={rollups.get(f.node.id)}
              selected={f.node.row !== null && f.node.row.id === selectedId}
              collapsed={collapsed.has(f.node.id)}
              match={matchSet.has(f.node.id)}
              onSelect={onSelect}
              onToggle={onToggle}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
