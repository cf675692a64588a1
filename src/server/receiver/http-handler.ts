import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PriceTable } from '@core/cost/compute-cost';
import { version } from '../../../package.json';
import { threadConverter } from '../convert/convert-thread';
import { otlpConverter } from '../convert/otlp-convert';
import type { ScanTraces } from '../convert/scan-thread';
import type { ForwardTee } from '../forward/forward-queue';
import type { BatchHub } from '../hub/batch-hub';
import type { MediaFiles } from '../media/media-files';
import { isAllowedHost } from '../security/host-check';
import { type Credentials, isAuthorized } from '../settings/credentials';
import {
  announceMedia,
  describeMedia,
  LOCAL_PROJECT,
  patchMedia,
  promptNotFound,
  serveMedia,
  uploadMedia,
} from './langfuse-api';
import { receiveIngestion } from './langfuse-ingestion';
import { describeContentType, parseMediaType } from './media-type';
import { judgeOrigin, type OriginVerdict, refusedOriginMessage } from './origin-policy';
import { receiveOtlp } from './otlp-traces';
import {
  ClientGoneError,
  DEFAULT_LIMITS,
  DecompressBusyError,
  GRPC,
  ReceiverError,
  type ReceiverLimits,
} from './read-body';
import { asReceiverError, replyFormat, sendError, sendJson, type WireFormat } from './reply';
import { allowHeader, isReceiverNamespace, type Match, matchRoute, type RouteSpec } from './routes';

export { DEFAULT_LIMITS, type ReceiverLimits } from './read-body';

export interface ReceiverOptions {
  hub: BatchHub;
  limits?: Partial<ReceiverLimits>;
  /** Where media files go; without it the media endpoints answer 501. */
  media?: MediaFiles | null;
  /** The keys senders must present; null (or absent) accepts any request. Asked per request: they may change. */
  credentials?: () => Credentials | null;
  /** The address the server is bound to: with loopback, only loopback names are accepted as Host. */
  boundHost?: string;
  /** Tees each accepted request to the upstream, once its batch is in the spool (forwarding settings). */
  forward?: ForwardTee | null;
  /** The price table for computed cost (the user's prices in front of the built-in ones). Asked per request. */
  prices?: () => PriceTable;
  /** The built convert-worker.js: received bodies are decoded and mapped there. Without it, in this thread. */
  convertWorker?: string;
  /** How trace bodies are checked before the answer (`threadScanner`); in this thread without it. */
  scan?: ScanTraces;
  /**
   * Web page origins the user allowed to send, besides loopback pages and Loupe's own (exact origins such as
   * `https://app.example.com`; `"*"` allows any). Asked per request: they may change.
   */
  allowedOrigins?: () => readonly string[];
}

/** A page that keeps posting from a refused origin is told about once a minute, not once per request. */
const ORIGIN_NOTICE_EVERY_MS = 60_000;

/**
 * The receiver: OTLP/HTTP and the Langfuse public API endpoints SDKs call. Returns false for paths it does not own,
 * so the caller can serve other things. Every path checks the Host header (DNS rebinding); senders present the
 * configured keys, if any; browser pages may send only from loopback origins, Loupe's own, or ones the user allowed
 * (`origin-policy.ts`), and nothing stored is readable cross-origin.
 */
export function createReceiver(options: ReceiverOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { hub } = options;
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const conversion = { prices: options.prices, maxValueBytes: limits.maxValueBytes };
  hub.setConverter(
    options.convertWorker ? threadConverter(options.convertWorker, conversion) : otlpConverter(conversion),
  );
  const boundHost = options.boundHost ?? '127.0.0.1';
  const originNoticeAt = new Map<string, number>();
  const context: RejectContext = {
    hub,
    noticeOrigin: (origin) => {
      const now = Date.now();
      if (now - (originNoticeAt.get(origin) ?? Number.NEGATIVE_INFINITY) < ORIGIN_NOTICE_EVERY_MS) return false;
      if (originNoticeAt.size >= 100) originNoticeAt.clear();
      originNoticeAt.set(origin, now);
      return true;
    },
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = matchRoute(path);
    if (!route && !isReceiverNamespace(path)) return false;
    const method = req.method ?? 'GET';
    const verdict = judgeOrigin(req.headers.origin, req.headers.host, options.allowedOrigins?.() ?? []);
    const cors = corsHeaders(route?.spec ?? null, verdict);
    const fail = (error: ReceiverError, format?: WireFormat) => reject(context, req, res, path, error, cors, format);
    if (!isAllowedHost(req.headers.host, boundHost)) {
      const message = `Host "${req.headers.host ?? ''}" is not this Loupe; use http://localhost:<port> or http://127.0.0.1:<port>`;
      fail(new ReceiverError(403, GRPC.PERMISSION_DENIED, message));
      return true;
    }
    // Before the body is read: a page may post without a preflight (text/plain, a form), and only this stops it.
    if (verdict.kind === 'refused') {
      fail(new OriginRefusedError(verdict.origin));
      return true;
    }
    if (!route) {
      const message = `no such endpoint: ${method} ${path}; Loupe receives OTLP at /v1/traces, /v1/logs and /v1/metrics, and the Langfuse API under /api/public`;
      fail(new ReceiverError(404, GRPC.NOT_FOUND, message), 'json');
      return true;
    }
    if (method === 'OPTIONS') {
      const headers = route.spec.cors && verdict.kind === 'allowed' ? preflightHeaders(req, route.spec, cors) : {};
      res.writeHead(204, { allow: allowHeader(route.spec), ...headers }).end();
      return true;
    }
    if (!route.spec.methods.includes(method)) {
      const allow = allowHeader(route.spec);
      fail(
        new ReceiverError(405, GRPC.UNIMPLEMENTED, `method ${method} is not allowed on ${path}; use ${allow}`, {
          allow,
        }),
      );
      return true;
    }
    const keys = route.spec.auth ? (options.credentials?.() ?? null) : null;
    if (keys && !isAuthorized(req.headers.authorization, keys)) {
      const message =
        'this Loupe is set up with keys: send Authorization: Basic base64(publicKey:secretKey) with the keys from its settings (LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY)';
      fail(new ReceiverError(401, GRPC.UNAUTHENTICATED, message, { 'www-authenticate': 'Basic realm="Loupe"' }));
      return true;
    }
    const unaccepted = unacceptedType(req, method, path, route.spec);
    if (unaccepted) {
      fail(unaccepted);
      return true;
    }
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    handle(route, method, req, res, options, limits).catch((error: unknown) => {
      if (error instanceof ClientGoneError) return;
      const internal = (message: string) =>
        new ReceiverError(500, GRPC.INTERNAL, `could not process the request: ${message}`);
      fail(asReceiverError(error, internal));
    });
    return true;
  };
}

class OriginRefusedError extends ReceiverError {
  constructor(readonly origin: string) {
    super(403, GRPC.PERMISSION_DENIED, refusedOriginMessage(origin));
  }
}

/**
 * The CORS headers a reply carries: the page's own origin for an allowed page on a sending route, never `*`, and
 * `vary: origin` on every reply of a sending route, since what it says depends on the origin.
 */
function corsHeaders(spec: RouteSpec | null, verdict: OriginVerdict): Record<string, string> {
  if (!spec?.cors) return {};
  if (verdict.kind !== 'allowed') return { vary: 'origin' };
  return { 'access-control-allow-origin': verdict.origin, vary: 'origin' };
}

/** A body's type is checked before it is read: 415 naming what came and what the path takes. */
function unacceptedType(req: IncomingMessage, method: string, path: string, spec: RouteSpec): ReceiverError | null {
  if (!spec.accepts || method === 'GET' || method === 'HEAD') return null;
  const header = req.headers['content-type'];
  const essence = parseMediaType(header)?.essence;
  if (essence && spec.accepts.includes(essence)) return null;
  const what = essence ? `content-type ${essence}` : describeContentType(header);
  const verb = essence || header === undefined || header.trim() === '' ? 'is not accepted' : 'is not a media type';
  return new ReceiverError(
    415,
    GRPC.INVALID_ARGUMENT,
    `${what} ${verb} on ${method} ${path}; send the content-type header as ${spec.accepts.join(' or ')}`,
  );
}

async function handle(
  route: Match,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
  options: ReceiverOptions,
  limits: ReceiverLimits,
): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
  const { hub } = options;
  const media = options.media ?? null;
  const forward = options.forward ?? null;
  switch (route.name) {
    case 'traces':
    case 'logs':
    case 'metrics':
      return receiveOtlp(route.name, path, req, res, { hub, limits, forward, scan: options.scan });
    case 'health':
      return sendJson(res, 200, { status: 'OK', version }, {}, method === 'HEAD');
    case 'ingestion':
      return receiveIngestion(req, res, hub, limits, forward, options.prices?.());
    case 'media':
      return announceMedia(req, res, media, limits);
    case 'media-item':
      return method === 'PATCH'
        ? patchMedia(route.param, req, res, media, limits)
        : describeMedia(route.param, req, res, media);
    case 'media-upload':
      return uploadMedia(route.param, req, res, media, limits);
    case 'media-bytes':
      return serveMedia(route.param, res, media, method === 'HEAD');
    case 'prompt':
      throw promptNotFound(route.param);
    case 'projects':
      return sendJson(res, 200, { data: [LOCAL_PROJECT] });
  }
}

interface RejectContext {
  hub: BatchHub;
  /** Whether a refusal of this origin is worth a notice now. */
  noticeOrigin: (origin: string) => boolean;
}

/** Answers with the error and tells the user: the SDK that sent it usually only logs it somewhere unseen. */
function reject(
  context: RejectContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  error: ReceiverError,
  cors: Record<string, string>,
  format: WireFormat = replyFormat(req),
): void {
  if (worthNotice(context, error)) {
    const level = error.status === 405 ? 'warning' : 'error';
    context.hub.notice(level, `Rejected ${req.method} ${path} (${error.status}): ${error.message}`);
  }
  sendError(req, res, error, format, cors);
}

/**
 * A missing prompt is how SDKs ask whether one exists: worth no notice. A full spool (503) is told by the hub once
 * per episode, and busy decompression here once per episode: their senders retry every few seconds, and a notice
 * per refusal would bury it. A page posting from a refused origin is told about once a minute.
 */
function worthNotice(context: RejectContext, error: ReceiverError): boolean {
  if (error instanceof DecompressBusyError) return error.startsEpisode;
  if (error instanceof OriginRefusedError) return context.noticeOrigin(error.origin);
  return error.status !== 404 && error.status !== 503;
}

const TOKEN_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

function preflightHeaders(req: IncomingMessage, spec: RouteSpec, cors: Record<string, string>): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    ...cors,
    'access-control-allow-methods': spec.methods.filter((m) => m !== 'GET' && m !== 'HEAD').join(', '),
    // Browser SDKs send content-encoding, authorization and x-langfuse-* headers: allow what they ask for.
    'access-control-allow-headers':
      requested && TOKEN_LIST.test(requested) ? requested : 'content-type, content-encoding, authorization',
    'access-control-max-age': '600',
  };
}
