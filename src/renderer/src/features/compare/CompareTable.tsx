import type { AlignedRow } from '@core/compare/align';
import { type NumberDelta, pairDelta } from '@core/compare/deltas';
import type { ObservationRow } from '@core/model/types';
import { memo, useEffect } from 'react';
import { LevelChip } from '../../components/LevelChip';
import { TypeIcon } from '../../components/TypeIcon';
import { formatDuration } from '../../lib/format';
import { useVirtualRows } from '../trace-view/use-virtual-rows';
import { type DeltaUnit, formatDelta, formatRatio } from './delta-format';

const ROW_HEIGHT = 28;
const INDENT = 14;

function Side({ row, depth }: { row: ObservationRow | null; depth: number }) {
  if (!row) return <div className="cmp-side cmp-empty" />;
  return (
    <div className="cmp-side" style={{ paddingLeft: 6 + depth * INDENT }} title={`${row.type} ${row.name}`}>
      <TypeIcon type={row.type} />
      <span className="cmp-name">{row.name}</span>
      {row.level !== 'DEFAULT' && <LevelChip level={row.level} title={row.statusMessage ?? undefined} />}
    </div>
  );
}

const latency = (row: ObservationRow | null) => (row && row.endTime !== null ? row.endTime - row.startTime : null);

export function DeltaCell({ delta, unit, testId }: { delta: NumberDelta; unit: DeltaUnit; testId?: string }) {
  const text = formatDelta(delta, unit);
  const ratio = formatRatio(delta);
  return (
    <div className={`cmp-delta delta-${delta.trend}`} data-testid={testId} title={ratio}>
      {text}
    </div>
  );
}

function Model({ a, b }: { a: ObservationRow | null; b: ObservationRow | null }) {
  const ma = a?.model ?? null;
  const mb = b?.model ?? null;
  if (a && b && ma !== mb) {
    return (
      <div className="cmp-model mono changed" title={`${ma ?? 'none'} → ${mb ?? 'none'}`}>
        {ma ?? '–'} → {mb ?? '–'}
      </div>
    );
  }
  return <div className="cmp-model mono">{ma ?? mb ?? ''}</div>;
}

const MARK = { matched: '', added: '+', removed: '−' } as const;

const CompareRow = memo(function CompareRow(props: {
  row: AlignedRow;
  top: number;
  selected: boolean;
  onSelect(row: AlignedRow): void;
}) {
  const { row, top, selected, onSelect } = props;
  const delta = pairDelta(row.a, row.b);
  return (
    <div
      className={`cmp-row cmp-${row.status}${selected ? ' selected' : ''}`}
      style={{ top, height: ROW_HEIGHT }}
      data-testid="compare-row"
      data-status={row.status}
      data-path={row.path}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      tabIndex={-1}
      onClick={() => onSelect(row)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onSelect(row);
      }}
    >
      <div className="cmp-mark" title={row.status}>
        {MARK[row.status]}
      </div>
      <Side row={row.a} depth={row.depth} />
      <div className="cmp-num">{row.a ? formatDuration(latency(row.a)) : ''}</div>
      <Side row={row.b} depth={row.depth} />
      <div className="cmp-num">{row.b ? formatDuration(latency(row.b)) : ''}</div>
      <DeltaCell delta={delta.latencyMs} unit="ms" testId="delta-latency" />
      <DeltaCell delta={delta.totalTokens} unit="tokens" testId="delta-tokens" />
      <DeltaCell delta={delta.cost} unit="usd" testId="delta-cost" />
      <Model a={row.a} b={row.b} />
    </div>
  );
});

interface CompareTableProps {
  rows: AlignedRow[];
  selectedIndex: number;
  onSelect(row: AlignedRow): void;
}

/** The two trees aligned row by row, with what changed from A to B; virtualized like the trace tree. */
export function CompareTable({ rows, selectedIndex, onSelect }: CompareTableProps) {
  const { ref, onScroll, first, last, totalHeight, scrollToIndex } = useVirtualRows(rows.length, ROW_HEIGHT);
  useEffect(() => {
    if (selectedIndex >= 0) scrollToIndex(selectedIndex);
  }, [selectedIndex, scrollToIndex]);
  return (
    <div className="cmp-table" data-testid="compare-table">
      <div className="cmp-row cmp-header">
        <div className="cmp-mark" />
        <div className="cmp-side">A</div>
        <div className="cmp-num">latency</div>
        <div className="cmp-side">B</div>
        <div className="cmp-num">latency</div>
        <div className="cmp-delta">Δ latency</div>
        <div className="cmp-delta">Δ tokens</div>
        <div className="cmp-delta">Δ cost</div>
        <div className="cmp-model">model</div>
      </div>
      <div
        className="cmp-scroll"
        ref={ref}
        onScroll={onScroll}
        role="tree"
        aria-label="Aligned observations"
        style={{ height: Math.min(totalHeight, 420) + 2 }}
      >
        <div className="cmp-canvas" style={{ height: totalHeight }}>
          {rows.slice(first, last).map((row, i) => (
            <CompareRow
              key={row.key}
              row={row}
              top={(first + i) * ROW_HEIGHT}
              selected={first + i === selectedIndex}
              onSelect={onSelect}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
