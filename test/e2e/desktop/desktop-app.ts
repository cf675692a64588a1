import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { buildIfStale } from '../../../scripts/build-if-stale.mjs';
import { freePort, repoRoot } from '../harness';
import { electronBinary } from './electron-binary';

/**
 * The desktop specs' own build, beside the one `npm run serve` makes (out/, or LOUPE_OUT_DIR): `npm run dev` writes
 * a development main into out/, and two test runs must not rebuild under each other. `out-*` is git-ignored.
 */
export const desktopOutDir = `${resolve(repoRoot, process.env.LOUPE_OUT_DIR || 'out')}-desktop-e2e`;
const BUILD_TIMEOUT_MS = 150_000;
const LAUNCH_TIMEOUT_MS = 60_000;
const CLOSE_TIMEOUT_MS = 15_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Builds the app into `desktopOutDir` when the build is missing or older than the sources, under a lock (a
 * directory) so that two runs never build into it together. Returns the main entry to launch.
 */
export async function buildDesktopApp(): Promise<string> {
  await buildIfStale({
    outDir: desktopOutDir,
    outputs: ['main/index.js', 'main/convert-worker.js', 'preload/index.cjs', 'renderer/index.html'],
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  return join(desktopOutDir, 'main', 'index.js');
}

export interface UserDataDir {
  dir: string;
  /** The port written to its settings.json, which the app listens on. */
  port: number;
  remove: () => void;
}

/** A fresh user data directory, as on a first launch, whose settings.json picks a free port (not 4318). */
export async function newUserDataDir(): Promise<UserDataDir> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-desktop-'));
  const port = await freePort();
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify({ port }, null, 2)}\n`);
  return {
    dir,
    port,
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }),
  };
}

/** Playwright starts the app as the leader of its own process group (not on Windows): the group goes with it. */
function killTree(child: ChildProcess): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export interface DesktopApp {
  app: ElectronApplication;
  /** The app's window, its page loaded. */
  window: Page;
  /** What the app printed, for failure messages. */
  output: () => string;
  /** Quits the app and waits for its process to end; killed when it does not within a few seconds. */
  close: () => Promise<void>;
}

/** Launches the built app in Electron on `userDataDir` (LOUPE_USER_DATA_DIR) and waits for its window's page. */
export async function launchDesktopApp(main: string, userDataDir: string): Promise<DesktopApp> {
  const executablePath = electronBinary();
  if (!executablePath) throw new Error('the Electron binary is not installed');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  // Either would make another program of it: Node, or a window on the Vite dev server.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL;
  env.LOUPE_USER_DATA_DIR = userDataDir;

  let app: ElectronApplication;
  try {
    app = await _electron.launch({ executablePath, args: [main], cwd: repoRoot, env, timeout: LAUNCH_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`${executablePath} did not start ${main}: ${(error as Error).message}`);
  }
  const child = app.process();
  let log = '';
  const collect = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  const running = () => child.exitCode === null && child.signalCode === null;

  const close = async () => {
    if (!running()) return;
    await Promise.race([app.close().catch(() => {}), sleep(CLOSE_TIMEOUT_MS)]);
    if (running()) killTree(child);
    await Promise.race([exited, sleep(5_000)]);
  };

  try {
    const window = await app.firstWindow({ timeout: LAUNCH_TIMEOUT_MS });
    // A new window starts on about:blank, then loads the built page from the out dir.
    await window.waitForURL(/\/renderer\/index\.html/, { waitUntil: 'load', timeout: LAUNCH_TIMEOUT_MS });
    return { app, window, output: () => log, close };
  } catch (error) {
    await close();
    throw new Error(`the desktop app's window did not load: ${(error as Error).message}\n${log}`);
  }
}
