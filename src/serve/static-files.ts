import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../server/security/csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

const SECURITY_HEADERS = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

function notFound(res: ServerResponse, status = 404, message = 'Not found'): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(message);
}

async function fileAt(path: string): Promise<{ path: string; size: number; mtime: Date } | null> {
  try {
    const info = await stat(path);
    if (info.isFile()) return { path, size: info.size, mtime: info.mtime };
    if (info.isDirectory()) return fileAt(join(path, 'index.html'));
  } catch {
    // Missing or unreadable: the caller decides between the index.html fallback and a 404.
  }
  return null;
}

/**
 * Serves the built renderer. GET paths without an extension fall back to index.html (a reloaded deep link);
 * anything resolving outside `rootDir` is refused.
 */
export function createStaticHandler(rootDir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = resolve(rootDir);
  return async (req, res) => {
    const method = req.method ?? 'GET';
    // No UI lives under /api/: an API path nobody answered does not exist, whatever the method.
    if ((req.url ?? '/').startsWith('/api/')) {
      notFound(res, 404, `No such endpoint: ${method} ${(req.url ?? '/').split('?', 1)[0]}`);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      notFound(res, 400, 'Bad request');
      return;
    }
    const target = resolve(root, `.${pathname}`);
    if (pathname.includes('\0') || (target !== root && !target.startsWith(root + sep))) {
      notFound(res);
      return;
    }
    let file = await fileAt(target);
    if (!file && extname(pathname) === '') file = await fileAt(join(root, 'index.html'));
    if (!file) {
      notFound(res);
      return;
    }
    const ext = extname(file.path).toLowerCase();
    // Vite puts content hashes in the names of what it emits under assets/, so those never change.
    const cache = pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'content-length': String(file.size),
      'last-modified': file.mtime.toUTCString(),
      'cache-control': cache,
      ...SECURITY_HEADERS,
    });
    if (method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}
