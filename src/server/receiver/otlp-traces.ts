import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeExportResponse, type OtlpSignal } from '@core/otlp/response';
import { describeContentType, parseMediaType } from './media-type';
import { acceptExport, type ExportContext } from './otlp-export';
import { type ContentEncoding, GRPC, parseContentEncoding, ReceiverError, readBody } from './read-body';
import { sendBody, type WireFormat } from './reply';
import { OTLP_TYPES } from './routes';

/** The format of an OTLP body, from its exact media type; 415 naming the type for anything else. */
function parseOtlpContentType(header: string | undefined): WireFormat {
  const essence = parseMediaType(header)?.essence;
  if (essence === 'application/json') return 'json';
  if (essence === 'application/x-protobuf' || essence === 'application/protobuf') return 'protobuf';
  const what = essence ? `content-type ${essence}` : describeContentType(header);
  throw new ReceiverError(
    415,
    GRPC.INVALID_ARGUMENT,
    `${what} is not OTLP; send the content-type header as ${OTLP_TYPES.join(' or ')}`,
  );
}

/** `POST /v1/traces`, `/v1/logs`, `/v1/metrics` (and their `/api/public/otel` twins): OTLP/HTTP framing. */
export async function receiveOtlp(
  signal: OtlpSignal,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ExportContext,
): Promise<void> {
  const format = parseOtlpContentType(req.headers['content-type']);
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
  sendBody(res, 200, body, type);
}
