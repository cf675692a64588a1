// Builds the app (`electron-vite build`) into a directory when its build is missing or older than the sources, under
// a lock so that two processes never build into the same directory together. Used by `npm run serve` and by the
// desktop end-to-end tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const inputs = [join(root, 'src'), join(root, 'electron.vite.config.ts'), join(root, 'package.json')];
/** A lock older than this belongs to a build that died; a full build takes well under a minute. */
const STALE_LOCK_MS = 5 * 60 * 1000;

/**
 * @typedef {object} BuildIfStaleOptions
 * @property {string} outDir The directory to build into (absolute, or relative to the repository root).
 * @property {string[]} outputs Files the build makes, relative to `outDir`; the build is stale when one is missing or older
 *   than the newest source.
 * @property {number} [timeoutMs] When set, the build is killed after this long, and waiting for another process's
 *   build gives up after this long; by default both wait as long as they take.
 * @property {() => void} [onBuild] Called just before a build starts.
 */

/**
 * The newest modification time under `path`, 0 when it does not exist; unit tests beside the sources do not count.
 * @param {string} path
 * @returns {number}
 */
function newestMtime(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * @param {string[]} outputs absolute paths
 * @returns {boolean}
 */
function isStale(outputs) {
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  return oldestOutput === 0 || Math.max(...inputs.map(newestMtime)) > oldestOutput;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Runs `fn` holding the lock: a directory, which only one process can create.
 * @template T
 * @param {string} lockDir
 * @param {number | undefined} timeoutMs
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withBuildLock(lockDir, timeoutMs, fn) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another build held ${lockDir} for too long`);
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * `electron-vite build --outDir <outDir>`, its output kept for the error when it fails.
 * @param {string} outDir
 * @param {number | undefined} timeoutMs
 * @returns {Promise<void>}
 */
function build(outDir, timeoutMs) {
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
    /** @param {Buffer} chunk */
    const collect = (chunk) => {
      log += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) done();
      else fail(new Error(`the build failed (${signal ?? `exit ${code}`}):\n${log}`));
    });
  });
}

/**
 * Builds into `outDir` when one of `outputs` is missing or older than the sources (src/, electron.vite.config.ts,
 * package.json), holding the lock `<outDir>/.build-lock` meanwhile; a process that waited for the lock builds only if
 * the build is still stale then. Throws when the build fails or does not produce every output.
 * @param {BuildIfStaleOptions} options
 * @returns {Promise<void>}
 */
export async function buildIfStale({ outDir, outputs, timeoutMs, onBuild }) {
  const dir = resolve(root, outDir);
  const files = outputs.map((p) => resolve(dir, p));
  if (isStale(files)) {
    await withBuildLock(join(dir, '.build-lock'), timeoutMs, async () => {
      // Another process may have built while this one waited for the lock.
      if (!isStale(files)) return;
      onBuild?.();
      await build(dir, timeoutMs);
    });
  }
  const missing = files.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new Error(`the build did not produce ${missing.join(', ')}`);
}
