import { isLoopbackName, isOwnOrigin } from '../security/host-check';

/**
 * Which web pages may send to the receiver. A browser tags every cross-origin request with `Origin`, and a page can
 * post to 127.0.0.1 without asking (a "simple" request: text/plain, a form), so CORS headers alone do not keep an
 * open web page from writing traces into Loupe or probing which media it stores. By default only pages served from
 * this machine may (a browser SDK in a local web app) and the page Loupe serves itself; the user can allow others.
 * Requests without `Origin` come from SDKs outside browsers and are not affected.
 */

export type OriginVerdict =
  /** No `Origin`: not a browser, or a same-origin navigation. */
  { kind: 'none' } | { kind: 'allowed'; origin: string } | { kind: 'refused'; origin: string };

/** An origin as browsers serialize it: `scheme://host[:port]`, lowercase, no path; null when it is not one. */
function parseOrigin(value: string): URL | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url;
  } catch {
    return null;
  }
}

/** The form an allowed origin is compared in: what `new URL()` makes of it, without a trailing slash. */
export function normalizeOrigin(value: string): string {
  const url = parseOrigin(value.trim());
  return url ? url.origin : value.trim().toLowerCase();
}

/**
 * Judges a request's `Origin`: loopback pages (http or https, any port), the page served from this server (its Host),
 * and the exact origins in `extra` (`"*"` there allows any) are allowed; anything else, including `null` (sandboxed
 * frames, file pages), is refused.
 */
export function judgeOrigin(
  originHeader: string | undefined,
  hostHeader: string | undefined,
  extra: readonly string[],
): OriginVerdict {
  if (originHeader === undefined) return { kind: 'none' };
  const origin = originHeader.trim();
  if (extra.includes('*')) return { kind: 'allowed', origin };
  const url = parseOrigin(origin);
  if (url) {
    if (isLoopbackName(url.hostname) || isOwnOrigin(origin, hostHeader)) {
      return { kind: 'allowed', origin };
    }
    if (extra.some((allowed) => normalizeOrigin(allowed) === url.origin)) return { kind: 'allowed', origin };
  }
  return { kind: 'refused', origin };
}

/** What to tell a refused page's developer (and the user, in the notice): where to allow it. */
export function refusedOriginMessage(origin: string): string {
  return (
    `a web page at origin ${JSON.stringify(origin)} may not send to Loupe: only pages on this machine ` +
    '(http://localhost:*, http://127.0.0.1:*, http://[::1]:*, *.localhost) may by default; to allow this one, add it ' +
    `in Settings → allowed origins, or to settings.json as "cors": {"allowedOrigins": [${JSON.stringify(origin)}]}`
  );
}
