import { LEVELS, type Level } from '@core/model/types';
import { useMinLevel, useTraceViewStore, useTreeSearch } from './trace-view-store';

interface TreeToolbarProps {
  traceId: string;
  matchCount: number;
  matchIndex: number;
  onJump(step: 1 | -1): void;
  onExpandAll(): void;
  onCollapseAll(): void;
}

/** Search within the trace, the minimum level, and folding everything at once. */
export function TreeToolbar(props: TreeToolbarProps) {
  const { traceId, matchCount, matchIndex, onJump, onExpandAll, onCollapseAll } = props;
  const search = useTreeSearch(traceId);
  const minLevel = useMinLevel(traceId);
  const { setSearch, setMinLevel } = useTraceViewStore.getState();
  return (
    <div className="tree-toolbar">
      <input
        type="search"
        className="search-input tree-search"
        data-testid="tree-search"
        placeholder="Find in trace  ( / )"
        value={search}
        onChange={(e) => setSearch(traceId, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onJump(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            setSearch(traceId, '');
            e.currentTarget.blur();
          }
        }}
      />
      {search.trim() !== '' && (
        <span className="tree-matches muted" data-testid="tree-matches">
          {matchCount === 0 ? 'no match' : `${matchIndex + 1} of ${matchCount}`}
          <button type="button" className="icon-button" aria-label="Previous match" onClick={() => onJump(-1)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label="Next match" onClick={() => onJump(1)}>
            ↓
          </button>
        </span>
      )}
      <select
        className="filter-select"
        aria-label="Minimum level"
        data-testid="tree-level"
        value={minLevel}
        onChange={(e) => setMinLevel(traceId, e.target.value as Level)}
      >
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {l === 'DEBUG' ? 'All levels' : `${l} and worse`}
          </option>
        ))}
      </select>
      <span className="filter-spacer" />
      <button type="button" className="link-button" onClick={onExpandAll}>
        Expand all
      </button>
      <button type="button" className="link-button" onClick={onCollapseAll}>
        Collapse all
      </button>
    </div>
  );
}
