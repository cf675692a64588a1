import type { ServerInfo } from '@core/wire/protocol';

/**
 * The base URL SDKs should send to. Until the server says, a page served by the headless server can
 * assume its own origin (the receiver listens there); the desktop app has no such fallback.
 */
export function sdkEndpoint(info: ServerInfo | null): string | null {
  if (info) return info.endpoint;
  if (typeof window !== 'undefined' && window.location.protocol.startsWith('http')) return window.location.origin;
  return null;
}
