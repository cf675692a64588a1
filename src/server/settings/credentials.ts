import { sameSecret } from '../security/secret';
import type { SettingsFile } from './settings-file';

export interface Credentials {
  publicKey: string;
  secretKey: string;
}

/**
 * The keys senders must present, when the user set any: given on the command line, or else the `publicKey` and
 * `secretKey` of `settings.json`, read as the file is now, so the app can set or clear keys while running. Without
 * keys, any request is accepted (the SDKs send placeholder keys).
 */
export function credentialsSource(fixed: Credentials | null, settings: SettingsFile | null): () => Credentials | null {
  if (fixed) return () => fixed;
  if (!settings) return () => null;
  return () => {
    const { publicKey, secretKey } = settings.get();
    return publicKey !== '' && secretKey !== '' ? { publicKey, secretKey } : null;
  };
}

/**
 * Whether an `authorization` value (an HTTP header, or gRPC metadata) carries the configured keys:
 * `Basic base64(publicKey:secretKey)` as the Langfuse SDKs send, or `Bearer <secretKey>` as Traceloop does.
 */
export function isAuthorized(authorization: string | undefined, keys: Credentials): boolean {
  const header = authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return sameSecret(decoded, `${keys.publicKey}:${keys.secretKey}`);
  }
  return scheme === 'bearer' && sameSecret(value, keys.secretKey);
}
