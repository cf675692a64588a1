import { LEVELS, OBSERVATION_TYPES, type ObservationType } from '@core/model/types';
import { idOf, nameOf, PLACEHOLDER, stringOf, type TraceSkeleton } from '@core/tree/skeleton';
import { memo } from 'react';
import { RowBoundary } from '../../components/ErrorBoundary';
import { LevelChip } from '../../components/LevelChip';
import { DurationText } from '../../components/StoredValue';
import { TypeIcon } from '../../components/TypeIcon';
import { formatCost, formatTokens } from '../../lib/format';
import { compactTokens } from './usage-format';

/** Indentation per tree level, in pixels. */
const INDENT = 14;

interface TreeRowProps {
  skeleton: TraceSkeleton;
  node: number;
  hasChildren: boolean;
  top: number;
  height: number;
  selected: boolean;
  collapsed: boolean;
  match: boolean;
  onSelect(id: string): void;
  onToggle(id: string): void;
}

function Usage({ s, node, rolledUp }: { s: TraceSkeleton; node: number; rolledUp: boolean }) {
  const tokens = s.tokens[node] as number;
  const cost = s.cost[node] as number;
  if (tokens === 0 && cost === 0) return <div className="tree-usage" />;
  const exact = [
    tokens > 0 &&
      `${formatTokens(tokens)} tokens (${formatTokens(s.inputTokens[node])} in, ${formatTokens(s.outputTokens[node])} out)`,
    cost > 0 && formatCost(cost),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      className={`tree-usage${rolledUp ? ' rolled-up' : ''}`}
      title={`${rolledUp ? 'Subtree total: ' : ''}${exact}`}
      data-testid="tree-usage"
    >
      {tokens > 0 && <span>{compactTokens(tokens)} tok</span>}
      {cost > 0 && <span>{formatCost(cost)}</span>}
    </div>
  );
}

const pct = (n: number) => Math.max(0, Math.min(100, n));

/** The row's observation id for its error line; reading it can fail in the same broken skeleton. */
function safeId(s: TraceSkeleton, node: number): string {
  try {
    return idOf(s, node);
  } catch {
    return `row ${node}`;
  }
}

/** One tree row in its own boundary: an observation that cannot be drawn becomes one line, the tree stays. */
export const TreeRow = memo(function TreeRow(props: TreeRowProps) {
  return (
    <RowBoundary
      id={safeId(props.skeleton, props.node)}
      className="tree-row-error"
      style={{ position: 'absolute', left: 0, right: 0, top: props.top, height: props.height }}
    >
      <TreeRowContent {...props} />
    </RowBoundary>
  );
});

function TreeRowContent(props: TreeRowProps) {
  const { skeleton: s, node, hasChildren, top, height, selected, collapsed, match, onSelect, onToggle } = props;
  const id = idOf(s, node);
  const depth = s.depth[node] as number;
  const toggle = hasChildren ? (
    <button
      type="button"
      className="tree-toggle"
      aria-label={collapsed ? 'Expand' : 'Collapse'}
      onClick={(e) => {
        e.stopPropagation();
        onToggle(id);
      }}
    >
      {collapsed ? '▸' : '▾'}
    </button>
  ) : (
    <span className="tree-toggle-spacer" />
  );
  const style = { top, height };
  if (s.type[node] === PLACEHOLDER) {
    return (
      <div className="tree-row tree-row-missing" data-testid="tree-row" style={style}>
        <div className="tree-name" style={{ paddingLeft: depth * INDENT }}>
          {toggle}
          <span className="missing-label">
            missing parent <span className="mono">{id}</span>
          </span>
        </div>
      </div>
    );
  }
  const type: ObservationType = OBSERVATION_TYPES[s.type[node] as number] ?? 'SPAN';
  const name = nameOf(s, node);
  const model = stringOf(s, s.model[node] as number);
  const level = LEVELS[s.level[node] as number] ?? 'DEFAULT';
  const open = s.open[node] === 1;
  const start = s.start[node] as number;
  const duration = open ? null : (s.end[node] as number) - start;
  const left = pct((start / s.span) * 100);
  const width = duration === null ? 0 : Math.min(pct((duration / s.span) * 100), 100 - left);
  return (
    <div
      className={`tree-row${selected ? ' selected' : ''}${match ? ' match' : ''}`}
      data-testid="tree-row"
      data-observation-id={id}
      role="treeitem"
      aria-selected={selected}
      aria-level={depth + 1}
      aria-expanded={hasChildren ? !collapsed : undefined}
      style={style}
      // Arrow keys are handled by the tree; a focused row also answers Enter and Space.
      tabIndex={-1}
      onClick={() => onSelect(id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onSelect(id);
      }}
    >
      <div className="tree-name" style={{ paddingLeft: depth * INDENT }}>
        {toggle}
        <TypeIcon type={type} />
        <span className="tree-label" title={`${type} ${name}`}>
          {name}
        </span>
        {model && <span className="tree-model mono">{model}</span>}
        {s.sameCall[node] === 1 && (
          <span className="tag tree-tag" title="The provider SDK's own record of the call above it, which counts once">
            SDK record
          </span>
        )}
        {level !== 'DEFAULT' && <LevelChip level={level} title={stringOf(s, s.status[node] as number) ?? undefined} />}
      </div>
      <Usage s={s} node={node} rolledUp={hasChildren} />
      <div className="tree-duration">
        <DurationText value={duration} />
      </div>
      <div className="tree-timeline">
        <div className="tree-track">
          <div
            className={`tree-bar type-bg-${type.toLowerCase()}${open ? ' open' : ''}`}
            style={open ? { left: `${left}%` } : { left: `${left}%`, width: `${width}%` }}
          />
        </div>
      </div>
    </div>
  );
}
