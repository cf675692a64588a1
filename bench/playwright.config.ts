import { defineConfig } from '@playwright/test';

/**
 * `npm run bench`: the benchmark scenarios in real Chromium against `npm run serve`, one at a time (figures are
 * ratios against baselines measured in the same run, and the machine's two cores are not to be shared). Each
 * scenario records its figures; the teardown writes docs/benchmarks.md from them.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  timeout: 600_000,
  expect: { timeout: 120_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results/bench',
  globalSetup: './global-setup.ts',
  globalTeardown: './write-report.ts',
});
