import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenSession } from './harden-session';

vi.mock('electron', () => ({}));

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

type RequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
type CheckHandler = (wc: unknown, permission: string) => boolean;

interface FakeSession {
  headersListener: HeadersListener | null;
  requestHandler: RequestHandler | null;
  checkHandler: CheckHandler | null;
  webRequest: { onHeadersReceived(listener: HeadersListener): void };
  setPermissionRequestHandler(handler: RequestHandler): void;
  setPermissionCheckHandler(handler: CheckHandler): void;
}

function fakeSession(): FakeSession {
  const fake: FakeSession = {
    headersListener: null,
    requestHandler: null,
    checkHandler: null,
    webRequest: {
      onHeadersReceived: (listener) => {
        fake.headersListener = listener;
      },
    },
    setPermissionRequestHandler: (handler) => {
      fake.requestHandler = handler;
    },
    setPermissionCheckHandler: (handler) => {
      fake.checkHandler = handler;
    },
  };
  return fake;
}

function headersFor(fake: FakeSession, responseHeaders: Record<string, string[]>) {
  let result: Record<string, string[]> | undefined;
  fake.headersListener?.({ responseHeaders }, (r) => {
    result = r.responseHeaders;
  });
  return result ?? {};
}

describe('hardenSession', () => {
  it('replaces any CSP with the strict one and keeps other headers', () => {
    const fake = fakeSession();
    hardenSession(fake as unknown as Session);
    const headers = headersFor(fake, { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Type']).toEqual(['text/html']);
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('lets the dev server run its inline preamble and hot-reload socket, and nothing more', () => {
    const fake = fakeSession();
    hardenSession(fake as unknown as Session, 'http://localhost:5173/');
    const csp = headersFor(fake, {})['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self' ws://localhost:5173");
  });

  it('refuses permission requests except clipboard writes', () => {
    const fake = fakeSession();
    hardenSession(fake as unknown as Session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-sanitized-write']) {
      fake.requestHandler?.({}, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, true]);
    expect(fake.checkHandler?.({}, 'media')).toBe(false);
  });
});
