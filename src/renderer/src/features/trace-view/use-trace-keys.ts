import { stepFrom, type TraceSkeleton } from '@core/tree/skeleton';
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../../lib/keys';
import { LIST_HASH, TRACE_TABS, type TraceTab, traceHash, useRouteStore } from '../../route/route-store';

interface TraceKeys {
  traceId: string;
  tab: TraceTab;
  selectedId: string | null;
  /** The tree j/k move through, in its order; null while it loads. */
  skeleton: TraceSkeleton | null;
  onSelect(id: string): void;
}

/**
 * Keys of the trace view wherever the focus is (outside text fields): j/k and the arrows move through the
 * observations, [ and ] switch views, Esc goes back to the list. The focused tree handles its own keys.
 */
export function useTraceKeys(keys: TraceKeys): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const { traceId, tab, selectedId, skeleton, onSelect } = latest.current;
      const { navigate } = useRouteStore.getState();
      const move = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
      if (move !== 0) {
        const next = skeleton ? stepFrom(skeleton, selectedId, move) : null;
        if (next) onSelect(next);
      } else if (e.key === '[' || e.key === ']') {
        const i = TRACE_TABS.indexOf(tab) + (e.key === ']' ? 1 : -1);
        const next = TRACE_TABS[(i + TRACE_TABS.length) % TRACE_TABS.length] ?? 'tree';
        navigate(traceHash(traceId, selectedId, next), { replace: true });
      } else if (e.key === 'Escape' && !document.querySelector('[data-overlay-open]')) {
        navigate(LIST_HASH);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
