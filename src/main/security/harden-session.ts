import type { Session } from 'electron';
import { contentSecurityPolicy } from '../../server/security/csp';

/** Copy buttons need this one; cameras, notifications, geolocation and the rest are never needed. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Applies the CSP to every response the window loads, and refuses permission prompts. */
export function hardenSession(session: Session, devServerUrl?: string): void {
  const csp = contentSecurityPolicy(devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(details.responseHeaders ?? {})) {
      // Ours replaces whatever the dev server sent, whatever its spelling.
      if (key.toLowerCase() !== 'content-security-policy') headers[key] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}
