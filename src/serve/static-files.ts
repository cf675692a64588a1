import { readFile, stat } from 'node:fs/promises';
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

/** Files up to this size are kept in memory once read: the page's scripts are a few MB in all. */
const CACHE_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The bytes of the built files, read once: the page's bundle goes out in one write even while the server is busy
 * converting a backlog, instead of a file read per 64 KiB chunk. A file changed on disk is read again.
 */
const cached = new Map<string, { mtimeMs: number; size: number; body: Buffer }>();

async function contents(file: { path: string; size: number; mtime: Date }): Promise<Buffer> {
  const hit = cached.get(file.path);
  if (hit && hit.mtimeMs === file.mtime.getTime() && hit.size === file.size) return hit.body;
  const body = await readFile(file.path);
  if (body.length <= CACHE_MAX_BYTES) cached.set(file.path, { mtimeMs: file.mtime.getTime(), size: file.size, body });
  return body;
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
    let body: Buffer;
    try {
      body = method === 'HEAD' ? Buffer.alloc(0) : await contents(file);
    } catch {
      notFound(res);
      return;
    }
    const ext = extname(file.path).toLowerCase();
    // Vite puts content hashes in the names of what it emits under assets/, so those never change.
    const cache = pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'content-length': String(method === 'HEAD' ? file.size : body.length),
      'last-modified': file.mtime.toUTCString(),
      'cache-control': cache,
      ...SECURITY_HEADERS,
    });
    res.end(method === 'HEAD' ? undefined : body);
  };
}
