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
  | 'latency'
  | 'tokens'
  | 'cost'
  | 'observations'
  | 'level'
  | 'user'
  | 'session'
  | 'tags'
  | 'environment';

export const DEFAULT_WIDTHS: Record<ColumnId, number> = {
  startTime: 110,
  name: 260,
  latency: 80,
  tokens: 120,
  cost: 104,
  observations: 60,
  level: 96,
  user: 120,
  session: 140,
  tags: 160,
  environment: 100,
};

const DEFAULT_VISIBLE: ColumnId[] = [
  'startTime',
  'name',
  'latency',
  'tokens',
  'cost',
  'observations',
  'level',
  'user',
  'tags',
];

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
      toggleColumn: (id) =>
        set((s) => ({ visible: s.visible.includes(id) ? s.visible.filter((c) => c !== id) : [...s.visible, id] })),
      setWidth: (id, width) => set((s) => ({ widths: { ...s.widths, [id]: Math.max(48, Math.round(width)) } })),
      // A second click on the sorted column flips it; a new column starts with the biggest first.
      sortBy: (key) => set((s) => ({ sort: { key, desc: s.sort.key === key ? !s.sort.desc : key !== 'name' } })),
    }),
    { name: 'loupe.trace-list', version: 1, storage: createJSONStorage(() => localStorage) },
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
  clearFilters: () => {
    set({ filters: NO_FILTERS });
    showInAddress(NO_FILTERS);
  },
  select: (id) => set({ selectedId: id }),
}));

useRouteStore.subscribe(({ route }) => {
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
  const revision = useConnectionStore((s) => s.revision);
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
