import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';

export interface Credentials {
  publicKey: string;
  secretKey: string;
}

export const SETTINGS_FILE = 'settings.json';

/**
 * The keys senders must present, when the user set any: given on the command line, or else the `publicKey` and
 * `secretKey` of `settings.json` in the data directory. The file is read again when it changes, so the app can
 * set or clear keys while running. Without keys, any request is accepted (the SDKs send placeholder keys).
 */
export function credentialsSource(fixed: Credentials | null, dataDir: string | null): () => Credentials | null {
  if (fixed) return () => fixed;
  if (!dataDir) return () => null;
  const path = join(dataDir, SETTINGS_FILE);
  let seen = -1;
  let current: Credentials | null = null;
  return () => {
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtime === seen) return current;
    seen = mtime;
    current = null;
    try {
      const settings = JSON.parse(readFileSync(path, 'utf8')) as Partial<Credentials>;
      if (typeof settings.publicKey === 'string' && typeof settings.secretKey === 'string') {
        if (settings.publicKey !== '' && settings.secretKey !== '') {
          current = { publicKey: settings.publicKey, secretKey: settings.secretKey };
        }
      }
    } catch {
      // Missing or unreadable settings: no keys configured.
    }
    return current;
  };
}

/**
 * Whether the request carries the configured keys: `Basic base64(publicKey:secretKey)` as the Langfuse SDKs send,
 * or `Bearer <secretKey>` as Traceloop does.
 */
export function isAuthorized(req: IncomingMessage, keys: Credentials): boolean {
  const header = req.headers.authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded === `${keys.publicKey}:${keys.secretKey}`;
  }
  return scheme === 'bearer' && value === keys.secretKey;
}
