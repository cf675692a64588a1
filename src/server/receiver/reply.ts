import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeStatus } from '@core/otlp/response';
import { parseMediaType } from './media-type';
import { ReceiverError } from './read-body';

export type WireFormat = 'json' | 'protobuf';

/** The format an OTLP reply uses: the request's, as far as its exact media type tells; JSON otherwise. */
export function replyFormat(req: IncomingMessage): WireFormat {
  const essence = parseMediaType(req.headers['content-type'])?.essence;
  return essence === 'application/x-protobuf' || essence === 'application/protobuf' ? 'protobuf' : 'json';
}

export function sendBody(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
  head = false,
): void {
  if (res.headersSent) return;
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(length), ...headers });
  res.end(head ? undefined : body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  head = false,
): void {
  sendBody(res, status, JSON.stringify(body), 'application/json', headers, head);
}

/**
 * Answers with the error as a `google.rpc.Status` in the request's format. A body left unread (size limit hit,
 * or refused before reading) closes the connection instead of being read to the end for keep-alive.
 */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: ReceiverError,
  format: WireFormat,
  extraHeaders: Record<string, string> = {},
): void {
  const headers: Record<string, string> = { ...error.headers, ...extraHeaders };
  if (!req.complete) headers.connection = 'close';
  const body = encodeStatus(format, error.code, error.message);
  sendBody(res, error.status, body, format === 'protobuf' ? 'application/x-protobuf' : 'application/json', headers);
  if (!req.complete) req.resume();
}

export function asReceiverError(error: unknown, fallback: (message: string) => ReceiverError): ReceiverError {
  if (error instanceof ReceiverError) return error;
  return fallback(error instanceof Error ? error.message : String(error));
}
