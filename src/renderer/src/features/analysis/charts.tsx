import type { GroupRow, TimeSeries } from '@core/analysis/types';
import { NO_MODEL } from '@core/analysis/types';
import { useCallback, useMemo } from 'react';
import uPlot from 'uplot';
import { formatCost } from '../../lib/format';
import { bucketLabel, percent, truncateToFit } from './analysis-format';
import { type ChartTheme, readChartTheme, seriesColor } from './chart-theme';
import { type ChartSpec, UPlotChart } from './UPlotChart';

/** Where a click on a chart leads: one bucket of the range, maybe one model, maybe only errors. */
export interface Pick {
  from: number;
  to: number;
  model?: string;
  errorsOnly?: boolean;
}

const HEIGHT = 220;
const font = '11px system-ui, sans-serif';

function axes(theme: ChartTheme, yValues: (v: number) => string, xValues?: uPlot.Axis['values']): uPlot.Axis[] {
  const common = { stroke: theme.muted, font, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid } };
  return [
    { ...common, grid: { show: false }, ...(xValues ? { values: xValues } : {}) },
    { ...common, size: 64, values: (_u, splits) => splits.map(yValues) },
  ];
}

// uPlot's bar path builder ships with the library; its optional type covers custom builds without it.
/** Axis labels: short, since the tooltip has the exact figure. */
export function compactNumber(v: number): string {
  return Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

function compactCost(v: number): string {
  if (v === 0) return '$0';
  return v >= 1 ? `$${compactNumber(v)}` : `$${Number(v.toPrecision(2))}`;
}

/** Bar `s` of `k` in a group: the last one in the full color, the earlier ones lighter. */
function shade(hex: string, s: number, k: number): string {
  const alpha = k === 1 ? 1 : 0.4 + (0.6 * s) / (k - 1);
  const n = Number.parseInt(hex.replace('#', ''), 16);
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return hex;
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha.toFixed(2)})`;
}

const bars = uPlot.paths.bars as NonNullable<typeof uPlot.paths.bars>;

function Swatch({ color }: { color: string }) {
  return <span className="swatch" style={{ background: color }} />;
}

/** What each color or shade of a chart stands for, under it. */
export function Legend({
  testId,
  items,
}: {
  testId: string;
  items: { label: string; color: string; title?: string }[];
}) {
  return (
    <ul className="chart-legend" data-testid={testId} aria-label="Legend">
      {items.map((item) => (
        <li key={item.label} title={item.title ?? item.label}>
          <Swatch color={item.color} />
          <span className="chart-legend-label">{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** The part of a bucket inside the range: a link to it shows exactly the traces counted in it. */
function clip(series: TimeSeries, idx: number, range: { from: number; to: number }) {
  return {
    from: Math.max(series.bounds[idx] as number, range.from),
    to: Math.min(series.bounds[idx + 1] as number, range.to),
  };
}

const mids = (s: TimeSeries) => s.bounds.slice(0, -1).map((b, i) => (b + (s.bounds[i + 1] as number)) / 2);

/** Cost per model per bucket, stacked: the costliest model at the bottom. */
export function CostOverTime({
  series,
  range,
  onPick,
}: {
  series: TimeSeries;
  range: { from: number; to: number };
  onPick: (p: Pick) => void;
}) {
  const models = series.costByModel;
  // Running sums: the bar of model i reaches the total of models 0..i.
  const stacks = useMemo(
    () =>
      models.reduce<number[][]>((acc, m, i) => {
        acc.push(m.values.map((v, j) => v + (i > 0 ? ((acc[i - 1] as number[])[j] as number) : 0)));
        return acc;
      }, []),
    [models],
  );
  const build = useCallback(
    (theme: ChartTheme): ChartSpec => {
      const order = models.map((_, i) => models.length - 1 - i);
      return {
        options: {
          ms: 1,
          scales: { x: { time: true, range: [series.bounds[0] as number, series.bounds.at(-1) as number] } },
          axes: axes(theme, compactCost),
          series: [
            {},
            ...order.map((i) => ({
              label: models[i]?.model,
              fill: seriesColor(theme, i),
              stroke: seriesColor(theme, i),
              width: 0,
              paths: bars({ size: [0.8, 48], align: 0 }),
              points: { show: false },
            })),
          ],
          cursor: { points: { show: false }, y: false },
        },
        data: [mids(series), ...order.map((i) => stacks[i] as number[])],
      };
    },
    [series, models, stacks],
  );
  return (
    <>
      <UPlotChart
        testId="chart-cost"
        label="Cost by model over time"
        height={HEIGHT}
        build={build}
        tooltip={(idx) => {
          const rows = models.filter((m) => (m.values[idx] ?? 0) > 0);
          return (
            <>
              <div className="tip-title">
                {bucketLabel(series.unit, series.bounds[idx] as number, series.bounds[idx + 1] as number)}
              </div>
              {rows.length === 0 && <div className="muted">No cost</div>}
              {rows.map((m) => (
                <div key={m.model} className="tip-row">
                  <Swatch color={`var(--chart-${(models.indexOf(m) % 8) + 1})`} />
                  <span className="tip-key">{m.model}</span>
                  <span className="tip-value">{formatCost(m.values[idx] ?? 0)}</span>
                </div>
              ))}
            </>
          );
        }}
        onPick={(idx, y) => {
          // The segment under the pointer names the model; above the stack, the whole bucket.
          const i = stacks.findIndex((stack) => y <= (stack[idx] ?? 0));
          const model = i >= 0 ? models[i]?.model : undefined;
          const hit = model !== undefined && (models[i]?.values[idx] ?? 0) > 0 && model !== NO_MODEL;
          onPick({ ...clip(series, idx, range), ...(hit ? { model } : {}) });
        }}
      />
      <Legend
        testId="legend-cost"
        items={models.map((m, i) => ({ label: m.model, color: `var(--chart-${(i % 8) + 1})` }))}
      />
    </>
  );
}

/** The share of traces that ended in an error, per bucket. */
export function ErrorRateOverTime({
  series,
  range,
  onPick,
}: {
  series: TimeSeries;
  range: { from: number; to: number };
  onPick: (p: Pick) => void;
}) {
  const rates = useMemo(
    () => series.traces.map((n, i) => (n > 0 ? (series.errorTraces[i] as number) / n : null)),
    [series],
  );
  const build = useCallback(
    (theme: ChartTheme): ChartSpec => ({
      options: {
        ms: 1,
        scales: {
          x: { time: true, range: [series.bounds[0] as number, series.bounds.at(-1) as number] },
          y: { range: (_u, _min, max) => [0, Math.max(0.05, max)] },
        },
        axes: axes(theme, (v) => percent(v)),
        series: [
          {},
          {
            label: 'Error rate',
            fill: theme.error,
            stroke: theme.error,
            width: 0,
            paths: bars({ size: [0.8, 48], align: 0 }),
            points: { show: false },
          },
        ],
        cursor: { points: { show: false }, y: false },
      },
      data: [mids(series), rates],
    }),
    [series, rates],
  );
  return (
    <>
      <UPlotChart
        testId="chart-errors"
        label="Error rate over time"
        height={HEIGHT}
        build={build}
        tooltip={(idx) => (
          <>
            <div className="tip-title">
              {bucketLabel(series.unit, series.bounds[idx] as number, series.bounds[idx + 1] as number)}
            </div>
            <div className="tip-row">
              <span className="tip-key">Runs that failed</span>
              <span className="tip-value">
                {series.errorTraces[idx]} of {series.traces[idx]} ({percent(rates[idx] ?? null)})
              </span>
            </div>
          </>
        )}
        onPick={(idx) => onPick({ ...clip(series, idx, range), errorsOnly: (series.errorTraces[idx] ?? 0) > 0 })}
      />
      <Legend
        testId="legend-errors"
        items={[
          {
            label: 'Share of runs that failed',
            color: 'var(--error)',
            title: 'Runs whose root ended in ERROR; a run that recovered from a failed step is not one',
          },
        ]}
      />
    </>
  );
}

export interface BarSeries {
  label: string;
  values: (row: GroupRow) => number | null;
}

/**
 * One group of bars per model (p50, p95, p99; input and output tokens...). The bars of a group are placed side by
 * side with uPlot's per-bar layout, in fractions of the plot's width.
 */
export function ModelBars({
  testId,
  label,
  rows,
  bars: specs,
  format,
  axisFormat,
  colorOf,
  onPick,
}: {
  testId: string;
  label: string;
  rows: GroupRow[];
  bars: BarSeries[];
  format: (v: number | null) => string;
  /** Short labels for the axis; the tooltip shows `format`'s exact ones. */
  axisFormat: (v: number) => string;
  /** The model's color index, the same in every chart. */
  colorOf: (row: GroupRow) => number;
  onPick: (model: string) => void;
}) {
  const build = useCallback(
    (theme: ChartTheme): ChartSpec => {
      const n = rows.length;
      const k = specs.length;
      const group = 0.8 / n;
      const width = group / k;
      const x0 = (s: number) => rows.map((_, i) => (i + 0.1) / n + s * width);
      const PixelPercent = 2 as uPlot.Series.BarsPathBuilderFacetUnit;
      const ColorUnit = 3 as uPlot.Series.BarsPathBuilderFacetUnit;
      return {
        options: {
          scales: {
            x: { time: false, range: [-0.5, n - 0.5] },
            y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
          },
          // Each name gets its group's width (less a gap), so that neighbours never overlap; the tooltip has it whole.
          axes: axes(theme, axisFormat, (u, splits) =>
            splits.map((v) =>
              Number.isInteger(v) ? truncateToFit(rows[v]?.key ?? '', u.bbox.width / devicePixelRatio / n - 8) : '',
            ),
          ),
          series: [
            {},
            ...specs.map((spec, s) => ({
              label: spec.label,
              fill: seriesColor(theme, 0),
              width: 0,
              points: { show: false },
              paths: bars({
                disp: {
                  x0: { unit: PixelPercent, values: () => x0(s) },
                  size: { unit: PixelPercent, values: () => rows.map(() => width * 0.92) },
                  // Each group in its model's color (as in the cost chart); the bars of a group differ in shade.
                  fill: { unit: ColorUnit, values: () => rows.map((r) => shade(seriesColor(theme, colorOf(r)), s, k)) },
                },
              }),
            })),
          ],
          cursor: { points: { show: false }, y: false },
        },
        data: [rows.map((_, i) => i), ...specs.map((spec) => rows.map((r) => spec.values(r)))],
      };
    },
    [rows, specs, axisFormat, colorOf],
  );
  return (
    <>
      <UPlotChart
        testId={testId}
        label={label}
        height={HEIGHT}
        build={build}
        tooltip={(idx) => {
          const row = rows[idx];
          if (!row) return null;
          return (
            <>
              <div className="tip-title">{row.key}</div>
              {specs.map((spec, s) => (
                <div key={spec.label} className="tip-row">
                  <Swatch color={shade(seriesColor(readChartTheme(), colorOf(row)), s, specs.length)} />
                  <span className="tip-key">{spec.label}</span>
                  <span className="tip-value">{format(spec.values(row))}</span>
                </div>
              ))}
              <div className="tip-row muted">{row.calls.toLocaleString('en-US')} calls</div>
            </>
          );
        }}
        onPick={(idx) => {
          const model = rows[idx]?.key;
          if (model && model !== NO_MODEL) onPick(model);
        }}
      />
      <Legend
        testId={`legend-${testId.replace(/^chart-/, '')}`}
        items={specs.map((spec, s) => ({
          label: spec.label,
          color: shade(readChartTheme().muted, s, specs.length),
          title: `${spec.label}: ${s === specs.length - 1 ? 'the full color' : 'a lighter shade'} of each model's color`,
        }))}
      />
    </>
  );
}
