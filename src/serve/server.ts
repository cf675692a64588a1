import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerInfo } from '@core/wire/protocol';
import { writeServerFile } from '../server/mcp/server-file';
import type { ReceiverLimits } from '../server/receiver/http-handler';
import { urlHost } from '../server/receiver/listen';
import { isAllowedHost } from '../server/security/host-check';
import { type LoupeServer, startServer } from '../server/start-server';
import type { ServeOptions } from './args';
import { handleCommandRequest } from './commands-route';
import { canonicalLocation, createPageKey, isOwnPage, keyMissingMessage, type PageKey } from './page-key';
import { ProfileLedger } from './profile-ledger';
import { createStaticHandler } from './static-files';
import { createWsEndpoint } from './ws-endpoint';

export interface ServeHandle extends LoupeServer {
  info: ServerInfo;
  /** The link that opens the UI with this launch's key (`http://127.0.0.1:<port>/?key=…`): printed, and in serve.json. */
  pageUrl: string;
}

/** Where the page asks whether it holds the key, before it opens its channels (a WebSocket cannot say why it failed). */
export const SESSION_PATH = '/api/loupe/session';

/** Headless mode could not listen: the message says which ports were tried and how to choose another. */
export class ServeStartError extends Error {}

/**
 * Headless Loupe: the same server as the desktop app, plus what a browser needs on the same port: the built UI,
 * the commands route and the WebSocket its store worker connects to. Rejects with a ServeStartError when no port
 * could be had; other problems are in `problems` and were sent as notices.
 */
export async function startServe(
  options: ServeOptions,
  rendererDir: string,
  limits?: Partial<ReceiverLimits>,
  convertWorker?: string,
): Promise<ServeHandle> {
  const staticFiles = createStaticHandler(rendererDir);
  // Known once the port is: the key's cookie is named after it.
  let page: { key: PageKey; canonicalHost: string; url: string } | null = null;
  const server = await startServer({
    dataDir: options.dataDir,
    host: options.host,
    port: options.port,
    strictPort: options.portExplicit,
    portHint: '--port',
    grpc: options.grpc && { port: options.grpc.port, strictPort: options.grpc.explicit },
    grpcHint: { port: '--grpc-port', turnOn: 'start Loupe without --no-grpc to receive OTLP/gRPC' },
    credentials: options.credentials,
    spoolMaxBytes: options.spoolMaxBytes,
    limits,
    convertWorker,
    otherRequests: (req, res, commands) => {
      if (!isAllowedHost(req.headers.host, options.host)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden: unknown Host');
        return;
      }
      if (!page) {
        res
          .writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' })
          .end('Loupe is starting');
        return;
      }
      const current = page;
      const ownPage = (r: IncomingMessage) => (isOwnPage(r, current.key) ? null : keyMissingMessage(current.url));
      if (servePageRequest(req, res, current, ownPage)) return;
      if (handleCommandRequest(commands, req, res, ownPage)) return;
      staticFiles(req, res).catch(() => res.destroy());
    },
  });
  const { info } = server;
  if (!info) {
    await server.close();
    throw new ServeStartError(server.problems.at(-1) ?? 'Loupe could not listen');
  }
  const canonicalHost = `${urlHost(options.host)}:${info.port}`.toLowerCase();
  const key = createPageKey(info.port);
  page = { key, canonicalHost, url: `http://${canonicalHost}/?key=${key.value}` };
  const endpoint = createWsEndpoint({
    hub: server.hub,
    info: () => info,
    boundHost: options.host,
    isOwnPage: (req) => isOwnPage(req, key),
    ledger: new ProfileLedger(options.dataDir),
    queries: server.queries,
  });
  server.http.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head));

  // Lets other tools find the running server (the spool of batches not yet stored lives beside it), and the user the
  // link again: readable by the user only, since it carries the key.
  const removeServerFile = writeServerFile(options.dataDir, info, { pageUrl: page.url });
  return {
    ...server,
    info,
    pageUrl: page.url,
    close: () => {
      endpoint.close();
      return server.close().finally(removeServerFile);
    },
  };
}

/**
 * The page's own requests before the static files: the canonical origin, the key in a link, and the page's question
 * whether it holds the key. Returns false for everything else.
 */
function servePageRequest(
  req: IncomingMessage,
  res: ServerResponse,
  page: { key: PageKey; canonicalHost: string },
  ownPage: (req: IncomingMessage) => string | null,
): boolean {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://loupe.invalid');
  if (url.pathname === SESSION_PATH) {
    if (method !== 'POST') {
      res
        .writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' })
        .end(`use POST for ${SESSION_PATH}`);
      return true;
    }
    const refused = ownPage(req);
    const body = JSON.stringify(refused === null ? { ok: true } : { error: refused });
    res.writeHead(refused === null ? 200 : 403, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(body);
    return true;
  }
  if (method !== 'GET' && method !== 'HEAD') return false;
  const elsewhere = canonicalLocation(req, page.canonicalHost);
  if (elsewhere) {
    res
      .writeHead(308, { location: elsewhere, 'content-type': 'text/plain; charset=utf-8' })
      .end(`Loupe is at ${elsewhere}`);
    return true;
  }
  const linkKey = url.searchParams.get('key');
  if (linkKey === null) return false;
  // The key leaves the address bar (and the history) either way; only this launch's key signs the browser in.
  url.searchParams.delete('key');
  const rest = url.searchParams.size > 0 ? `?${url.searchParams}` : '';
  res.writeHead(303, {
    location: `${url.pathname}${rest}`,
    'cache-control': 'no-store',
    ...(page.key.matches(linkKey) ? { 'set-cookie': page.key.setCookie() } : {}),
  });
  res.end();
  return true;
}
