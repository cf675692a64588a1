// `npm run dev`: the desktop app with hot reload (`electron-vite dev`), once the Electron binary is there. Without it
// (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or a download that failed) electron-vite would fail with
// "Electron uninstall" and a stack: say what is missing and what to run instead, in one line.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './run-child.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** From Node, `require('electron')` is the binary's path; it throws when the binary was never downloaded. */
function electronBinary() {
  try {
    const path = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (electronBinary() === null) {
  console.error(
    'Loupe: the Electron binary is not installed, so the desktop app cannot start; run `npm run serve` to use Loupe in your browser instead (or `node node_modules/electron/install.js` to download Electron)',
  );
  process.exit(1);
}

const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite');
runChild(bin, ['dev', ...process.argv.slice(2)], { shell: process.platform === 'win32' });
