import type { FlatRow } from '@core/tree/build-tree';
import { memo } from 'react';
import { LevelChip } from '../../components/LevelChip';
import { TypeIcon } from '../../components/TypeIcon';
import { formatCost, formatDuration, formatTokens } from '../../lib/format';
import { barOf, type TimeAxis } from './time-axis';
import type { Rollup } from './tree-ops';

/** Indentation per tree level, in pixels. */
const INDENT = 14;

interface TreeRowProps {
  flat: FlatRow;
  top: number;
  height: number;
  axis: TimeAxis;
  rollup: Rollup | undefined;
  selected: boolean;
  collapsed: boolean;
  match: boolean;
  onSelect(id: string): void;
  onToggle(id: string): void;
}

function Usage({ rollup, rolledUp }: { rollup: Rollup | undefined; rolledUp: boolean }) {
  if (!rollup || (rollup.tokens === 0 && rollup.cost === 0)) return <div className="tree-usage" />;
  return (
    <div
      className={`tree-usage${rolledUp ? ' rolled-up' : ''}`}
      title={`${rolledUp ? 'Subtree total: ' : ''}${rollup.inputTokens} in, ${rollup.outputTokens} out`}
    >
      {rollup.tokens > 0 && <span>{formatTokens(rollup.tokens)} tok</span>}
      {rollup.cost > 0 && <span>{formatCost(rollup.cost)}</span>}
    </div>
  );
}

export const TreeRow = memo(function TreeRow(props: TreeRowProps) {
  const { flat, top, height, axis, rollup, selected, collapsed, match, onSelect, onToggle } = props;
  const { node, depth, hasChildren } = flat;
  const row = node.row;
  const toggle = hasChildren ? (
    <button
      type="button"
      className="tree-toggle"
      aria-label={collapsed ? 'Expand' : 'Collapse'}
      onClick={(e) => {
        e.stopPropagation();
        onToggle(node.id);
      }}
    >
      {collapsed ? '▸' : '▾'}
    </button>
  ) : (
    <span className="tree-toggle-spacer" />
  );
  const style = { top, height };
  if (!row) {
    return (
      <div className="tree-row tree-row-missing" data-testid="tree-row" style={style}>
        <div className="tree-name" style={{ paddingLeft: depth * INDENT }}>
          {toggle}
          <span className="missing-label">
            missing parent <span className="mono">{node.id}</span>
          </span>
        </div>
      </div>
    );
  }
  const duration = row.endTime === null ? null : row.endTime - row.startTime;
  const bar = barOf(axis, row);
  return (
    <div
      className={`tree-row${selected ? ' selected' : ''}${match ? ' match' : ''}`}
      data-testid="tree-row"
      data-observation-id={row.id}
      role="treeitem"
      aria-selected={selected}
      aria-level={depth + 1}
      aria-expanded={hasChildren ? !collapsed : undefined}
      style={style}
      // Arrow keys are handled by the tree; a focused row also answers Enter and Space.
      tabIndex={-1}
      onClick={() => onSelect(row.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onSelect(row.id);
      }}
    >
      <div className="tree-name" style={{ paddingLeft: depth * INDENT }}>
        {toggle}
        <TypeIcon type={row.type} />
        <span className="tree-label" title={`${row.type} ${row.name}`}>
          {row.name}
        </span>
        {row.model && <span className="tree-model mono">{row.model}</span>}
        {row.level !== 'DEFAULT' && <LevelChip level={row.level} title={row.statusMessage ?? undefined} />}
      </div>
      <Usage rollup={rollup} rolledUp={hasChildren} />
      <div className="tree-duration">{formatDuration(duration)}</div>
      <div className="tree-timeline">
        <div className="tree-track">
          <div
            className={`tree-bar type-bg-${row.type.toLowerCase()}${duration === null ? ' open' : ''}`}
            style={duration === null ? { left: `${bar.left}%` } : { left: `${bar.left}%`, width: `${bar.width}%` }}
          />
        </div>
      </div>
    </div>
  );
});
