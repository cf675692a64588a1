import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { type Candidate, orderCandidates } from './picker-order';

/** Rows listed at once; the search narrows the rest down. */
const SHOWN = 200;

interface PickerDialogProps<T extends Candidate> {
  title: string;
  /** Undefined while loading. */
  items: T[] | undefined;
  referenceName: string | null;
  placeholder: string;
  emptyText: string;
  renderItem(item: T): ReactNode;
  onPick(item: T): void;
  onClose(): void;
}

/** A searchable list in a modal: type to filter, arrows to move, Enter to pick, Esc to close. */
export function PickerDialog<T extends Candidate>(props: PickerDialogProps<T>) {
  const { title, items, referenceName, placeholder, emptyText, renderItem, onPick, onClose } = props;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const ordered = useMemo(() => orderCandidates(items ?? [], referenceName, query), [items, referenceName, query]);
  const shown = ordered.slice(0, SHOWN);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') setActive((i) => Math.min(shown.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter' && shown[active]) onPick(shown[active]);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="overlay" data-overlay-open="">
      <div className="overlay-panel picker" role="dialog" aria-label={title} data-testid="compare-picker">
        <div className="overlay-head">
          <h2>{title}</h2>
          <button type="button" className="link-button" onClick={onClose}>
            Close
          </button>
        </div>
        <input
          className="picker-search"
          // biome-ignore lint/a11y/noAutofocus: the dialog opens to be typed in.
          autoFocus
          type="search"
          placeholder={placeholder}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="compare-picker-search"
          aria-label="Search"
        />
        {items === undefined ? (
          <p className="muted">Loading…</p>
        ) : shown.length === 0 ? (
          <p className="muted">{query ? 'Nothing matches the search.' : emptyText}</p>
        ) : (
          <div className="picker-list" ref={listRef} role="listbox" aria-label={title}>
            {shown.map((item, i) => (
              <div
                key={item.id}
                tabIndex={-1}
                data-index={i}
                role="option"
                aria-selected={i === active}
                className={`picker-item${i === active ? ' active' : ''}`}
                data-testid="compare-picker-item"
                onMouseEnter={() => setActive(i)}
                onClick={() => onPick(item)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onPick(item);
                }}
              >
                {renderItem(item)}
              </div>
            ))}
          </div>
        )}
        {ordered.length > SHOWN && (
          <p className="muted picker-more">{ordered.length - SHOWN} more: refine the search to see them.</p>
        )}
      </div>
    </div>
  );
}
