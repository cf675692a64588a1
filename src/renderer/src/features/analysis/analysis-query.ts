import { type AnalysisFilters, NO_ANALYSIS_FILTERS } from '@core/analysis/types';
import { NO_FILTERS, type TraceFilters } from '../trace-list/filter-traces';
import { listHash } from '../trace-list/trace-list-store';

/** Ranges offered; `today` and `week` follow the local calendar (weeks start on Monday). */
export const RANGES = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['today', 'Today'],
  ['7d', 'Last 7 days'],
  ['week', 'This week'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
  ['custom', 'Custom…'],
] as const;
export type RangeKey = (typeof RANGES)[number][0];

export interface AnalysisParams {
  range: RangeKey;
  /** Only for `custom`: epoch ms. */
  from: number | null;
  to: number | null;
  filters: AnalysisFilters;
}

const DEFAULT_RANGE: RangeKey = '7d';

const FILTER_PARAM: Record<keyof AnalysisFilters, string> = {
  environment: 'env',
  name: 'name',
  user: 'user',
  session: 'session',
  tag: 'tag',
  release: 'release',
  version: 'version',
};

function time(value: string | null): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

export function parseAnalysisQuery(query: string): AnalysisParams {
  const p = new URLSearchParams(query);
  const range = RANGES.find(([key]) => key === p.get('range'))?.[0] ?? DEFAULT_RANGE;
  const filters = { ...NO_ANALYSIS_FILTERS };
  for (const [key, name] of Object.entries(FILTER_PARAM) as [keyof AnalysisFilters, string][])
    filters[key] = p.get(name) ?? '';
  return { range, from: time(p.get('from')), to: time(p.get('to')), filters };
}

export function analysisHash(params: AnalysisParams): string {
  const p = new URLSearchParams();
  if (params.range !== DEFAULT_RANGE) p.set('range', params.range);
  if (params.range === 'custom') {
    if (params.from !== null) p.set('from', new Date(params.from).toISOString());
    if (params.to !== null) p.set('to', new Date(params.to).toISOString());
  }
  for (const [key, name] of Object.entries(FILTER_PARAM) as [keyof AnalysisFilters, string][])
    if (params.filters[key]) p.set(name, params.filters[key]);
  const query = p.toString();
  return query === '' ? '#/analysis' : `#/analysis?${query}`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Local midnight of the day holding `t`, `daysBack` days earlier. */
function localMidnight(t: number, daysBack = 0): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - daysBack).getTime();
}

/** The absolute [from, to) of a range at `now`, in the browser's time zone. */
export function resolveRange(params: AnalysisParams, now: number): { from: number; to: number } {
  // `to` a minute ahead: a trace stamped by a clock slightly ahead of this one still counts as now.
  const end = now + 60_000;
  switch (params.range) {
    case '1h':
      return { from: now - HOUR, to: end };
    case '24h':
      return { from: now - DAY, to: end };
    case 'today':
      return { from: localMidnight(now), to: end };
    case 'week':
      return { from: localMidnight(now, (new Date(now).getDay() + 6) % 7), to: end };
    case '30d':
      return { from: now - 30 * DAY, to: end };
    case '90d':
      return { from: now - 90 * DAY, to: end };
    case 'custom': {
      const from = params.from ?? now - 7 * DAY;
      const to = params.to ?? end;
      return to > from ? { from, to } : { from: to, to: from };
    }
    default:
      return { from: now - 7 * DAY, to: end };
  }
}

/**
 * The trace list showing exactly the traces behind a figure: same trace filters, the range (or one bucket of it),
 * and what the figure is about (a model, a step's name, errors).
 */
export function listLink(
  filters: AnalysisFilters,
  range: { from: number; to: number },
  extra: Partial<Pick<TraceFilters, 'model' | 'observation' | 'hasError' | 'minLevel'>> = {},
): string {
  return listHash({
    ...NO_FILTERS,
    environment: filters.environment,
    name: filters.name,
    user: filters.user,
    session: filters.session,
    tag: filters.tag,
    release: filters.release,
    version: filters.version,
    from: range.from,
    to: range.to,
    ...extra,
  });
}
