/** Chart colors from the app's CSS variables, so charts follow the light and dark themes. */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  border: string;
  error: string;
  /** One color per series (model, percentile), in order; repeats past the end. */
  series: string[];
}

const SERIES_COLORS = 8;

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--text-muted'),
    grid: v('--border'),
    border: v('--border-strong'),
    error: v('--error'),
    series: Array.from({ length: SERIES_COLORS }, (_, i) => v(`--chart-${i + 1}`)),
  };
}

export const seriesColor = (theme: ChartTheme, i: number) => theme.series[i % theme.series.length] as string;
