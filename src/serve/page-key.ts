import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostnameOf, isLoopbackName, isOwnOrigin } from '../server/security/host-check';
import { sameSecret } from '../server/security/secret';

/**
 * The headless page's key. In headless mode the page's channels (the WebSocket its store worker takes the batches
 * from, the commands route that reads and changes settings) are plain HTTP on a loopback port, which every process
 * and every user of the machine can reach. So each launch makes a random key and prints it in the link the user
 * opens (`/?key=…`, as Jupyter does); that first load turns it into an `HttpOnly`, `SameSite=Strict` cookie and
 * drops it from the address bar. Only a browser that opened the printed link holds the cookie: no web page can read
 * it (HttpOnly, and no other site's request carries it), and no other user can learn it (the terminal and the data
 * directory's `serve.json`, mode 0600, are the user's own). The key lives as long as the process: after a restart an
 * open page asks for the new link.
 */
export interface PageKey {
  /** The key itself, for the printed link. */
  readonly value: string;
  /** The cookie that carries it: one per port, so two Loupes on one machine do not sign each other's pages out. */
  readonly cookieName: string;
  /** Whether the request carries this launch's key in its cookie. */
  carriedBy(req: IncomingMessage): boolean;
  /** Whether `candidate` (from a link) is this launch's key. */
  matches(candidate: string | null): boolean;
  /** The `Set-Cookie` value that signs a browser in. */
  setCookie(): string;
}

/** 256 bits, URL-safe. */
export function createPageKey(port: number, value = randomBytes(32).toString('base64url')): PageKey {
  const cookieName = `loupe-key-${port}`;
  const matches = (candidate: string | null): boolean => candidate !== null && sameSecret(candidate, value);
  return {
    value,
    cookieName,
    carriedBy: (req) => matches(cookieValue(req.headers.cookie, cookieName)),
    matches,
    // No Max-Age: a session cookie, gone with the browser session as the key is gone with the process.
    setCookie: () => `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict`,
  };
}

/** The value of one cookie in a `Cookie` header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Whether a request comes from Loupe's own page: a browser (it sends `Origin`; a script outside a browser that
 * forges one still lacks the key), on this same origin, holding this launch's key. Anything else gets 403.
 */
export function isOwnPage(req: IncomingMessage, key: PageKey): boolean {
  return isOwnOrigin(req.headers.origin, req.headers.host) && key.carriedBy(req);
}

/** What a page without the key is told, on every channel that refuses it. */
export function keyMissingMessage(link: string): string {
  return `this page does not hold this Loupe's key: open the link Loupe printed when it started (${link}). The key changes each time Loupe starts.`;
}

/**
 * Where a request for the UI should go instead, or null to serve it here: headless mode has one origin, the one it
 * printed, because each origin is a separate browser store (a page on localhost would not see the traces a page on
 * 127.0.0.1 stored). Only loopback names are moved; a server bound to a wildcard address is reached under any name.
 */
export function canonicalLocation(req: IncomingMessage, canonicalHost: string): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host === canonicalHost) return null;
  const name = hostnameOf(host);
  if (name === null || !isLoopbackName(name) || hostnameOf(canonicalHost) === '0.0.0.0') return null;
  return `http://${canonicalHost}${req.url ?? '/'}`;
}
