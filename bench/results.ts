import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../test/e2e/harness';

export const RESULTS_DIR = join(repoRoot, 'bench-results');

/**
 * This run's results file: global setup names the run in the environment, which the workers inherit, so runs that
 * overlap on one machine never mix or delete each other's figures.
 */
export function resultsFile(): string {
  return join(RESULTS_DIR, `${process.env.LOUPE_BENCH_RUN ?? 'results'}.jsonl`);
}

/** One measured figure, with the baseline measured beside it in the same run. */
export interface BenchResult {
  group: 'ingest' | 'trace open' | 'timeline' | 'list and store' | 'analysis';
  name: string;
  /** null when the figure could not be measured; `limits` then says why. */
  value: number | null;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value. */
  ratio?: number;
  /** What the product promises, in words, e.g. "≥ 50% of the baseline". */
  target?: string;
  met?: boolean;
  /** What bounds the figure: what it includes, what it leaves out, what dominates it. */
  limits: string;
}

export function record(result: BenchResult): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const ratio =
    result.ratio ??
    (result.baseline && result.value !== null && result.baseline.value !== 0
      ? result.value / result.baseline.value
      : undefined);
  appendFileSync(resultsFile(), `${JSON.stringify({ ...result, ratio })}\n`);
}

/** Percentile by nearest rank, p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
