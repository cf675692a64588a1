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

function isLoopbackName(name: string): boolean {
  // *.localhost always resolves to loopback in browsers (RFC 6761), so nobody else can own such a name.
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name);
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
