import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { CopyButton } from '../../../components/CopyButton';
import { allContainerPaths, expandWithinBudget, type JsonRow, jsonRows } from '../../../lib/json-rows';
import { LongText } from './LongText';

/**
 * Characters of a string shown whole, wrapped on as many lines as it takes: a tool's argument, an error message
 * or a short document. Longer strings show their start and open in full on demand.
 */
export const INLINE_CHARS = 500;
const INDENT = 14;

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function Preview({ row }: { row: JsonRow }) {
  switch (row.kind) {
    case 'object':
      return <span className="json-meta">{row.expanded ? '{' : `{…} ${row.size} keys`}</span>;
    case 'array':
      return <span className="json-meta">{row.expanded ? '[' : `[…] ${row.size} items`}</span>;
    case 'string': {
      const s = row.value as string;
      return <span className="json-string">"{s.length > INLINE_CHARS ? `${s.slice(0, INLINE_CHARS)}…` : s}"</span>;
    }
    case 'null':
      return <span className="json-null">null</span>;
    default:
      return <span className={`json-${row.kind}`}>{String(row.value)}</span>;
  }
}

interface RowProps {
  row: JsonRow;
  stringOpen: boolean;
  onToggle(path: string): void;
  onToggleString(path: string): void;
}

const TreeRow = memo(function TreeRow({ row, stringOpen, onToggle, onToggleString }: RowProps) {
  const container = row.size > 0;
  const long = row.kind === 'string' && (row.value as string).length > INLINE_CHARS;
  return (
    <div className="json-row" style={{ paddingLeft: row.depth * INDENT }}>
      <div className="json-line">
        {container ? (
          <button
            type="button"
            className="json-toggle"
            aria-label={row.expanded ? 'Collapse' : 'Expand'}
            onClick={() => onToggle(row.path)}
          >
            {row.expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="json-toggle-spacer" />
        )}
        {row.key !== null && <span className="json-key">{typeof row.key === 'number' ? row.key : `${row.key}`}:</span>}
        {!(long && stringOpen) && <Preview row={row} />}
        {long && (
          <button type="button" className="link-button json-more" onClick={() => onToggleString(row.path)}>
            {stringOpen ? 'hide' : `show all ${(row.value as string).length.toLocaleString('en-US')} chars`}
          </button>
        )}
        <span className="json-copy">
          <CopyButton text={() => stringify(row.value)} />
        </span>
      </div>
      {long && stringOpen && <LongText as="pre" className="code-block json-full" text={row.value as string} />}
    </div>
  );
});

function toggled(set: ReadonlySet<string>, path: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(path)) next.delete(path);
  else next.add(path);
  return next;
}

/**
 * A JSON value as a collapsible tree. Only the rows in view are mounted, and only the expanded parts are
 * walked, so a value with a 10 MB string or 100k array items opens instantly.
 */
export function JsonTree({ value }: { value: unknown }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => expandWithinBudget(value));
  const [openStrings, setOpenStrings] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => jsonRows(value, expanded), [value, expanded]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 20,
    overscan: 20,
    getItemKey: (i) => rows[i]?.path ?? i,
  });
  const onToggle = useCallback((path: string) => setExpanded((s) => toggled(s, path)), []);
  const onToggleString = useCallback((path: string) => setOpenStrings((s) => toggled(s, path)), []);
  return (
    <div className="json-tree">
      <div className="json-toolbar">
        <button type="button" className="link-button" onClick={() => setExpanded(allContainerPaths(value))}>
          Expand all
        </button>
        <button type="button" className="link-button" onClick={() => setExpanded(new Set())}>
          Collapse all
        </button>
        <span className="json-toolbar-spacer" />
        <CopyButton text={() => stringify(value)} label="Copy JSON" />
      </div>
      <div className="json-scroll" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as JsonRow;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="json-item"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <TreeRow
                  row={row}
                  stringOpen={openStrings.has(row.path)}
                  onToggle={onToggle}
                  onToggleString={onToggleString}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
