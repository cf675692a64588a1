import { LEVELS, type Level, type TraceSummary } from '@core/model/types';

/** What the list is narrowed to. Empty strings and nulls mean "any". */
export interface TraceFilters {
  name: string;
  minLevel: Level;
  user: string;
  session: string;
  tag: string;
  model: string;
  environment: string;
  /** Only traces that started within this many milliseconds before now; null for all time. */
  withinMs: number | null;
  hasError: boolean;
  /** Free text matched against names here, and against inputs and outputs by the body scan. */
  search: string;
}

export const NO_FILTERS: TraceFilters = {
  name: '',
  minLevel: 'DEBUG',
  user: '',
  session: '',
  tag: '',
  model: '',
  environment: '',
  withinMs: null,
  hasError: false,
  search: '',
};

export type SortKey =
  | 'startTime'
  | 'name'
  | 'latency'
  | 'tokens'
  | 'cost'
  | 'observations'
  | 'level'
  | 'user'
  | 'session'
  | 'environment';

export interface SortOrder {
  key: SortKey;
  desc: boolean;
}

const severity = (level: Level) => LEVELS.indexOf(level);

function sortValue(t: TraceSummary, key: SortKey): number | string {
  switch (key) {
    case 'startTime':
      return t.startTime;
    case 'name':
      return (t.name ?? '').toLowerCase();
    case 'latency':
      return t.latencyMs;
    case 'tokens':
      return t.totalTokens;
    case 'cost':
      return t.totalCost;
    case 'observations':
      return t.observationCount;
    case 'level':
      return severity(t.worstLevel);
    case 'user':
      return t.userId ?? '';
    case 'session':
      return t.sessionId ?? '';
    case 'environment':
      return t.environment;
  }
}

export interface FilterContext {
  now: number;
  /** Traces that use the filtered model; null when no model filter is set or the lookup is still running. */
  modelMatches: ReadonlySet<string> | null;
  /** Traces whose inputs or outputs contain the search text, as far as the body scan has got. */
  textMatches: ReadonlySet<string>;
}

export function matches(t: TraceSummary, f: TraceFilters, ctx: FilterContext): boolean {
  if (f.name && t.name !== f.name) return false;
  if (severity(t.worstLevel) < severity(f.minLevel)) return false;
  if (f.hasError && t.worstLevel !== 'ERROR') return false;
  if (f.user && t.userId !== f.user) return false;
  if (f.session && t.sessionId !== f.session) return false;
  if (f.tag && !t.tags.includes(f.tag)) return false;
  if (f.environment && t.environment !== f.environment) return false;
  if (f.withinMs !== null && t.startTime < ctx.now - f.withinMs) return false;
  if (f.model && !ctx.modelMatches?.has(t.id)) return false;
  const q = f.search.trim().toLowerCase();
  if (q) {
    const inName = (t.name ?? '').toLowerCase().includes(q) || t.id.startsWith(q);
    if (!inName && !ctx.textMatches.has(t.id)) return false;
  }
  return true;
}

/** Filters and sorts; ties keep the newest first so live arrivals land in a predictable place. */
export function filterAndSort(
  traces: readonly TraceSummary[],
  f: TraceFilters,
  sort: SortOrder,
  ctx: FilterContext,
): TraceSummary[] {
  const out = traces.filter((t) => matches(t, f, ctx));
  const dir = sort.desc ? -1 : 1;
  out.sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va < vb) return -dir;
    if (va > vb) return dir;
    return b.startTime - a.startTime || (a.id < b.id ? -1 : 1);
  });
  return out;
}

/** Distinct values of one field, most frequent first, for the filter menus. */
export function distinctValues(
  traces: readonly TraceSummary[],
  pick: (t: TraceSummary) => readonly string[],
): string[] {
  const counts = new Map<string, number>();
  for (const t of traces) for (const v of pick(t)) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

export function activeFilterCount(f: TraceFilters): number {
  let n = 0;
  for (const key of Object.keys(NO_FILTERS) as (keyof TraceFilters)[])
    if (key !== 'search' && f[key] !== NO_FILTERS[key]) n++;
  return n;
}
