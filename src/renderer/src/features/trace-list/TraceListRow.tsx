import type { TraceSummary } from '@core/model/types';
import { memo } from 'react';
import { traceHash, useRouteStore } from '../../route/route-store';
import type { Column } from './columns';
import { useTraceFilterStore } from './trace-list-store';

interface TraceListRowProps {
  trace: TraceSummary;
  columns: Column[];
  template: string;
  top: number;
  height: number;
}

export const TraceListRow = memo(function TraceListRow({ trace, columns, template, top, height }: TraceListRowProps) {
  const selected = useTraceFilterStore((s) => s.selectedId === trace.id);
  const open = () => useRouteStore.getState().navigate(traceHash(trace.id));
  return (
    // Keyboard access is the list's own: j/k move the selection and Enter opens it.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      className={`trace-row${selected ? ' selected' : ''}`}
      data-testid="trace-row"
      data-trace-id={trace.id}
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      style={{ gridTemplateColumns: template, transform: `translateY(${top}px)`, height }}
      onClick={open}
      onMouseDown={() => useTraceFilterStore.getState().select(trace.id)}
    >
      {columns.map((c) => (
        <div key={c.id} className={`trace-cell cell-${c.id}${c.numeric ? ' num' : ''}`}>
          {c.render(trace)}
        </div>
      ))}
    </div>
  );
});
