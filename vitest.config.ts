import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@core': resolve(__dirname, 'src/core') } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Under load (CI machines are busy, two cores) CPU-heavy tests take several times their idle time. No test has an
    // absolute time bound, so these limits only bound a failure.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
