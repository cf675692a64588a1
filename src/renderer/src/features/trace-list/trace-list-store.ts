import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { useConnectionStore } from '../../connection/connection-store';
import { type Route, useRouteStore } from '../../route/route-store';
import { tracesWithModel, tracesWithObservationNamed, tracesWithScoreNamed } from '../../store/generation-facts';
import { db } from '../../store/local-db';
import {
  type FilterContext,
  filtersFromQuery,
  filtersToQuery,
  NO_FILTERS,
  type SortOrder,
  sameFilters,
  type TraceFilters,
} from './filter-traces';

export type ColumnId =
  | 'startTime'
  | 'name'
  | 'input'
  | 'output'
  | 'model'
  | 'latency'
  | 'tokens'
  | 'cost'
  | 'scores'
  | 'level'
  | 'errors'
  | 'observations'
  | 'user'
  | 'session'
  | 'tags'
  | 'environment';

/**
 * Widths in pixels, sized to what the cells hold at 12-13 px: numbers fit their longest form under the formatting
 * rules ("99.9k 99.9k→99.9k" tokens, "$0.00001234"), the status fits "DEFAULT · 2 steps failed". The text columns
 * (FLEX) share the spare width, the input preview the most, since it is what tells runs apart.
 */
export const DEFAULT_WIDTHS: Record<ColumnId, number> = {
  startTime: 104,
  name: 160,
  input: 180,
  output: 150,
  model: 130,
  latency: 72,
  tokens: 132,
  cost: 100,
  scores: 150,
  level: 172,
  errors: 64,
  observations: 60,
  user: 120,
  session: 140,
  tags: 160,
  environment: 100,
};

/**
 * Below `COMPACT_BELOW` px of list the default columns would not fit: cells get less padding, the tokens column shows
 * the total only (the split is in its tooltip) and the text columns start narrower. At 1024 px the default columns
 * then fit without scrolling sideways.
 */
export const COMPACT_BELOW = 1380;
export const COMPACT_WIDTHS: Record<ColumnId, number> = {
  startTime: 96,
  name: 100,
  input: 110,
  output: 110,
  model: 90,
  latency: 70,
  tokens: 64,
  cost: 92,
  scores: 96,
  level: 162,
  errors: 56,
  observations: 52,
  user: 96,
  session: 110,
  tags: 112,
  environment: 90,
};

/** Columns that take the spare width, in shares of it; their width is then their minimum. */
export const FLEX: Partial<Record<ColumnId, number>> = { name: 1, input: 2, output: 1.5 };

const DEFAULT_VISIBLE: ColumnId[] = [
  'startTime',
  'name',
  'input',
  'model',
  'latency',
  'tokens',
  'cost',
  'scores',
  'level',
  'tags',
];

/** Columns added since version 1 of the saved preferences, shown to those who saved theirs before. */
const ADDED_IN_2: ColumnId[] = ['input', 'model', 'scores'];

/** Every column in the order the Columns menu lists them and the list shows them. */
export const COLUMN_ORDER = Object.keys(DEFAULT_WIDTHS) as ColumnId[];

/** Preferences that outlive a reload: which columns show, how wide, and the sort. */
interface PrefsState {
  visible: ColumnId[];
  widths: Partial<Record<ColumnId, number>>;
  sort: SortOrder;
  toggleColumn(id: ColumnId): void;
  setWidth(id: ColumnId, width: number): void;
  sortBy(key: SortOrder['key']): void;
}

export const useListPrefsStore = create<PrefsState>()(
  persist(
    (set) => ({
      visible: DEFAULT_VISIBLE,
      widths: {},
      sort: { key: 'startTime', desc: true },
      // A column shown again goes back to its place, not to the end of the row.
      toggleColumn: (id) =>
        set((s) => ({
          visible: s.visible.includes(id)
            ? s.visible.filter((c) => c !== id)
            : COLUMN_ORDER.filter((c) => c === id || s.visible.includes(c)),
        })),
      setWidth: (id, width) => set((s) => ({ widths: { ...s.widths, [id]: Math.max(48, Math.round(width)) } })),
      // A second click on the sorted column flips it; a new column starts with the biggest first.
      sortBy: (key) => set((s) => ({ sort: { key, desc: s.sort.key === key ? !s.sort.desc : key !== 'name' } })),
    }),
    {
      name: 'loupe.trace-list',
      version: 2,
      storage: createJSONStorage(() => localStorage),
      // Version 1 gave the name column the spare width and no input, model or scores: add them in their place, and
      // drop the saved name width, which was a minimum sized for taking the whole row.
      migrate: (saved, version) => {
        const s = saved as Partial<PrefsState>;
        if (version >= 2) return s as PrefsState;
        const visible = new Set([...(s.visible ?? DEFAULT_VISIBLE), ...ADDED_IN_2]);
        const order = COLUMN_ORDER.filter((id) => visible.has(id));
        const { name: _name, ...widths } = s.widths ?? {};
        return { ...s, visible: order, widths } as PrefsState;
      },
    },
  ),
);

/** The list's address with these filters: a link to it shows exactly the same traces. */
export function listHash(filters: TraceFilters): string {
  const query = filtersToQuery(filters);
  return query === '' ? '#/' : `#/?${query}`;
}

/**
 * Filters live in the list's hash, so a link or a reload shows the same traces and Back returns to where a link
 * was clicked. A list address without filters (the "Traces" tab, "← All traces") keeps the ones set before.
 */
interface FilterState {
  filters: TraceFilters;
  selectedId: string | null;
  setFilter<K extends keyof TraceFilters>(key: K, value: TraceFilters[K]): void;
  setFilters(filters: TraceFilters): void;
  /** Every filter back to "any"; the search stays. */
  clearFilters(): void;
  select(id: string | null): void;
}

function filtersOf(route: Route): TraceFilters | null {
  return route.view === 'list' && route.query !== '' ? filtersFromQuery(route.query) : null;
}

/** Changing a filter replaces the address rather than adding to the history: Back leaves the list. */
function showInAddress(filters: TraceFilters): void {
  const { route, navigate } = useRouteStore.getState();
  if (route.view === 'list' && filtersToQuery(filters) !== route.query) navigate(listHash(filters), { replace: true });
}

export const useTraceFilterStore = create<FilterState>()((set) => ({
  filters: (typeof location !== 'undefined' && filtersOf(useRouteStore.getState().route)) || NO_FILTERS,
  selectedId: null,
  setFilter: (key, value) => {
    set((s) => ({ filters: { ...s.filters, [key]: value } }));
    showInAddress(useTraceFilterStore.getState().filters);
  },
  setFilters: (filters) => {
    set({ filters });
    showInAddress(filters);
  },
  // The search is not a filter: "Clear filters" leaves what was typed in the search box.
  clearFilters: () => {
    set((s) => ({ filters: { ...NO_FILTERS, search: s.filters.search } }));
    showInAddress(useTraceFilterStore.getState().filters);
  },
  select: (id) => set({ selectedId: id }),
}));

useRouteStore.subscribe(({ route }) => {
  // The trace open is the list's selection, however it was opened: back in the list, j/k go on from it.
  if (route.view === 'trace') {
    if (useTraceFilterStore.getState().selectedId !== route.traceId)
      useTraceFilterStore.setState({ selectedId: route.traceId });
    return;
  }
  if (route.view !== 'list') return;
  const { filters } = useTraceFilterStore.getState();
  const fromAddress = filtersOf(route);
  if (fromAddress === null) showInAddress(filters);
  else if (!sameFilters(fromAddress, filters)) useTraceFilterStore.setState({ filters: fromAddress });
});

const lookups = {
  model: tracesWithModel,
  observation: tracesWithObservationNamed,
  score: tracesWithScoreNamed,
} as const;

/** The traces one lookup filter admits; null while it runs or when the filter is not set. */
function useLookup(kind: keyof typeof lookups, value: string): ReadonlySet<string> | null {
  // Only a set filter follows the revision: the list does not render again for each stored batch otherwise.
  const revision = useConnectionStore((s) => (value ? s.revision : 0));
  const [found, setFound] = useState<{ value: string; ids: ReadonlySet<string> } | null>(null);
  // The revision looks again when new traces are stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (!value) return;
    let live = true;
    lookups[kind](db, value).then(
      (ids) => live && setFound({ value, ids }),
      () => live && setFound({ value, ids: new Set() }),
    );
    return () => {
      live = false;
    };
  }, [kind, value, revision]);
  return value && found?.value === value ? found.ids : null;
}

/** The lookup sets `matches()` needs for the model, observation-name and score-name filters, from indexes. */
export function useFilterLookups(
  filters: TraceFilters,
): Pick<FilterContext, 'modelMatches' | 'observationMatches' | 'scoreMatches'> {
  return {
    modelMatches: useLookup('model', filters.model),
    observationMatches: useLookup('observation', filters.observation),
    scoreMatches: useLookup('score', filters.score),
  };
}
