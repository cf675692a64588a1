import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PriceTable } from '@core/cost/compute-cost';
import { version } from '../../../package.json';
import { threadConverter } from '../convert/convert-thread';
import { otlpConverter } from '../convert/otlp-convert';
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
import { receiveOtlp } from './otlp-traces';
import { ClientGoneError, DEFAULT_LIMITS, GRPC, ReceiverError, type ReceiverLimits } from './read-body';
import { asReceiverError, CORS_ALLOW_ANY, replyFormat, sendError, sendJson } from './reply';
import { allowHeader, type Match, matchRoute, type RouteSpec } from './routes';

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
}

/**
 * The receiver: OTLP/HTTP and the Langfuse public API endpoints SDKs call. Returns false for paths it does not own,
 * so the caller can serve other things. Every path checks the Host header (DNS rebinding); senders present the
 * configured keys, if any; browsers may post from any origin (CORS), but nothing stored is readable cross-origin.
 */
export function createReceiver(options: ReceiverOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { hub } = options;
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const conversion = { prices: options.prices, maxValueBytes: limits.maxValueBytes };
  hub.setConverter(
    options.convertWorker ? threadConverter(options.convertWorker, conversion) : otlpConverter(conversion),
  );
  const boundHost = options.boundHost ?? '127.0.0.1';
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = matchRoute(path);
    if (!route) return false;
    const method = req.method ?? 'GET';
    const cors = route.spec.cors && method !== 'GET' && method !== 'HEAD';
    const fail = (error: ReceiverError) => reject(hub, req, res, path, error, cors);
    if (!isAllowedHost(req.headers.host, boundHost)) {
      const message = `Host "${req.headers.host ?? ''}" is not this Loupe; use http://localhost:<port> or http://127.0.0.1:<port>`;
      fail(new ReceiverError(403, GRPC.PERMISSION_DENIED, message));
      return true;
    }
    if (method === 'OPTIONS') {
      const headers = route.spec.cors ? preflightHeaders(req, route.spec) : {};
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
    if (cors) res.setHeader('access-control-allow-origin', '*');
    handle(route, method, req, res, options, limits).catch((error: unknown) => {
      if (error instanceof ClientGoneError) return;
      const internal = (message: string) =>
        new ReceiverError(500, GRPC.INTERNAL, `could not process the request: ${message}`);
      fail(asReceiverError(error, internal));
    });
    return true;
  };
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
      return receiveOtlp(route.name, path, req, res, { hub, limits, forward });
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

/** Answers with the error and tells the user: the SDK that sent it usually only logs it somewhere unseen. */
function reject(
  hub: BatchHub,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  error: ReceiverError,
  cors: boolean,
): void {
  // A missing prompt is how SDKs ask whether one exists: worth no notice. A full spool (503) is told by the hub once
  // per episode: its senders retry every few seconds, and a notice per refusal would bury it.
  if (error.status !== 404 && error.status !== 503) {
    const level = error.status === 405 ? 'warning' : 'error';
    hub.notice(level, `Rejected ${req.method} ${path} (${error.status}): ${error.message}`);
  }
  sendError(req, res, error, replyFormat(req), cors ? CORS_ALLOW_ANY : {});
}

const TOKEN_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

function preflightHeaders(req: IncomingMessage, spec: RouteSpec): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': spec.methods.filter((m) => m !== 'GET' && m !== 'HEAD').join(', '),
    // Browser SDKs send content-encoding, authorization and x-langfuse-* headers: allow what they ask for.
    'access-control-allow-headers':
      requested && TOKEN_LIST.test(requested) ? requested : 'content-type, content-encoding, authorization',
    'access-control-max-age': '600',
  };
}
