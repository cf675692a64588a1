import { sep } from 'node:path';
import { defineConfig, type Project } from '@playwright/test';
import { desktopSpecDir, electronBinary } from './test/e2e/desktop/electron-binary';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Everything under test/e2e/desktop, by its absolute path: a glob would also match a checkout inside ~/Desktop. */
const inDesktopDir = new RegExp(`^${escapeRegExp(desktopSpecDir + sep)}`);

const hasElectron = electronBinary() !== null;
// The config is loaded again in each worker process: say it once, from the runner.
if (!hasElectron && process.env.TEST_WORKER_INDEX === undefined)
  process.stderr.write(
    'Electron binary not installed: skipping the desktop end-to-end specs; the headless specs run in Chromium\n',
  );

const projects: Project[] = [
  // The headless mode (`npm run serve`) in the system Chromium; each test starts its own server and browser profile.
  { name: 'headless', testDir: 'test/e2e', testIgnore: inDesktopDir },
];
// The desktop app itself: its built main in Electron, launched by test/e2e/desktop/desktop-app.ts.
if (hasElectron) projects.push({ name: 'electron', testDir: desktopSpecDir, testMatch: '**/*.spec.ts' });

/**
 * End-to-end tests drive the headless mode (`npm run serve`) in the system Chromium: Playwright never
 * downloads a browser here. Each test starts its own server and browser profile (see test/e2e/harness.ts).
 * Where the Electron binary is installed, the desktop specs also launch the desktop app.
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
  projects,
});
