import { LEVELS, type Level, type TraceSummary } from '@core/model/types';
import { useMemo, useState } from 'react';
import { db } from '../../store/local-db';
import { modelNames } from './body-search';
import { COLUMNS } from './columns';
import { activeFilterCount, distinctValues, type TraceFilters } from './filter-traces';
import { useListPrefsStore, useTraceFilterStore } from './trace-list-store';

const RANGES: [string, number | null][] = [
  ['All time', null],
  ['Last 15 minutes', 15 * 60_000],
  ['Last hour', 3_600_000],
  ['Last 24 hours', 86_400_000],
  ['Last 7 days', 7 * 86_400_000],
];

function Select({ label, field, options }: { label: string; field: keyof TraceFilters; options: string[] }) {
  const value = useTraceFilterStore((s) => s.filters[field]) as string;
  if (options.length === 0 && !value) return null;
  return (
    <select
      className="filter-select"
      aria-label={label}
      data-testid={`filter-${field}`}
      value={value}
      onChange={(e) => useTraceFilterStore.getState().setFilter(field, e.target.value as never)}
    >
      <option value="">{`Any ${label.toLowerCase()}`}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

/**
 * Model names come from every observation row, so they are read when the menu is opened rather than on each
 * arriving batch.
 */
function ModelSelect() {
  const value = useTraceFilterStore((s) => s.filters.model);
  const [models, setModels] = useState<string[]>([]);
  const load = () => {
    modelNames(db).then(setModels, () => setModels([]));
  };
  return (
    <select
      className="filter-select"
      aria-label="Model"
      data-testid="filter-model"
      value={value}
      onFocus={load}
      onPointerDown={load}
      onChange={(e) => useTraceFilterStore.getState().setFilter('model', e.target.value)}
    >
      <option value="">Any model</option>
      {[...new Set(value ? [value, ...models] : models)].map((m) => (
        <option key={m} value={m}>
          {m}
        </option>
      ))}
    </select>
  );
}

export function ColumnsMenu() {
  const visible = useListPrefsStore((s) => s.visible);
  const [open, setOpen] = useState(false);
  return (
    <div className="columns-menu">
      <button type="button" className="filter-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open && (
        <div className="columns-panel" role="dialog" aria-label="Columns">
          {COLUMNS.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={visible.includes(c.id)}
                disabled={c.id === 'name'}
                onChange={() => useListPrefsStore.getState().toggleColumn(c.id)}
              />
              {c.label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

/** Search and filters over the list; menus offer the values present in the stored traces. */
export function FilterBar({ traces }: { traces: readonly TraceSummary[] }) {
  const filters = useTraceFilterStore((s) => s.filters);
  const { setFilter, clearFilters } = useTraceFilterStore.getState();
  const options = useMemo(
    () => ({
      name: distinctValues(traces, (t) => (t.name ? [t.name] : [])),
      user: distinctValues(traces, (t) => (t.userId ? [t.userId] : [])),
      session: distinctValues(traces, (t) => (t.sessionId ? [t.sessionId] : [])),
      tag: distinctValues(traces, (t) => t.tags),
      environment: distinctValues(traces, (t) => [t.environment]),
    }),
    [traces],
  );
  const active = activeFilterCount(filters);
  return (
    <div className="filter-bar">
      <input
        className="search-input"
        type="search"
        data-testid="trace-search"
        placeholder="Search names, inputs and outputs  ( / )"
        value={filters.search}
        onChange={(e) => setFilter('search', e.target.value)}
      />
      <Select label="Name" field="name" options={options.name} />
      <select
        className="filter-select"
        aria-label="Minimum level"
        data-testid="filter-level"
        value={filters.minLevel}
        onChange={(e) => setFilter('minLevel', e.target.value as Level)}
      >
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {l === 'DEBUG' ? 'Any level' : `${l} and worse`}
          </option>
        ))}
      </select>
      <Select label="User" field="user" options={options.user} />
      <Select label="Session" field="session" options={options.session} />
      <Select label="Tag" field="tag" options={options.tag} />
      <ModelSelect />
      <Select label="Environment" field="environment" options={options.environment} />
      <select
        className="filter-select"
        aria-label="Time range"
        value={filters.withinMs ?? ''}
        onChange={(e) => setFilter('withinMs', e.target.value === '' ? null : Number(e.target.value))}
      >
        {RANGES.map(([label, ms]) => (
          <option key={label} value={ms ?? ''}>
            {label}
          </option>
        ))}
      </select>
      <label className="filter-check">
        <input
          type="checkbox"
          data-testid="filter-has-error"
          checked={filters.hasError}
          onChange={(e) => setFilter('hasError', e.target.checked)}
        />
        Has error
      </label>
      {active > 0 && (
        <button type="button" className="link-button" onClick={clearFilters}>
          Clear {active} filter{active === 1 ? '' : 's'}
        </button>
      )}
    </div>
  );
}
