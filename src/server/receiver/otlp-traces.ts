import type { IncomingMessage, ServerResponse } from 'node:http';
import { OtlpDecodeError } from '@core/otlp/decode';
import { encodeExportResponse } from '@core/otlp/response';
import { scanOtlpTraces } from '@core/otlp/scan';
import type { ForwardTee } from '../forward/forward-queue';
import type { BatchHub } from '../hub/batch-hub';
import { SpoolFullError } from '../spool/spool-full-error';
import {
  type ContentEncoding,
  GRPC,
  parseContentEncoding,
  ReceiverError,
  type ReceiverLimits,
  readBody,
} from './read-body';
import { CORS_ALLOW_ANY, sendBody, type WireFormat } from './reply';

function parseContentType(header: string | undefined): WireFormat {
  const value = (header ?? '').toLowerCase();
  if (value.includes('application/json')) return 'json';
  if (value.includes('application/x-protobuf') || value.includes('application/protobuf')) return 'protobuf';
  const named = value === '' ? 'no content-type' : `unsupported content-type "${value}"`;
  throw new ReceiverError(415, GRPC.INVALID_ARGUMENT, `${named}; send application/json or application/x-protobuf`);
}

/** Maps what can go wrong while storing a batch to the status an exporter understands (503 is retried). */
export function storeError(error: unknown): unknown {
  if (error instanceof SpoolFullError) {
    return new ReceiverError(503, GRPC.UNAVAILABLE, error.message, {
      'retry-after': String(error.retryAfterSeconds),
    });
  }
  if (error instanceof OtlpDecodeError) return new ReceiverError(400, GRPC.INVALID_ARGUMENT, error.message);
  return error;
}

/**
 * `POST /v1/traces`: check the body (it decodes, its span count, which spans OTLP partial success rejects), keep it
 * durably as received, and answer. Decoding and mapping come after, on the batch's way to a writer: the check costs
 * a fraction of them, so a sender is answered about as fast as the disk allows.
 */
export async function receiveTraces(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  hub: BatchHub,
  limits: ReceiverLimits,
  forward: ForwardTee | null = null,
): Promise<void> {
  const format = parseContentType(req.headers['content-type']);
  const encoding: ContentEncoding = parseContentEncoding(req.headers['content-encoding']);
  const body = await readBody(req, encoding, limits);
  try {
    const { spans, rejected, errorMessage } = scanOtlpTraces(body, format);
    if (spans > limits.maxSpansPerRequest) {
      throw new ReceiverError(
        413,
        GRPC.RESOURCE_EXHAUSTED,
        `request holds ${spans} spans, more than the limit of ${limits.maxSpansPerRequest} (maxSpansPerRequest); lower the exporter's batch size`,
      );
    }
    if (rejected > 0) hub.notice('warning', `Partly accepted POST ${path}: ${errorMessage}`);
    if (spans > rejected) {
      await hub.pushRaw({ format, path, body }, `otlp-${format} ${path}`);
      forward?.enqueue(format === 'json' ? 'otlp-json' : 'otlp-protobuf', body);
    }
    sendExportResponse(res, format, rejected, errorMessage);
  } catch (error) {
    throw storeError(error);
  }
}

export function sendExportResponse(res: ServerResponse, format: WireFormat, rejected = 0, errorMessage = ''): void {
  const body = encodeExportResponse(format, rejected, errorMessage);
  const type = format === 'protobuf' ? 'application/x-protobuf' : 'application/json';
  sendBody(res, 200, body, type, CORS_ALLOW_ANY);
}
