import type { Level } from '@core/model/types';
import { create } from 'zustand';

const NONE: ReadonlySet<string> = new Set();

/**
 * Per-trace UI state that is not worth a URL: collapsed subtrees, the search within the trace and the
 * minimum level. It belongs to one trace; opening another starts afresh.
 */
interface TraceViewState {
  traceId: string | null;
  collapsed: ReadonlySet<string>;
  search: string;
  minLevel: Level;
  toggle(traceId: string, nodeId: string): void;
  setCollapsed(traceId: string, nodeId: string, collapsed: boolean): void;
  setAllCollapsed(traceId: string, ids: ReadonlySet<string>): void;
  expandAll(traceId: string, ids: readonly string[]): void;
  setSearch(traceId: string, search: string): void;
  setMinLevel(traceId: string, level: Level): void;
}

/** The state for `traceId`, reset when it belongs to another trace. */
function forTrace(s: TraceViewState, traceId: string) {
  return s.traceId === traceId
    ? { traceId, collapsed: s.collapsed, search: s.search, minLevel: s.minLevel }
    : { traceId, collapsed: NONE, search: '', minLevel: 'DEBUG' as Level };
}

export const useTraceViewStore = create<TraceViewState>()((set) => ({
  traceId: null,
  collapsed: NONE,
  search: '',
  minLevel: 'DEBUG',
  toggle: (traceId, nodeId) =>
    set((s) => {
      const t = forTrace(s, traceId);
      return { ...t, collapsed: withToggled(t.collapsed, nodeId, !t.collapsed.has(nodeId)) };
    }),
  setCollapsed: (traceId, nodeId, collapsed) =>
    set((s) => {
      const t = forTrace(s, traceId);
      if (t.collapsed.has(nodeId) === collapsed) return t;
      return { ...t, collapsed: withToggled(t.collapsed, nodeId, collapsed) };
    }),
  setAllCollapsed: (traceId, ids) => set((s) => ({ ...forTrace(s, traceId), collapsed: ids })),
  expandAll: (traceId, ids) =>
    set((s) => {
      const t = forTrace(s, traceId);
      const next = new Set(t.collapsed);
      for (const id of ids) next.delete(id);
      return { ...t, collapsed: next };
    }),
  setSearch: (traceId, search) => set((s) => ({ ...forTrace(s, traceId), search })),
  setMinLevel: (traceId, minLevel) => set((s) => ({ ...forTrace(s, traceId), minLevel })),
}));

function withToggled(set: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/** The collapsed set of this trace (empty when the store holds another trace's). */
export function useCollapsed(traceId: string): ReadonlySet<string> {
  return useTraceViewStore((s) => (s.traceId === traceId ? s.collapsed : NONE));
}

export function useTreeSearch(traceId: string): string {
  return useTraceViewStore((s) => (s.traceId === traceId ? s.search : ''));
}

export function useMinLevel(traceId: string): Level {
  return useTraceViewStore((s) => (s.traceId === traceId ? s.minLevel : 'DEBUG'));
}
