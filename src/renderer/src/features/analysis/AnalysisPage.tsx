import type { AnalysisFilters, AnalysisQuery, AnalysisResult, GroupRow, TopTrace } from '@core/analysis/types';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { StoredText, TimeText } from '../../components/StoredValue';
import { formatCost, formatDuration, formatTokens, shortId } from '../../lib/format';
import { traceHash, useRouteStore } from '../../route/route-store';
import { milliseconds, percent } from './analysis-format';
import {
  type AnalysisParams,
  analysisHash,
  listLink,
  parseAnalysisQuery,
  RANGES,
  type RangeKey,
  resolveRange,
} from './analysis-query';
import { type BarSeries, CostOverTime, compactNumber, ErrorRateOverTime, ModelBars, type Pick } from './charts';
import { GroupTable, isRealModel } from './GroupTable';
import { useAnalysis } from './use-analysis';
import './analysis.css';

/**
 * Values listed per filter menu, most frequent first: a store can hold tens of thousands of sessions, and a menu
 * of that many options takes hundreds of milliseconds to render and is no use to scroll.
 */
const MENU_OPTIONS = 200;

const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const FILTERS: [keyof AnalysisFilters, string][] = [
  ['environment', 'Environment'],
  ['name', 'Trace name'],
  ['user', 'User'],
  ['session', 'Session'],
  ['tag', 'Tag'],
  ['release', 'Release'],
  ['version', 'Version'],
];

const LATENCY: BarSeries[] = [
  { label: 'p50', values: (r) => r.p50LatencyMs },
  { label: 'p95', values: (r) => r.p95LatencyMs },
  { label: 'p99', values: (r) => r.p99LatencyMs },
];
const TTFT: BarSeries[] = [
  { label: 'p50', values: (r) => r.p50TtftMs },
  { label: 'p95', values: (r) => r.p95TtftMs },
];
const TOKENS: BarSeries[] = [
  { label: 'Tokens in', values: (r) => r.inputTokens },
  { label: 'Tokens out', values: (r) => r.outputTokens },
];
const tokens = (v: number | null) => (v === null ? '–' : `${formatTokens(v)} tokens`);
const axisDuration = (v: number) => (v === 0 ? '0' : formatDuration(v));

/** The models the per-model charts show: the costliest, so bars stay readable. */
const CHART_MODELS = 12;

/** `datetime-local` reads and writes local wall-clock time. */
function localInput(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function Controls({
  params,
  range,
  result,
}: {
  params: AnalysisParams;
  range: { from: number; to: number };
  result: AnalysisResult | null;
}) {
  const set = (next: AnalysisParams) => useRouteStore.getState().navigate(analysisHash(next), { replace: true });
  return (
    <div className="analysis-controls">
      <select
        className="filter-select"
        aria-label="Time range"
        data-testid="analysis-range"
        value={params.range}
        onChange={(e) => {
          const key = e.target.value as RangeKey;
          set(key === 'custom' ? { ...params, range: key, from: range.from, to: range.to } : { ...params, range: key });
        }}
      >
        {RANGES.map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
      {params.range === 'custom' && (
        <>
          <input
            className="filter-select"
            type="datetime-local"
            aria-label="From"
            value={localInput(range.from)}
            onChange={(e) => {
              const t = new Date(e.target.value).getTime();
              if (Number.isFinite(t)) set({ ...params, from: t, to: range.to });
            }}
          />
          <input
            className="filter-select"
            type="datetime-local"
            aria-label="To"
            value={localInput(range.to)}
            onChange={(e) => {
              const t = new Date(e.target.value).getTime();
              if (Number.isFinite(t)) set({ ...params, from: range.from, to: t });
            }}
          />
        </>
      )}
      {FILTERS.map(([key, label]) => {
        const value = params.filters[key];
        const options = result?.options[key] ?? [];
        if (options.length === 0 && !value) return null;
        const listed = options.slice(0, MENU_OPTIONS);
        return (
          <select
            key={key}
            className="filter-select"
            aria-label={label}
            data-testid={`analysis-filter-${key}`}
            value={value}
            onChange={(e) => set({ ...params, filters: { ...params.filters, [key]: e.target.value } })}
          >
            <option value="">{`Any ${label.toLowerCase()}`}</option>
            {[...new Set(value ? [value, ...listed] : listed)].map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
            {options.length > MENU_OPTIONS && (
              <option
                disabled
                value="(more)"
              >{`${(options.length - MENU_OPTIONS).toLocaleString('en-US')} less frequent not listed`}</option>
            )}
          </select>
        );
      })}
    </div>
  );
}

function Total({
  testId,
  label,
  value,
  href,
  title,
}: {
  testId: string;
  label: string;
  value: string;
  href?: string;
  title?: string;
}) {
  const body = (
    <>
      <span className="total-label" title={title}>
        {label}
      </span>
      <span className="total-value" data-testid={testId}>
        {value}
      </span>
    </>
  );
  return href ? (
    <a className="analysis-total linked" href={href}>
      {body}
    </a>
  ) : (
    <div className="analysis-total">{body}</div>
  );
}

function TopList({
  testId,
  title,
  traces,
  value,
}: {
  testId: string;
  title: string;
  traces: TopTrace[];
  value: (t: TopTrace) => string;
}) {
  return (
    <section className="analysis-panel">
      <h2>{title}</h2>
      {traces.length === 0 ? (
        <p className="muted">None in this range.</p>
      ) : (
        <ol className="top-traces" data-testid={testId}>
          {traces.map((t) => (
            <li key={t.id}>
              <a href={traceHash(t.id)}>
                <StoredText value={t.name} kind="name" empty={shortId(t.id, 12)} />
              </a>
              <span className="muted">
                <TimeText value={t.startTime} />
              </span>
              <span className="top-value">{value(t)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="analysis-panel">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Cost, latency, usage and errors by model and over time, for a range and the trace list's filters. */
export function AnalysisPage({ query }: { query: string }) {
  const params = useMemo(() => parseAnalysisQuery(query), [query]);
  // "Now" moves on each minute, so "last hour" keeps meaning the last hour while the page stays open.
  const [now, setNow] = useState(() => Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new address restarts the clock
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, [query]);
  const range = useMemo(() => resolveRange(params, now), [params, now]);
  const analysisQuery = useMemo<AnalysisQuery>(
    () => ({ ...range, timeZone: TIME_ZONE, filters: params.filters }),
    [range, params.filters],
  );
  const { result, error, running, timing } = useAnalysis(analysisQuery);

  useEffect(() => {
    if (!result) return;
    // After the charts' first frame: what a benchmark waits for.
    const frame = requestAnimationFrame(() => performance.mark('loupe:analysis:ready'));
    return () => cancelAnimationFrame(frame);
  }, [result]);

  const go = (href: string) => useRouteStore.getState().navigate(href);
  const pick = (p: Pick) =>
    go(
      listLink(params.filters, p, {
        ...(p.model ? { model: p.model } : {}),
        // The runs that failed, as the error rate counts them.
        ...(p.errorsOnly ? { minLevel: 'ERROR' as const } : {}),
      }),
    );
  const byModel = (model: string) => go(listLink(params.filters, range, { model }));
  const modelLink = (r: GroupRow) => (isRealModel(r.key) ? listLink(params.filters, range, { model: r.key }) : null);
  const nameLink = (r: GroupRow) => listLink(params.filters, range, { observation: r.key });
  const chartModels = useMemo(
    () => (result?.models ?? []).filter((r) => isRealModel(r.key)).slice(0, CHART_MODELS),
    [result],
  );
  const totals = result?.totals;
  const colorOf = useCallback((r: GroupRow) => Math.max(0, result?.models.indexOf(r) ?? 0), [result]);

  return (
    <div className="analysis-page" data-testid="analysis-page">
      <header className="analysis-header">
        <h1>Analysis</h1>
        <Controls params={params} range={range} result={result} />
        <span
          className="analysis-status muted"
          data-testid="analysis-status"
          title={
            timing
              ? `Read ${Math.round(timing.readMs)} ms (${timing.source === 'memory' ? 'changes only' : `from ${timing.source}`}, ${timing.deltas} changes), merged in ${Math.round(timing.mergeMs)} ms, aggregated in ${Math.round(timing.analyzeMs)} ms`
              : undefined
          }
        >
          {running
            ? 'Updating…'
            : timing
              ? `${timing.generations.toLocaleString('en-US')} calls in store · ${Math.round(timing.readMs + timing.mergeMs + timing.analyzeMs)} ms`
              : ''}
        </span>
      </header>
      {error && (
        <p className="analysis-error" role="alert">
          {error}
        </p>
      )}
      {!result && !error && <p className="page-message">Loading…</p>}
      {result && totals && (
        <>
          <div className="analysis-totals">
            <Total
              testId="total-traces"
              label="Traces"
              value={totals.traces.toLocaleString('en-US')}
              href={listLink(params.filters, range)}
            />
            <Total testId="total-generations" label="Generations" value={totals.generations.toLocaleString('en-US')} />
            <Total testId="total-input" label="Tokens in" value={formatTokens(totals.inputTokens)} />
            <Total testId="total-output" label="Tokens out" value={formatTokens(totals.outputTokens)} />
            <Total testId="total-cost" label="Cost" value={formatCost(totals.cost)} />
            <Total
              testId="total-error-rate"
              label="Error rate (runs that failed)"
              title="Runs whose root ended in ERROR. A run that recovered from a failed step (a fallback model, a retry) is not one."
              value={totals.errorRate === null ? '–' : `${percent(totals.errorRate)} (${totals.errorTraces})`}
              href={listLink(params.filters, range, { minLevel: 'ERROR' })}
            />
            <Total
              testId="total-failed-calls"
              label="Failed model calls"
              title="Generations that ended in ERROR, in runs that failed and in runs that recovered"
              value={totals.failedCalls.toLocaleString('en-US')}
            />
          </div>
          {totals.traces === 0 ? (
            <p className="page-message">
              No traces started in this range{Object.values(params.filters).some(Boolean) ? ' with these filters' : ''}.
            </p>
          ) : (
            <>
              <div className="analysis-grid">
                <Chart title="Cost by model over time">
                  <CostOverTime series={result.series} range={range} onPick={pick} />
                </Chart>
                <Chart title="Error rate over time (runs that failed)">
                  <ErrorRateOverTime series={result.series} range={range} onPick={pick} />
                </Chart>
                {chartModels.length > 0 && (
                  <>
                    <Chart title="Latency by model (p50, p95, p99)">
                      <ModelBars
                        testId="chart-latency"
                        label="Latency by model"
                        rows={chartModels}
                        bars={LATENCY}
                        format={milliseconds}
                        axisFormat={axisDuration}
                        colorOf={colorOf}
                        onPick={byModel}
                      />
                    </Chart>
                    <Chart title="Time to first token by model (p50, p95)">
                      <ModelBars
                        testId="chart-ttft"
                        label="Time to first token by model"
                        rows={chartModels}
                        bars={TTFT}
                        format={milliseconds}
                        axisFormat={axisDuration}
                        colorOf={colorOf}
                        onPick={byModel}
                      />
                    </Chart>
                    <Chart title="Tokens in and out by model">
                      <ModelBars
                        testId="chart-tokens"
                        label="Tokens by model"
                        rows={chartModels}
                        bars={TOKENS}
                        format={tokens}
                        axisFormat={compactNumber}
                        colorOf={colorOf}
                        onPick={byModel}
                      />
                    </Chart>
                  </>
                )}
                <div className="analysis-tops">
                  <TopList
                    testId="top-cost"
                    title="Most expensive traces"
                    traces={result.mostExpensive}
                    value={(t) => formatCost(t.cost)}
                  />
                  <TopList
                    testId="top-latency"
                    title="Slowest traces"
                    traces={result.slowest}
                    value={(t) => formatDuration(t.latencyMs)}
                  />
                </div>
              </div>
              <GroupTable
                testId="model-table"
                title="By model"
                keyLabel="Model"
                rows={result.models}
                linkFor={modelLink}
              />
              <GroupTable
                testId="name-table"
                title="By step (generation name)"
                keyLabel="Name"
                rows={result.names}
                linkFor={nameLink}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
