/**
 * The UI shows untrusted SDK data (prompts may hold HTML and scripts): no inline scripts, nothing loaded from
 * elsewhere, no plugins, no framing. Inline styles stay allowed: React style props and layout libraries set them.
 * Images may also come from Loupe's own receiver on loopback (`/media/<id>`, the media the SDKs uploaded), which
 * the desktop window, loaded from a file, does not count as 'self'.
 */
const PRODUCTION = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http://127.0.0.1:* http://localhost:*",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/**
 * The policy for the UI. With a Vite dev server, its React Refresh preamble is an inline script and hot reload
 * talks to the dev server over a WebSocket, so dev mode allows exactly those two things more.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  if (!devServerUrl) return PRODUCTION.join('; ');
  const dev = new URL(devServerUrl);
  const socket = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
  return PRODUCTION.map((directive) => {
    if (directive.startsWith('script-src')) return `${directive} 'unsafe-inline'`;
    if (directive.startsWith('connect-src')) return `${directive} ${socket}`;
    return directive;
  }).join('; ');
}
