import { create } from 'zustand';

const NONE: ReadonlySet<string> = new Set();

/**
 * Per-trace UI state that is not worth a URL: which subtrees are collapsed. It belongs to one trace;
 * opening another starts from everything expanded.
 */
interface TraceViewState {
  traceId: string | null;
  collapsed: ReadonlySet<string>;
  toggle(traceId: string, nodeId: string): void;
  setCollapsed(traceId: string, nodeId: string, collapsed: boolean): void;
}

export const useTraceViewStore = create<TraceViewState>()((set) => ({
  traceId: null,
  collapsed: NONE,
  toggle: (traceId, nodeId) =>
    set((s) => {
      const current = s.traceId === traceId ? s.collapsed : NONE;
      return { traceId, collapsed: withToggled(current, nodeId, !current.has(nodeId)) };
    }),
  setCollapsed: (traceId, nodeId, collapsed) =>
    set((s) => {
      const current = s.traceId === traceId ? s.collapsed : NONE;
      if (current.has(nodeId) === collapsed) return s;
      return { traceId, collapsed: withToggled(current, nodeId, collapsed) };
    }),
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
