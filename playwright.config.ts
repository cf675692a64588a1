import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the headless mode (`npm run serve`) in the system Chromium: Playwright never
 * downloads a browser here. Each test starts its own server and browser profile (see test/e2e/harness.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
});
