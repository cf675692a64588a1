import type { TraceSummary } from '@core/model/types';
import { memo, useMemo } from 'react';
import { RowBoundary } from '../../components/ErrorBoundary';
import { describeStored } from '../../lib/format';
import { traceHash, useRouteStore } from '../../route/route-store';
import type { Column } from './columns';
import { useRowDetails } from './row-details';
import { useTraceFilterStore } from './trace-list-store';

interface TraceListRowProps {
  trace: TraceSummary;
  columns: Column[];
  template: string;
  top: number;
  height: number;
}

/** The id to select and open; a stored id that is not a string still names its row. */
export const rowId = (trace: TraceSummary): string =>
  typeof trace.id === 'string' ? trace.id : describeStored(trace.id);

/** One trace row; the cells render any stored value, and a row that still fails becomes one line of its own. */
export const TraceListRow = memo(function TraceListRow(props: TraceListRowProps) {
  const { trace, top, height } = props;
  return (
    <RowBoundary
      id={rowId(trace)}
      resetKeys={[trace]}
      className="trace-row-error"
      style={{ position: 'absolute', top, left: 0, right: 0, height }}
    >
      <TraceListRowCells {...props} />
    </RowBoundary>
  );
});

export function TraceListRowCells({ trace, columns, template, top, height }: TraceListRowProps) {
  const id = rowId(trace);
  const selected = useTraceFilterStore((s) => s.selectedId === id);
  const version = typeof trace.updatedAt === 'number' ? trace.updatedAt : 0;
  const details = useRowDetails(
    id,
    version,
    columns.some((c) => c.needsDetails),
  );
  const open = () => useRouteStore.getState().navigate(traceHash(id));
  // Cells are formatted again only when the trace in this place, its details or the columns changed, not when only
  // the selection did.
  const cells = useMemo(
    () =>
      columns.map((c) => (
        <div key={c.id} className={`trace-cell cell-${c.id}${c.numeric ? ' num' : ''}`}>
          {c.render(trace, details)}
        </div>
      )),
    [columns, trace, details],
  );
  return (
    // Keyboard access is the list's own: j/k move the selection and Enter opens it.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      className={`trace-row${selected ? ' selected' : ''}`}
      data-testid="trace-row"
      data-trace-id={id}
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      style={{ gridTemplateColumns: template, top, height }}
      onClick={open}
      onMouseDown={() => useTraceFilterStore.getState().select(id)}
    >
      {cells}
    </div>
  );
}
