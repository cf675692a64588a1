import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { ServerInfo } from '@core/wire/protocol';
import { createCommands } from '../server/commands/commands';
import { registerSettingsHandlers } from '../server/commands/settings-commands';
import { registerTransferHandlers } from '../server/commands/transfer-commands';
import type { Forwarder } from '../server/forward/forwarder';
import { startForwarder } from '../server/forward/start-forwarder';
import { BatchHub } from '../server/hub/batch-hub';
import { MediaStore } from '../server/media/media-store';
import { createReceiver, type ReceiverLimits } from '../server/receiver/http-handler';
import { listenWithFallback, portMovedMessage } from '../server/receiver/listen';
import { isAllowedHost } from '../server/security/host-check';
import { credentialsSource } from '../server/settings/credentials';
import { priceTableSource } from '../server/settings/prices-source';
import { SettingsFile } from '../server/settings/settings-file';
import { Spool } from '../server/spool/spool';
import type { ServeOptions } from './args';
import { handleCommandRequest } from './commands-route';
import { createStaticHandler } from './static-files';
import { createWsBridge } from './ws-endpoint';

/** How many ports after the default to try when it is taken. */
const PORT_FALLBACKS = 20;

export interface ServeHandle {
  info: ServerInfo;
  /** Set when the default port was taken; already sent to the UI as a notice. */
  portMessage: string | null;
  hub: BatchHub;
  /** Tees accepted requests upstream per the forwarding settings; null when its queue could not be opened. */
  forwarder: Forwarder | null;
  close(): Promise<void>;
}

export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** One HTTP server for everything: the OTLP receiver, the WebSocket bridge, and the built UI. */
export async function startServe(
  options: ServeOptions,
  rendererDir: string,
  limits?: Partial<ReceiverLimits>,
  convertWorker?: string,
): Promise<ServeHandle> {
  mkdirSync(options.dataDir, { recursive: true });
  let hub: BatchHub | null = null;
  const store = await Spool.open({
    dir: join(options.dataDir, 'spool'),
    maxBytes: options.spoolMaxBytes,
    onProblem: (message) => hub?.notice('error', message),
  });
  hub = new BatchHub({ store });
  const forwarding = await startForwarder(options.dataDir, hub);
  const keys = credentialsSource(options.credentials, options.dataDir);
  const receiver = createReceiver({
    hub,
    limits,
    media: new MediaStore(join(options.dataDir, 'media')),
    credentials: keys,
    prices: priceTableSource(options.dataDir, (message) => hub?.notice('warning', message)),
    boundHost: options.host,
    forward: forwarding?.forwarder ?? null,
    convertWorker,
  });
  const staticFiles = createStaticHandler(rendererDir);
  let info: ServerInfo = { host: options.host, port: options.port, endpoint: '' };
  const commands = createCommands();
  registerSettingsHandlers(commands, {
    settings: new SettingsFile(options.dataDir),
    endpoint: () => (info.endpoint ? selfEndpoint(options.host, info.port, info.endpoint) : null),
    credentials: keys,
  });
  registerTransferHandlers(commands, hub, forwarding?.forwarder ?? null);

  const server = createServer((req, res) => {
    if (receiver(req, res)) return;
    if (!isAllowedHost(req.headers.host, options.host)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden: unknown Host');
      return;
    }
    if (handleCommandRequest(commands, req, res)) return;
    staticFiles(req, res).catch(() => res.destroy());
  });
  const bridge = createWsBridge({ hub, info: () => info, boundHost: options.host });
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  // A malformed request must not take the server down; Node answers 400 by itself when it can.
  server.on('clientError', (_error, socket) => socket.destroy());

  const tries = options.portExplicit ? 1 : PORT_FALLBACKS + 1;
  let bound: Awaited<ReturnType<typeof listenWithFallback>>;
  try {
    bound = await listenWithFallback(server, options.host, options.port, tries);
  } catch (error) {
    bridge.close();
    await forwarding?.close();
    await hub.close();
    throw error;
  }
  const { port, movedFrom } = bound;
  info = { host: options.host, port, endpoint: `http://${urlHost(options.host)}:${port}` };
  const portMessage = movedFrom === null ? null : portMovedMessage(movedFrom, port);
  if (portMessage) hub.notice('warning', portMessage);

  // Lets other tools find the running server; the spool of batches not yet stored lives beside it.
  const infoFile = join(options.dataDir, 'serve.json');
  writeFileSync(
    infoFile,
    `${JSON.stringify({ pid: process.pid, host: options.host, port, startedAt: new Date().toISOString() }, null, 2)}\n`,
  );

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      bridge.close();
      server.close(() => {
        removeInfoFile(infoFile);
        // After the last request: a batch being spooled for an open request still gets its fsync and its ack record.
        Promise.all([hub.close(), forwarding?.close()]).finally(resolve);
      });
      server.closeIdleConnections();
      // Requests still in flight get a moment to finish; after that nothing is worth waiting for.
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
    return closing;
  };
  return { info, portMessage, hub, forwarder: forwarding?.forwarder ?? null, close };
}

/** How this process reaches its own receiver: a wildcard bind is reached over loopback. */
function selfEndpoint(host: string, port: number, endpoint: string): string {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return endpoint;
}

/** Removes serve.json unless another server started since and wrote its own. */
function removeInfoFile(path: string): void {
  try {
    const { pid } = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
    if (pid === process.pid) rmSync(path, { force: true });
  } catch {
    // Already gone or unreadable: nothing to clean up.
  }
}
