import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the desktop specs live: their own Playwright project, which the headless one leaves out. */
export const desktopSpecDir = dirname(fileURLToPath(import.meta.url));

/**
 * The Electron binary the `electron` package installed, or null when there is none. From Node, `require('electron')`
 * is the binary's path; it throws when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD), and a path left by
 * an install that did not finish may point at nothing, so both are checked.
 */
export function electronBinary(): string | null {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch {
    return null;
  }
  return typeof path === 'string' && existsSync(path) ? path : null;
}
