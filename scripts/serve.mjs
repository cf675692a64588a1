// `npm run serve`: builds what headless mode needs when the build is missing or older than the sources, then runs
// the built server with node, passing arguments, signals and the exit code through.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** `LOUPE_OUT_DIR` builds elsewhere than out/, so separate checkouts' test runs never rebuild under each other. */
const outDir = resolve(root, process.env.LOUPE_OUT_DIR || 'out');
const serveEntry = join(outDir, 'main', 'serve.js');
const outputs = [serveEntry, join(outDir, 'renderer', 'index.html')];
const inputs = [join(root, 'src'), join(root, 'electron.vite.config.ts'), join(root, 'package.json')];
const lockDir = join(outDir, '.build-lock');
/** A lock older than this belongs to a build that died; a full build takes well under a minute. */
const STALE_LOCK_MS = 5 * 60 * 1000;

function newestMtime(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isStale() {
  const built = outputs.map((p) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const oldestOutput = Math.min(...built);
  return oldestOutput === 0 || Math.max(...inputs.map(newestMtime)) > oldestOutput;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Two `npm run serve` at once (tests in parallel) must not build into out/ together: a directory is the lock. */
async function withBuildLock(fn) {
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function build() {
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, 'build', '--outDir', outDir], {
      cwd: root,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => {
      log += chunk;
    });
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`the build failed (exit ${code}):\n${log}`))));
  });
}

async function main() {
  if (isStale()) {
    await withBuildLock(async () => {
      // Another process may have built while this one waited for the lock.
      if (!isStale()) return;
      console.error('Loupe: building…');
      await build();
    });
  }
  if (!existsSync(serveEntry)) throw new Error(`the build did not produce ${serveEntry}`);

  const child = spawn(process.execPath, [serveEntry, ...process.argv.slice(2)], { stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

main().catch((error) => {
  console.error(`Loupe: ${error.message}`);
  process.exit(1);
});
