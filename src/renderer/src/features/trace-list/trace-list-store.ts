import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { NO_FILTERS, type SortOrder, type TraceFilters } from './filter-traces';

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

/** Filters live for the page's lifetime (not persisted: a forgotten filter hiding new traces is worse). */
interface FilterState {
  filters: TraceFilters;
  selectedId: string | null;
  setFilter<K extends keyof TraceFilters>(key: K, value: TraceFilters[K]): void;
  clearFilters(): void;
  select(id: string | null): void;
}

export const useTraceFilterStore = create<FilterState>()((set) => ({
  filters: NO_FILTERS,
  selectedId: null,
  setFilter: (key, value) => set((s) => ({ filters: { ...s.filters, [key]: value } })),
  clearFilters: () => set({ filters: NO_FILTERS }),
  select: (id) => set({ selectedId: id }),
}));
