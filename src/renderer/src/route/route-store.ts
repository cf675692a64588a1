import { create } from 'zustand';

/** Everything worth deep-linking lives in the hash, so a reload or a copied link lands on the same view. */
export type Route = { view: 'list' } | { view: 'trace'; traceId: string; observationId: string | null };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'trace' && parts[1]) return { view: 'trace', traceId: parts[1], observationId: parts[2] ?? null };
  return { view: 'list' };
}

export function traceHash(traceId: string, observationId?: string | null): string {
  const base = `#/trace/${encodeURIComponent(traceId)}`;
  return observationId ? `${base}/${encodeURIComponent(observationId)}` : base;
}

export const LIST_HASH = '#/';

interface RouteState {
  route: Route;
  /** `replace` keeps the history short for moves within a view (selecting another observation). */
  navigate(hash: string, options?: { replace?: boolean }): void;
}

export const useRouteStore = create<RouteState>()((set) => ({
  route: parseHash(typeof location === 'undefined' ? '' : location.hash),
  navigate: (hash, options) => {
    if (options?.replace) history.replaceState(history.state, '', hash);
    else history.pushState(history.state, '', hash);
    set({ route: parseHash(hash) });
  },
}));

/** Back/forward buttons and typed URLs change the hash behind the store's back. */
export function followLocation(): () => void {
  const sync = () => useRouteStore.setState({ route: parseHash(location.hash) });
  window.addEventListener('popstate', sync);
  window.addEventListener('hashchange', sync);
  return () => {
    window.removeEventListener('popstate', sync);
    window.removeEventListener('hashchange', sync);
  };
}
