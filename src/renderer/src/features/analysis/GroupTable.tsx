import { type GroupRow, NO_MODEL } from '@core/analysis/types';
import { useState } from 'react';
import { formatCost, formatTokens } from '../../lib/format';
import { useRouteStore } from '../../route/route-store';
import { milliseconds, percent } from './analysis-format';

type SortKey = Exclude<
  keyof GroupRow,
  'p50LatencyMs' | 'p99LatencyMs' | 'p50TtftMs' | 'traces' | 'errors' | 'inferredCalls'
>;

const COLUMNS: { key: SortKey; label: string; title?: string; show: (r: GroupRow) => string }[] = [
  { key: 'calls', label: 'Calls', show: (r) => r.calls.toLocaleString('en-US') },
  { key: 'avgLatencyMs', label: 'Avg latency', show: (r) => milliseconds(r.avgLatencyMs) },
  { key: 'p95LatencyMs', label: 'p95 latency', show: (r) => milliseconds(r.p95LatencyMs) },
  {
    key: 'p95TtftMs',
    label: 'p95 TTFT',
    title: 'Time to first token, 95th percentile',
    show: (r) => milliseconds(r.p95TtftMs),
  },
  { key: 'inputTokens', label: 'Tokens in', show: (r) => formatTokens(r.inputTokens) },
  { key: 'outputTokens', label: 'Tokens out', show: (r) => formatTokens(r.outputTokens) },
  {
    key: 'cachedTokens',
    label: 'Cached',
    title: 'Cached input tokens (part of tokens in)',
    show: (r) => formatTokens(r.cachedTokens),
  },
  {
    key: 'reasoningTokens',
    label: 'Reasoning',
    title: 'Reasoning tokens (part of tokens out)',
    show: (r) => formatTokens(r.reasoningTokens),
  },
  { key: 'cost', label: 'Cost', show: (r) => formatCost(r.cost) },
  { key: 'errorRate', label: 'Errors', title: 'Share of calls with level ERROR', show: (r) => percent(r.errorRate) },
];

function compare(a: GroupRow, b: GroupRow, key: SortKey): number {
  const va = a[key];
  const vb = b[key];
  if (typeof va === 'string' || typeof vb === 'string') return String(va).localeCompare(String(vb));
  // Missing figures (no latency reported) sort below every real one.
  return (va ?? Number.NEGATIVE_INFINITY) - (vb ?? Number.NEGATIVE_INFINITY);
}

/**
 * The per-model (or per-step) table: sortable by any column; a row opens the trace list filtered to the traces
 * behind it. Rows without a link (calls without a model name) say why in their tooltip.
 */
export function GroupTable({
  testId,
  title,
  keyLabel,
  rows,
  linkFor,
}: {
  testId: string;
  title: string;
  keyLabel: string;
  rows: GroupRow[];
  linkFor: (row: GroupRow) => string | null;
}) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'cost', desc: true });
  const sorted = [...rows].sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key));
  const sortBy = (key: SortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'key' }));
  const arrow = (key: SortKey) => (sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : '');
  return (
    <section className="analysis-panel analysis-table-panel">
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">No generations in this range.</p>
      ) : (
        <div className="analysis-table-scroll">
          <table className="analysis-table" data-testid={testId}>
            <thead>
              <tr>
                <th aria-sort={sort.key === 'key' ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                  <button type="button" onClick={() => sortBy('key')}>
                    {keyLabel}
                    {arrow('key')}
                  </button>
                </th>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    title={c.title}
                    aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}
                  >
                    <button type="button" data-testid={`sort-${c.key}`} onClick={() => sortBy(c.key)}>
                      {c.label}
                      {arrow(c.key)}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => {
                const link = linkFor(r);
                return (
                  <tr
                    key={r.key}
                    data-testid={`${testId}-row`}
                    data-key={r.key}
                    className={link ? 'linked' : ''}
                    title={
                      link
                        ? `Show the ${r.traces} trace${r.traces === 1 ? '' : 's'} behind this row`
                        : 'Calls without a model name cannot be filtered on'
                    }
                    onClick={() => link && useRouteStore.getState().navigate(link)}
                  >
                    <td className="key">
                      {link ? (
                        <a href={link} onClick={(e) => e.preventDefault()}>
                          {r.key}
                        </a>
                      ) : (
                        r.key
                      )}
                      {r.inferredCalls !== undefined && (
                        <span
                          className="inferred-mark"
                          data-testid="analysis-inferred-mark"
                          title={
                            `${r.inferredCalls} of ${r.calls} call${r.calls === 1 ? '' : 's'} sent no usage: ` +
                            "Loupe counted their tokens by Langfuse's rules and priced them"
                          }
                        >
                          inferred
                        </span>
                      )}
                    </td>
                    {COLUMNS.map((c) => (
                      <td key={c.key} data-col={c.key}>
                        {c.show(r)}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const isRealModel = (key: string) => key !== NO_MODEL;
