import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeExportResponse, type OtlpSignal } from '@core/otlp/response';
import { acceptExport, type ExportContext } from './otlp-export';
import { type ContentEncoding, GRPC, parseContentEncoding, ReceiverError, readBody } from './read-body';
import { CORS_ALLOW_ANY, sendBody, type WireFormat } from './reply';

function parseContentType(header: string | undefined): WireFormat {
  const value = (header ?? '').toLowerCase();
  if (value.includes('application/json')) return 'json';
  if (value.includes('application/x-protobuf') || value.includes('application/protobuf')) return 'protobuf';
  const named = value === '' ? 'no content-type' : `unsupported content-type "${value}"`;
  throw new ReceiverError(415, GRPC.INVALID_ARGUMENT, `${named}; send application/json or application/x-protobuf`);
}

/** `POST /v1/traces`, `/v1/logs`, `/v1/metrics` (and their `/api/public/otel` twins): OTLP/HTTP framing. */
export async function receiveOtlp(
  signal: OtlpSignal,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ExportContext,
): Promise<void> {
  const format = parseContentType(req.headers['content-type']);
  const encoding: ContentEncoding = parseContentEncoding(req.headers['content-encoding']);
  const body = await readBody(req, encoding, ctx.limits);
  const { rejected, errorMessage } = await acceptExport({ signal, format, body, transport: 'http', path }, ctx);
  sendExportResponse(res, format, rejected, errorMessage, signal);
}

function sendExportResponse(
  res: ServerResponse,
  format: WireFormat,
  rejected: number,
  errorMessage: string,
  signal: OtlpSignal,
): void {
  const body = encodeExportResponse(format, rejected, errorMessage, signal);
  const type = format === 'protobuf' ? 'application/x-protobuf' : 'application/json';
  sendBody(res, 200, body, type, CORS_ALLOW_ANY);
}
