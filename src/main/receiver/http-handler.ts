import type { IncomingMessage, ServerResponse } from 'node:http';
import { mapSpans } from '@core/conventions/map-span';
import { decodeOtlpTraces, OtlpDecodeError } from '@core/otlp/decode';
import { version } from '../../../package.json';
import type { BatchHub } from '../bridge/batch-hub';
import {
  ClientGoneError,
  type ContentEncoding,
  DEFAULT_LIMITS,
  GRPC,
  parseContentEncoding,
  ReceiverError,
  type ReceiverLimits,
  readBody,
} from './read-body';

export { DEFAULT_LIMITS, type ReceiverLimits } from './read-body';

export interface ReceiverOptions {
  hub: BatchHub;
  limits?: Partial<ReceiverLimits>;
}

type Route = 'traces' | 'metrics' | 'health';

const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/v1/traces', 'traces'],
  ['/api/public/otel/v1/traces', 'traces'],
  ['/api/public/otel/v1/metrics', 'metrics'],
  ['/api/public/health', 'health'],
]);

const ALLOWED: Record<Route, string> = {
  traces: 'POST, OPTIONS',
  metrics: 'POST, OPTIONS',
  health: 'GET, HEAD, OPTIONS',
};

type Format = 'json' | 'protobuf';

function parseContentType(header: string | undefined): Format {
  const value = (header ?? '').toLowerCase();
  if (value.includes('application/json')) return 'json';
  if (value.includes('application/x-protobuf') || value.includes('application/protobuf')) return 'protobuf';
  const named = value === '' ? 'no content-type' : `unsupported content-type "${value}"`;
  throw new ReceiverError(415, GRPC.INVALID_ARGUMENT, `${named}; send application/json or application/x-protobuf`);
}

/**
 * The OTLP/HTTP receiver. Returns false for paths it does not own, so the caller can serve other things.
 * Browser SDKs may post traces from any origin (CORS), but nothing else is readable cross-origin.
 */
export function createReceiver(options: ReceiverOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { hub } = options;
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS, ...options.limits };

  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = ROUTES.get(path);
    if (!route) return false;
    const method = req.method ?? 'GET';
    const cors = route !== 'health';

    if (method === 'OPTIONS') {
      res.writeHead(204, { allow: ALLOWED[route], ...(cors ? preflightHeaders(req) : {}) }).end();
      return true;
    }
    const allowed = route === 'health' ? method === 'GET' || method === 'HEAD' : method === 'POST';
    if (!allowed) {
      const error = new ReceiverError(
        405,
        GRPC.UNIMPLEMENTED,
        `method ${method} is not allowed; use ${ALLOWED[route]}`,
        {
          allow: ALLOWED[route],
        },
      );
      reject(hub, req, res, path, error, cors);
      return true;
    }
    if (route === 'health') {
      sendJson(res, 200, { status: 'OK', version }, {}, method === 'HEAD');
      return true;
    }
    handlePost(route, path, req, res, hub, limits).catch((error: unknown) => {
      if (error instanceof ClientGoneError) return;
      reject(hub, req, res, path, asReceiverError(error), cors);
    });
    return true;
  };
}

async function handlePost(
  route: 'traces' | 'metrics',
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  hub: BatchHub,
  limits: ReceiverLimits,
): Promise<void> {
  if (route === 'metrics') {
    // Langfuse accepts metrics and drops them; so do we, so that exporters pointed here do not log errors.
    const format = req.headers['content-type']?.includes('protobuf') ? 'protobuf' : 'json';
    req.resume();
    await new Promise<void>((resolve) => {
      req.once('end', resolve);
      req.once('close', resolve);
    });
    if (req.complete) sendSuccess(res, format);
    return;
  }
  const format = parseContentType(req.headers['content-type']);
  const encoding: ContentEncoding = parseContentEncoding(req.headers['content-encoding']);
  const body = await readBody(req, encoding, limits);
  const spans = decodeOtlpTraces(body, format);
  if (spans.length > limits.maxSpansPerRequest) {
    throw new ReceiverError(
      413,
      GRPC.RESOURCE_EXHAUSTED,
      `request holds ${spans.length} spans, more than the limit of ${limits.maxSpansPerRequest} (maxSpansPerRequest); lower the exporter's batch size`,
    );
  }
  if (spans.length > 0) hub.push(mapSpans(spans), `otlp-${format} ${path}`);
  sendSuccess(res, format);
}

function asReceiverError(error: unknown): ReceiverError {
  if (error instanceof ReceiverError) return error;
  if (error instanceof OtlpDecodeError) return new ReceiverError(400, GRPC.INVALID_ARGUMENT, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ReceiverError(500, GRPC.INTERNAL, `could not process the request: ${message}`);
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
  const level = error.status === 405 ? 'warning' : 'error';
  hub.notice(level, `Rejected ${req.method} ${path} (${error.status}): ${error.message}`);
  // Unread body left (size limit hit, or refused before reading): close instead of reading it all for keep-alive.
  const headers: Record<string, string> = { ...error.headers, ...(cors ? { 'access-control-allow-origin': '*' } : {}) };
  if (!req.complete) headers.connection = 'close';
  sendJson(res, error.status, { code: error.code, message: error.message }, headers);
  if (!req.complete) req.resume();
}

function sendSuccess(res: ServerResponse, format: Format): void {
  const cors = { 'access-control-allow-origin': '*' };
  if (format === 'protobuf') {
    // An empty ExportTraceServiceResponse encodes to zero bytes.
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '0', ...cors }).end();
  } else {
    sendJson(res, 200, {}, cors);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, head = false) {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(head ? undefined : text);
}

const TOKEN_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST',
    // Browser SDKs send content-encoding, authorization and x-langfuse-* headers: allow what they ask for.
    'access-control-allow-headers':
      requested && TOKEN_LIST.test(requested) ? requested : 'content-type, content-encoding, authorization',
    'access-control-max-age': '600',
  };
}
