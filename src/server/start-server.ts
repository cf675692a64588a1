import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ServerInfo } from '@core/wire/protocol';
import type { Server as GrpcServer } from '@grpc/grpc-js';
import { type Commands, createCommands } from './commands/commands';
import { registerSettingsHandlers } from './commands/settings-commands';
import { registerTransferHandlers } from './commands/transfer-commands';
import { threadScanner } from './convert/scan-thread';
import type { Forwarder } from './forward/forwarder';
import { startForwarder } from './forward/start-forwarder';
import { BatchHub } from './hub/batch-hub';
import { createMcpRoute, MCP_PATH } from './mcp/mcp-route';
import { loadMcpToken } from './mcp/mcp-token';
import { StoreQueries } from './mcp/store-queries';
import { MediaFiles } from './media/media-files';
import { answerClientError } from './receiver/client-error';
import { bindGrpc, closeGrpc, createGrpcReceiver } from './receiver/grpc-receiver';
import { createReceiver, type ReceiverLimits } from './receiver/http-handler';
import {
  bindHttp,
  grpcPortMovedMessage,
  listenWithFallback,
  PortInUseError,
  portMovedMessage,
  urlHost,
} from './receiver/listen';
import { type Credentials, credentialsSource } from './settings/credentials';
import { priceTableSource } from './settings/prices-source';
import { SettingsFile } from './settings/settings-file';
import { Spool } from './spool/spool';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4318;
export const DEFAULT_GRPC_PORT = 4317;
/** How many ports after the wanted one to try when it is taken. */
const PORT_FALLBACKS = 20;
/** An exporter retries every few seconds: one notice a minute says it without flooding the list. */
const GRPC_NOTICE_EVERY_MS = 60_000;

export interface ServerOptions {
  /** Where Loupe keeps its files: the spool, media, forwarding queue and `settings.json`. */
  dataDir: string;
  host?: string;
  /**
   * The port to listen on (without it, the one in the settings); when taken, the next free one of the following ports
   * unless `strictPort`.
   */
  port?: number;
  strictPort?: boolean;
  /** How the user picks another port in this app, for the message when none is free ("--port", "the settings"). */
  portHint: string;
  /**
   * The OTLP/gRPC port, or null for no gRPC receiver; without it, the settings' `grpc`. When taken, the next free one
   * of the following ports unless `strictPort`.
   */
  grpc?: { port: number; strictPort?: boolean } | null;
  /** How the user picks another gRPC port, and how to turn gRPC on, in this app, for messages. */
  grpcHint: { port: string; turnOn: string };
  /** Keys senders must present; null leaves it to `settings.json` (and without keys there, any sender is accepted). */
  credentials?: Credentials | null;
  /** Disk space for batches not yet stored, past which senders get 503. */
  spoolMaxBytes?: number;
  limits?: Partial<ReceiverLimits>;
  /** The built convert-worker.js: received bodies are decoded there. Without it, in this thread. */
  convertWorker?: string;
  /**
   * How long a request's headers, and the whole request, may take to arrive before it is answered 408 (Node's
   * defaults, 60 s and 300 s, without them); checked every `checkEveryMs` (Node's default 30 s).
   */
  timeouts?: { headersMs?: number; requestMs?: number; checkEveryMs?: number };
  /** Answers what the receiver does not own (the headless UI and its commands); without it, such requests get 404. */
  otherRequests?: (req: IncomingMessage, res: ServerResponse, commands: Commands) => void;
  /** Loupe's version, as the MCP server introduces itself. */
  version?: string;
}

export interface LoupeServer {
  /** Where senders reach Loupe; null when no port could be had (then a notice says why, and `problems` has it). */
  info: ServerInfo | null;
  /** The HTTP server, for the transports that share its port (the headless WebSocket). */
  http: Server;
  hub: BatchHub;
  /** The MCP server's questions to the store writers: each store link attaches here. */
  queries: StoreQueries;
  commands: Commands;
  settings: SettingsFile;
  forwarder: Forwarder | null;
  /**
   * What went wrong while starting, each message as the user needs it (also sent as a notice): the app goes on
   * without the part named, and the entry decides whether it may (the desktop app keeps its window, headless exits
   * when it cannot listen).
   */
  problems: string[];
  /** Set when the wanted port was taken and another is used; already a notice. */
  portMessage: string | null;
  /** The same for the gRPC port. */
  grpcPortMessage: string | null;
  close(): Promise<void>;
}

/**
 * The data directory holds prompts, completions and keys: readable by this user only, like the browser profile and
 * the desktop app's user data directory. One that others may read (created before, or by hand) is closed up.
 */
function keepPrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** How this process reaches its own receiver: a wildcard bind is reached over loopback. */
function selfEndpoint(info: ServerInfo): string {
  if (info.host === '0.0.0.0') return `http://127.0.0.1:${info.port}`;
  if (info.host === '::') return `http://[::1]:${info.port}`;
  return info.endpoint;
}

/**
 * The hub over the durable spool, so batches received while no page stored them survive a quit or a crash. A spool
 * that cannot be opened does not stop Loupe: it holds batches in memory, and says so.
 */
async function openHub(dir: string, maxBytes: number | undefined, problem: (message: string) => void) {
  let hub: BatchHub | null = null;
  try {
    const store = await Spool.open({ dir, maxBytes, onProblem: (message) => hub?.notice('error', message) });
    hub = new BatchHub({ spool: store });
  } catch (error) {
    hub = new BatchHub();
    problem(
      `Loupe could not open its spool in ${dir} (${(error as Error).message}); traces received while no window or page stores them are kept in memory only, and lost if Loupe stops`,
    );
  }
  return hub;
}

/**
 * Builds and starts Loupe's server, the same in the desktop app and in headless mode: settings, spool and hub,
 * forwarding, the commands, the receiver, one HTTP server on the wanted port and the OTLP/gRPC server on its own.
 * The entries only add their transport to the store writer (a MessagePort, a WebSocket) and their own UI.
 *
 * Every failure has one policy: what can run, runs, and what cannot is named in a notice (and in `problems`) with
 * what to do. Nothing here throws for a taken port, an unusable spool or an unreadable `settings.json`, and a gRPC
 * port that cannot be had leaves OTLP/HTTP running.
 */
export async function startServer(options: ServerOptions): Promise<LoupeServer> {
  const host = options.host ?? DEFAULT_HOST;
  const problems: string[] = [];
  let hub: BatchHub | null = null;
  const early: string[] = [];
  const problem = (message: string) => {
    problems.push(message);
    if (hub) hub.notice('error', message);
    else early.push(message);
  };
  try {
    keepPrivate(options.dataDir);
  } catch (error) {
    problem(`Loupe could not create its data directory ${options.dataDir} (${(error as Error).message})`);
  }
  const settings = new SettingsFile(options.dataDir, problem);
  const wantedPort = options.port ?? settings.get().port;
  const { grpc: grpcSetting } = settings.get();
  const wantedGrpc =
    options.grpc === undefined ? (grpcSetting.enabled ? { port: grpcSetting.port } : null) : options.grpc;
  hub = await openHub(join(options.dataDir, 'spool'), options.spoolMaxBytes, problem);
  for (const message of early) hub.notice('error', message);
  settings.watch();
  const forwarding = await startForwarder(options.dataDir, hub, settings);
  const credentials = credentialsSource(options.credentials ?? null, settings);
  let media: MediaFiles | null = null;
  try {
    media = new MediaFiles(join(options.dataDir, 'media'));
  } catch (error) {
    problem(
      `Loupe cannot keep media files in ${join(options.dataDir, 'media')} (${(error as Error).message}); images the Langfuse SDKs upload are refused`,
    );
  }
  // One checking thread for both transports; created with the decoding thread's file, started on first use.
  const scan = options.convertWorker
    ? threadScanner(options.convertWorker, (message) => hub?.notice('warning', message))
    : undefined;
  const receiver = createReceiver({
    hub,
    limits: options.limits,
    media,
    credentials,
    prices: priceTableSource(settings, (message) => hub?.notice('warning', message)),
    boundHost: host,
    allowedOrigins: () => settings.get().cors.allowedOrigins,
    forward: forwarding?.forwarder ?? null,
    convertWorker: options.convertWorker,
    scan,
  });

  let info: ServerInfo | null = null;
  const commands = createCommands();
  registerSettingsHandlers(commands, {
    settings,
    endpoint: () => (info ? selfEndpoint(info) : null),
    credentials,
  });
  registerTransferHandlers(commands, hub, forwarding?.forwarder ?? null);

  // The MCP server for coding agents, on the receiver's port and ahead of its routes (ADR 0015).
  const queries = new StoreQueries();
  const mcpToken = loadMcpToken(options.dataDir);
  if (mcpToken.problem)
    problem(`${mcpToken.problem}; coding agents can reach Loupe's MCP server only with the receiver's keys`);
  const mcp = createMcpRoute({
    boundHost: host,
    token: mcpToken.token,
    credentials,
    enabled: () => settings.get().mcp.enabled,
    queries,
    version: options.version ?? '0.0.0',
  });
  commands.register('mcpConnection', () => ({
    enabled: settings.get().mcp.enabled,
    url: info ? `${selfEndpoint(info)}${MCP_PATH}` : null,
    token: mcpToken.token,
  }));

  const notFound = (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({ code: 5, message: `no such endpoint: ${req.method} ${req.url}` });
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  const otherRequests = options.otherRequests ?? notFound;
  const { timeouts } = options;
  const http = createServer(
    {
      ...(timeouts?.headersMs === undefined ? {} : { headersTimeout: timeouts.headersMs }),
      ...(timeouts?.requestMs === undefined ? {} : { requestTimeout: timeouts.requestMs }),
      ...(timeouts?.checkEveryMs === undefined ? {} : { connectionsCheckingInterval: timeouts.checkEveryMs }),
    },
    (req, res) => {
      if (!mcp(req, res) && !receiver(req, res)) otherRequests(req, res, commands);
    },
  );
  // A malformed request must not take the server down, and its sender is told why (431, 408, 400) before it closes.
  let grpcNoticeAt = Number.NEGATIVE_INFINITY;
  http.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    answerClientError(error, socket);
    // A gRPC exporter opens with the HTTP/2 preface; it would only report "14 UNAVAILABLE", so say what to set.
    if (error.code !== 'HPE_PAUSED_H2_UPGRADE' || !info || Date.now() - grpcNoticeAt < GRPC_NOTICE_EVERY_MS) return;
    grpcNoticeAt = Date.now();
    hub?.notice('warning', grpcRefusedMessage(info.port, info.grpcPort, options.grpcHint.turnOn));
  });

  let portMessage: string | null = null;
  const tries = options.strictPort ? 1 : PORT_FALLBACKS + 1;
  try {
    const bound = await listenWithFallback(bindHttp(http, host), wantedPort, tries);
    info = { host, port: bound.port, endpoint: `http://${urlHost(host)}:${bound.port}`, grpcPort: null };
    if (bound.movedFrom !== null) {
      portMessage = portMovedMessage(bound.movedFrom, bound.port);
      hub.notice('warning', portMessage);
    }
  } catch (error) {
    problem(listenFailedMessage(error, wantedPort, tries, options.portHint));
  }

  // After the HTTP port, so that it keeps 4318 when the gRPC port moves up from a taken 4317.
  let grpc: GrpcServer | null = null;
  let grpcPortMessage: string | null = null;
  if (wantedGrpc) {
    grpc = createGrpcReceiver({
      hub,
      limits: options.limits,
      credentials,
      forward: forwarding?.forwarder ?? null,
      scan,
    });
    const grpcTries = wantedGrpc.strictPort ? 1 : PORT_FALLBACKS + 1;
    try {
      const bound = await listenWithFallback(bindGrpc(grpc, host), wantedGrpc.port, grpcTries);
      if (info) info.grpcPort = bound.port;
      if (bound.movedFrom !== null) {
        grpcPortMessage = grpcPortMovedMessage(bound.movedFrom, bound.port);
        hub.notice('warning', grpcPortMessage);
      }
    } catch (error) {
      problem(grpcListenFailedMessage(error, wantedGrpc.port, grpcTries, options.grpcHint.port));
    }
  }

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      settings.close();
      const finish = () => {
        // After the last request: a batch being spooled for an open request still gets its fsync and its ack record.
        Promise.all([hub?.close(), forwarding?.close()]).finally(resolve);
      };
      const httpClosed = new Promise<void>((done) => {
        if (!http.listening) return done();
        http.close(() => done());
        http.closeIdleConnections();
        // Requests still in flight get a moment to finish; after that nothing is worth waiting for.
        setTimeout(() => http.closeAllConnections(), 1000).unref();
      });
      Promise.all([httpClosed, grpc ? closeGrpc(grpc) : null]).then(finish);
    });
    return closing;
  };
  return {
    info,
    http,
    hub,
    queries,
    commands,
    settings,
    forwarder: forwarding?.forwarder ?? null,
    problems,
    portMessage,
    grpcPortMessage,
    close,
  };
}

/**
 * What to tell the user when an OTLP/gRPC exporter reaches the HTTP port: where gRPC is received, or, with gRPC off,
 * how to send OTLP/HTTP instead and how to turn gRPC on (`turnOn`).
 */
export function grpcRefusedMessage(port: number, grpcPort: number | null, turnOn: string): string {
  const tried = `An OpenTelemetry exporter tried OTLP over gRPC on port ${port}, which speaks OTLP/HTTP only`;
  const http = `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf and OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${port} (or use the OTLP/HTTP exporter package)`;
  if (grpcPort !== null)
    return `${tried}: Loupe receives OTLP/gRPC on port ${grpcPort}, so set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${grpcPort}, or send OTLP/HTTP with ${http}`;
  return `${tried}, and its OTLP/gRPC receiver is off: set ${http}, or ${turnOn}`;
}

function portsTaken(port: number, tries: number): string {
  return tries === 1
    ? `port ${port} is in use by another process`
    : `ports ${port} to ${port + tries - 1} are all in use by other processes`;
}

/** What to tell the user when no port could be had: which ones were tried, and how to choose another. */
function listenFailedMessage(error: unknown, port: number, tries: number, portHint: string): string {
  if (!(error instanceof PortInUseError))
    return `Loupe cannot receive traces: listening on port ${port} failed (${(error as Error).message})`;
  return `${portsTaken(port, tries)}, so Loupe cannot receive traces: free port ${port}, or choose another with ${portHint}`;
}

/** The same for the gRPC port: Loupe goes on receiving OTLP/HTTP. */
function grpcListenFailedMessage(error: unknown, port: number, tries: number, portHint: string): string {
  if (!(error instanceof PortInUseError))
    return `Loupe cannot receive OTLP/gRPC: listening on port ${port} failed (${(error as Error).message}); OTLP/HTTP still works`;
  return `${portsTaken(port, tries)}, so Loupe cannot receive OTLP/gRPC (OTLP/HTTP still works): free port ${port}, or choose another with ${portHint}`;
}
