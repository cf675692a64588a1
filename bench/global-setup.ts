import { rmSync } from 'node:fs';
import { resultsFile } from './results';

/** Each run starts from no results and has a file of its own: the report holds one run's figures, side by side. */
export default function globalSetup(): void {
  process.env.LOUPE_BENCH_RUN = `run-${new Date().toISOString().replaceAll(':', '-')}-${process.pid}`;
  rmSync(resultsFile(), { force: true });
}
