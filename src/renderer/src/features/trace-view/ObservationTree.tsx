import { LEVELS } from '@core/model/types';
import { idOf, nodeOfId, PLACEHOLDER, type TraceSkeleton } from '@core/tree/skeleton';
import { ancestorIds, idsWithChildren, keptByLevel, searchSkeleton, shownRows } from '@core/tree/skeleton-view';
import { type KeyboardEvent, useCallback, useEffect, useMemo } from 'react';
import { formatDuration } from '../../lib/format';
import { TreeRow } from './TreeRow';
import { TreeToolbar } from './TreeToolbar';
import { useCollapsed, useMinLevel, useTraceViewStore, useTreeSearch } from './trace-view-store';
import { useVirtualRows } from './use-virtual-rows';

const ROW_HEIGHT = 26;

interface ObservationTreeProps {
  traceId: string;
  skeleton: TraceSkeleton;
  selectedId: string | null;
  onSelect(id: string): void;
}

/**
 * The observation tree with usage and a timeline column; keys move the selection and fold subtrees. Rows are
 * node indices into the skeleton: folding, level and search are linear passes over its arrays, and only the
 * rows in view become elements.
 */
export function ObservationTree({ traceId, skeleton, selectedId, onSelect }: ObservationTreeProps) {
  const collapsed = useCollapsed(traceId);
  const minLevel = LEVELS.indexOf(useMinLevel(traceId));
  const search = useTreeSearch(traceId);
  const shown = useMemo(() => shownRows(skeleton, collapsed, minLevel), [skeleton, collapsed, minLevel]);
  const matches = useMemo(
    () => searchSkeleton(skeleton, search, keptByLevel(skeleton, minLevel)),
    [skeleton, search, minLevel],
  );
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const { ref, onScroll, first, last, totalHeight, scrollToIndex } = useVirtualRows(shown.count, ROW_HEIGHT);
  const selectedNode = useMemo(() => (selectedId ? nodeOfId(skeleton, selectedId) : -1), [skeleton, selectedId]);
  const selectedIndex = useMemo(() => (selectedNode < 0 ? -1 : shown.positionOf(selectedNode)), [shown, selectedNode]);

  useEffect(() => {
    if (selectedIndex >= 0) scrollToIndex(selectedIndex);
  }, [selectedIndex, scrollToIndex]);

  const onToggle = useCallback((id: string) => useTraceViewStore.getState().toggle(traceId, id), [traceId]);

  /** Selects a node, opening its folded ancestors first so it is in the list. */
  const reveal = useCallback(
    (node: number) => {
      useTraceViewStore.getState().expandAll(traceId, ancestorIds(skeleton, node));
      onSelect(idOf(skeleton, node));
    },
    [traceId, skeleton, onSelect],
  );

  const matchIndex = selectedNode >= 0 ? matches.indexOf(selectedNode) : -1;
  const onJump = (step: 1 | -1) => {
    if (matches.length === 0) return;
    const next =
      matchIndex < 0 ? (step === 1 ? 0 : matches.length - 1) : (matchIndex + step + matches.length) % matches.length;
    const node = matches[next];
    if (node !== undefined) reveal(node);
  };

  // Typing a search jumps to the first hit, as a browser's find does. Only a new search text jumps:
  // new arrivals must not move the selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const node = matches[0];
    if (node !== undefined && search.trim() !== '') reveal(node);
  }, [search]);

  const onKeyDown = (e: KeyboardEvent) => {
    const current = selectedIndex >= 0 ? shown.nodeAt(selectedIndex) : undefined;
    const down = e.key === 'ArrowDown' || e.key === 'j';
    const up = e.key === 'ArrowUp' || e.key === 'k';
    if (down || up) {
      const step = down ? 1 : -1;
      for (let i = selectedIndex + step; i >= 0 && i < shown.count; i += step) {
        const node = shown.nodeAt(i);
        if (skeleton.type[node] !== PLACEHOLDER) {
          onSelect(idOf(skeleton, node));
          break;
        }
      }
    } else if (
      (e.key === 'ArrowLeft' || e.key === 'ArrowRight') &&
      current !== undefined &&
      shown.hasChildren(current)
    ) {
      useTraceViewStore.getState().setCollapsed(traceId, idOf(skeleton, current), e.key === 'ArrowLeft');
    } else return;
    e.preventDefault();
  };

  const visible: number[] = [];
  for (let i = first; i < last; i++) visible.push(shown.nodeAt(i));

  return (
    <div className="tree-panel">
      <TreeToolbar
        traceId={traceId}
        matchCount={matches.length}
        matchIndex={matchIndex}
        onJump={onJump}
        onExpandAll={() => useTraceViewStore.getState().setAllCollapsed(traceId, new Set())}
        onCollapseAll={() => useTraceViewStore.getState().setAllCollapsed(traceId, idsWithChildren(skeleton))}
      />
      <div className="tree-header">
        <div className="tree-name">Observation</div>
        <div className="tree-usage">Usage</div>
        <div className="tree-duration">Duration</div>
        <div className="tree-timeline tree-axis">
          <span>0</span>
          <span>{formatDuration(skeleton.span / 2)}</span>
          <span>{formatDuration(skeleton.span)}</span>
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
          {visible.map((node, i) => (
            <TreeRow
              key={node}
              skeleton={skeleton}
              node={node}
              hasChildren={shown.hasChildren(node)}
              top={(first + i) * ROW_HEIGHT}
              height={ROW_HEIGHT}
              selected={node === selectedNode}
              collapsed={collapsed.has(idOf(skeleton, node))}
              match={matchSet.has(node)}
              onSelect={onSelect}
              onToggle={onToggle}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
