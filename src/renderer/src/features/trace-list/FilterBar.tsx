import { LEVELS, type Level, type TraceSummary } from '@core/model/types';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useDismiss } from '../../lib/use-dismiss';
import { modelNames, observationNames, scoreNames } from '../../store/generation-facts';
import { db } from '../../store/local-db';
import { COLUMNS } from './columns';
import { activeFilterCount, distinctValues } from './filter-traces';
import { COLUMN_ORDER, useListPrefsStore, useTraceFilterStore } from './trace-list-store';

const RANGES: [string, number | null][] = [
  ['All time', null],
  ['Last 15 minutes', 15 * 60_000],
  ['Last hour', 3_600_000],
  ['Last 24 hours', 86_400_000],
  ['Last 7 days', 7 * 86_400_000],
];

type TextField = 'name' | 'user' | 'session' | 'tag' | 'environment' | 'release' | 'version';

/**
 * A menu of the values present in the stored traces. Its options are in the page only while it is in use (focused,
 * or pressed to open): a session menu holds one per session, and while traces stream in, each arrival would lay
 * them all out again.
 */
function Select({ label, field, options }: { label: string; field: TextField; options: string[] }) {
  const value = useTraceFilterStore((s) => s.filters[field]);
  const [open, setOpen] = useState(false);
  if (options.length === 0 && !value) return null;
  const shown = open ? [...new Set(value ? [value, ...options] : options)] : value ? [value] : [];
  return (
    <select
      className="filter-select"
      aria-label={label}
      data-testid={`filter-${field}`}
      value={value}
      onFocus={() => setOpen(true)}
      onPointerDown={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onChange={(e) => useTraceFilterStore.getState().setFilter(field, e.target.value)}
    >
      <option value="">{`Any ${label.toLowerCase()}`}</option>
      {shown.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

/**
 * Menus whose values come from an index (models, observation names, score names): read when the menu is opened
 * rather than on each arriving batch.
 */
function LookupSelect({
  label,
  field,
  load,
}: {
  label: string;
  field: 'model' | 'observation' | 'score';
  load: () => Promise<string[]>;
}) {
  const value = useTraceFilterStore((s) => s.filters[field]);
  const [options, setOptions] = useState<string[]>([]);
  const refresh = () => {
    load().then(setOptions, () => setOptions([]));
  };
  return (
    <select
      className="filter-select"
      aria-label={label}
      data-testid={`filter-${field}`}
      value={value}
      onFocus={refresh}
      onPointerDown={refresh}
      onChange={(e) => useTraceFilterStore.getState().setFilter(field, e.target.value)}
    >
      <option value="">{`Any ${label.toLowerCase()}`}</option>
      {[...new Set(value ? [value, ...options] : options)].map((m) => (
        <option key={m} value={m}>
          {m}
        </option>
      ))}
    </select>
  );
}

/** `datetime-local` works in local wall-clock time without a zone: convert both ways through Date. */
function toLocalInput(t: number | null): string {
  if (t === null) return '';
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): number | null {
  const t = new Date(value).getTime();
  return value && Number.isFinite(t) ? t : null;
}

const shortTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** One removable chip per active filter, so what narrows the list is always visible. */
function FilterChips() {
  const f = useTraceFilterStore((s) => s.filters);
  const { setFilter, setFilters } = useTraceFilterStore.getState();
  const chips: { key: string; label: string; clear: () => void }[] = [];
  const text: [TextField | 'model' | 'observation' | 'score', string][] = [
    ['name', 'Name'],
    ['model', 'Model'],
    ['observation', 'Has observation'],
    ['score', 'Has score'],
    ['user', 'User'],
    ['session', 'Session'],
    ['tag', 'Tag'],
    ['environment', 'Environment'],
    ['release', 'Release'],
    ['version', 'Version'],
  ];
  for (const [key, label] of text)
    if (f[key]) chips.push({ key, label: `${label}: ${f[key]}`, clear: () => setFilter(key, '') });
  if (f.from !== null || f.to !== null) {
    const from = f.from === null ? '…' : shortTime.format(f.from);
    const to = f.to === null ? '…' : shortTime.format(f.to);
    chips.push({
      key: 'range',
      label: `Started ${from} – ${to}`,
      clear: () => setFilters({ ...f, from: null, to: null }),
    });
  }
  if (f.withinMs !== null) {
    const label = RANGES.find(([, ms]) => ms === f.withinMs)?.[0] ?? `Last ${Math.round(f.withinMs / 60_000)} minutes`;
    chips.push({ key: 'within', label, clear: () => setFilter('withinMs', null) });
  }
  if (f.minLevel !== 'DEBUG')
    chips.push({ key: 'level', label: `${f.minLevel} and worse`, clear: () => setFilter('minLevel', 'DEBUG') });
  if (f.hasError) chips.push({ key: 'errors', label: 'Errors only', clear: () => setFilter('hasError', false) });
  if (chips.length === 0) return null;
  return (
    <div className="filter-chips" data-testid="filter-chips">
      {chips.map((c) => (
        <span key={c.key} className="filter-chip" data-testid={`chip-${c.key}`}>
          {c.label}
          <button type="button" aria-label={`Remove filter ${c.label}`} onClick={c.clear}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}

/** Which columns show. A popover: Esc or a click outside closes it, and the focus goes back to its button. */
export function ColumnsMenu() {
  const visible = useListPrefsStore((s) => s.visible);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback((next: boolean) => {
    setOpen(next);
    // A click outside lands where it was aimed; Esc brings the focus back from the panel to the button.
    if (!next && root.current?.contains(document.activeElement)) button.current?.focus();
  }, []);
  useDismiss(open, root, close);
  const byOrder = COLUMN_ORDER.flatMap((id) => COLUMNS.find((c) => c.id === id) ?? []);
  return (
    <div className="columns-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="filter-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
      >
        Columns
      </button>
      {open && (
        <div className="columns-panel" role="dialog" aria-label="Columns">
          {byOrder.map((c) => (
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
  const { setFilter, setFilters, clearFilters } = useTraceFilterStore.getState();
  const options = useMemo(
    () => ({
      name: distinctValues(traces, (t) => (t.name ? [t.name] : [])),
      user: distinctValues(traces, (t) => (t.userId ? [t.userId] : [])),
      session: distinctValues(traces, (t) => (t.sessionId ? [t.sessionId] : [])),
      tag: distinctValues(traces, (t) => (Array.isArray(t.tags) ? t.tags : [])),
      environment: distinctValues(traces, (t) => [t.environment]),
      release: distinctValues(traces, (t) => (t.release ? [t.release] : [])),
      version: distinctValues(traces, (t) => (t.version ? [t.version] : [])),
    }),
    [traces],
  );
  const custom = filters.from !== null || filters.to !== null;
  const active = activeFilterCount(filters);
  return (
    <>
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
        <LookupSelect label="Model" field="model" load={() => modelNames(db)} />
        <LookupSelect label="Observation" field="observation" load={() => observationNames(db)} />
        <LookupSelect label="Score" field="score" load={() => scoreNames(db)} />
        <Select label="Environment" field="environment" options={options.environment} />
        <Select label="Release" field="release" options={options.release} />
        <Select label="Version" field="version" options={options.version} />
        <select
          className="filter-select"
          aria-label="Time range"
          data-testid="filter-range"
          value={custom ? 'custom' : (filters.withinMs ?? '')}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'custom') setFilters({ ...filters, withinMs: null, from: Date.now() - 86_400_000, to: null });
            else setFilters({ ...filters, from: null, to: null, withinMs: v === '' ? null : Number(v) });
          }}
        >
          {RANGES.map(([label, ms]) => (
            <option key={label} value={ms ?? ''}>
              {label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
        {custom && (
          <>
            <input
              className="filter-select"
              type="datetime-local"
              aria-label="Started from"
              data-testid="filter-from"
              value={toLocalInput(filters.from)}
              onChange={(e) => setFilter('from', fromLocalInput(e.target.value))}
            />
            <input
              className="filter-select"
              type="datetime-local"
              aria-label="Started before"
              data-testid="filter-to"
              value={toLocalInput(filters.to)}
              onChange={(e) => setFilter('to', fromLocalInput(e.target.value))}
            />
          </>
        )}
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
            Clear {active === 1 ? 'filter' : `${active} filters`}
          </button>
        )}
      </div>
      <FilterChips />
    </>
  );
}
