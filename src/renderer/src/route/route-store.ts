import { create } from 'zustand';

/** The three ways of looking at one trace. */
export const TRACE_TABS = ['tree', 'timeline', 'graph'] as const;
export type TraceTab = (typeof TRACE_TABS)[number];

/** Everything worth deep-linking lives in the hash, so a reload or a copied link lands on the same view. */
export type Route =
  /** `query` holds the list's filters (see trace-list/filter-traces.ts); empty for none given. */
  | { view: 'list'; query: string }
  /** `query` holds the range and filters (see analysis/analysis-query.ts). */
  | { view: 'analysis'; query: string }
  | { view: 'sessions' }
  | { view: 'settings' }
  | { view: 'connect' }
  /** OTLP log records that came without a trace id. */
  | { view: 'logs' }
  | { view: 'session'; sessionId: string }
  | { view: 'trace'; traceId: string; observationId: string | null; tab: TraceTab }
  | { view: 'compare'; traceA: string; traceB: string; observationA: string | null; observationB: string | null };

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'trace' && parts[1]) {
    const tab = new URLSearchParams(query).get('view');
    return {
      view: 'trace',
      traceId: parts[1],
      observationId: parts[2] ?? null,
      tab: TRACE_TABS.includes(tab as TraceTab) ? (tab as TraceTab) : 'tree',
    };
  }
  if (parts[0] === 'compare' && parts[1] && parts[2]) {
    const params = new URLSearchParams(query);
    return {
      view: 'compare',
      traceA: parts[1],
      traceB: parts[2],
      observationA: params.get('a') || null,
      observationB: params.get('b') || null,
    };
  }
  if (parts[0] === 'sessions') return parts[1] ? { view: 'session', sessionId: parts[1] } : { view: 'sessions' };
  if (parts[0] === 'analysis') return { view: 'analysis', query };
  if (parts[0] === 'settings') return { view: 'settings' };
  if (parts[0] === 'connect') return { view: 'connect' };
  if (parts[0] === 'logs') return { view: 'logs' };
  return { view: 'list', query: parts.length === 0 ? query : '' };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function traceHash(traceId: string, observationId?: string | null, tab: TraceTab = 'tree'): string {
  const base = `#/trace/${encodeURIComponent(traceId)}`;
  const path = observationId ? `${base}/${encodeURIComponent(observationId)}` : base;
  return tab === 'tree' ? path : `${path}?view=${tab}`;
}

/** Two traces side by side; with observation ids, that pair is selected (two generations compared directly). */
export function compareHash(
  traceA: string,
  traceB: string,
  observationA?: string | null,
  observationB?: string | null,
): string {
  const base = `#/compare/${encodeURIComponent(traceA)}/${encodeURIComponent(traceB)}`;
  const params = new URLSearchParams();
  if (observationA) params.set('a', observationA);
  if (observationB) params.set('b', observationB);
  const query = params.toString();
  return query === '' ? base : `${base}?${query}`;
}

export function sessionHash(sessionId: string): string {
  return `#/sessions/${encodeURIComponent(sessionId)}`;
}

export const LIST_HASH = '#/';
export const SESSIONS_HASH = '#/sessions';
export const ANALYSIS_HASH = '#/analysis';
export const SETTINGS_HASH = '#/settings';
export const CONNECT_HASH = '#/connect';

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
