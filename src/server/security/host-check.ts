/**
 * DNS rebinding defence: a web page on evil.example can make its own name resolve to 127.0.0.1, and then talk to
 * Loupe as "same origin". Its requests still carry `Host: evil.example`, so only loopback names and the address
 * Loupe was told to bind are accepted on every path: the receiver, the UI, the media files and the WebSocket.
 */

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The host name of a `Host` header value, lowercase, without port or IPv6 brackets. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : null;
  }
  const colon = value.indexOf(':');
  return colon >= 0 ? value.slice(0, colon) : value;
}

/** A host name only this machine answers to; IPv6 with or without its URL brackets (`[::1]`, as URL.hostname gives). */
export function isLoopbackName(name: string): boolean {
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  // *.localhost always resolves to loopback in browsers (RFC 6761), so nobody else can own such a name.
  return LOOPBACK_NAMES.has(bare) || bare.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Whether a request's Host names this server. Bound to a wildcard address the user chose to be reachable under any
 * name, so every Host is accepted.
 */
export function isAllowedHost(hostHeader: string | undefined, boundHost: string): boolean {
  const bound = hostnameOf(boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost) ?? '';
  if (WILDCARD_HOSTS.has(bound)) return true;
  const name = hostnameOf(hostHeader);
  if (name === null) return false;
  return isLoopbackName(name) || name === bound;
}

/**
 * Whether a browser's `Origin` is the page served from this same Host: Loupe's own page. Absent, `null` (sandboxed
 * frames, file pages) or any other origin is not.
 */
export function isOwnOrigin(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (originHeader === undefined) return false;
  try {
    const origin = new URL(originHeader.trim());
    return (
      (origin.protocol === 'http:' || origin.protocol === 'https:') &&
      origin.host === (hostHeader ?? '').trim().toLowerCase()
    );
  } catch {
    return false;
  }
}
