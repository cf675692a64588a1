import type { PointerEvent as ReactPointerEvent } from 'react';
import type { Column } from './columns';
import { useListPrefsStore } from './trace-list-store';

/** Drag the right edge of a header to resize its column; widths are remembered. */
function startResize(e: ReactPointerEvent, column: Column, startWidth: number) {
  e.preventDefault();
  e.stopPropagation();
  const x0 = e.clientX;
  const move = (ev: PointerEvent) => useListPrefsStore.getState().setWidth(column.id, startWidth + ev.clientX - x0);
  const up = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}

export function TraceTableHeader({
  columns,
  widths,
  template,
  minWidth,
}: {
  columns: Column[];
  widths: number[];
  template: string;
  /** The columns' widths added up: the header scrolls sideways with the rows when the list is narrower. */
  minWidth: number;
}) {
  const sort = useListPrefsStore((s) => s.sort);
  return (
    <div className="trace-head" style={{ gridTemplateColumns: template, minWidth }}>
      {columns.map((c, i) => {
        const sorted = c.sortKey !== undefined && sort.key === c.sortKey;
        return (
          <div key={c.id} className={`trace-head-cell${c.numeric ? ' num' : ''}`} data-testid={`column-${c.id}`}>
            {c.sortKey ? (
              <button
                type="button"
                className="sort-button"
                data-testid={`sort-${c.id}`}
                onClick={() => c.sortKey && useListPrefsStore.getState().sortBy(c.sortKey)}
              >
                {c.label}
                {sorted && <span className="sort-arrow">{sort.desc ? '↓' : '↑'}</span>}
              </button>
            ) : (
              c.label
            )}
            <span
              className="col-resizer"
              aria-hidden="true"
              onPointerDown={(e) => startResize(e, c, widths[i] ?? 100)}
            />
          </div>
        );
      })}
    </div>
  );
}
