import type { IncomingMessage, ServerResponse } from 'node:http';
import { mapSpans } from '@core/conventions/map-span';
import { DEFAULT_PRICE_TABLE, type PriceTable } from '@core/cost/compute-cost';
import { decodeOtlpTraces, OtlpDecodeError } from '@core/otlp/decode';
import { encodeExportResponse } from '@core/otlp/response';
import { formatBytes, truncateLargeValues } from '@core/otlp/truncate';
import { validateSpans } from '@core/otlp/validate';
import type { BatchHub } from '../bridge/batch-hub';
import type { ForwardTee } from '../forward/forward-queue';
import { SpoolFullError } from '../spool/spool-full-error';
import { cpuLane } from './cpu-lane';
import {
  type ContentEncoding,
  GRPC,
  parseContentEncoding,
  ReceiverError,
  type ReceiverLimits,
  readBody,
} from './read-body';
import { CORS_ALLOW_ANY, sendBody, type WireFormat } from './reply';

export function parseContentType(header: string | undefined): WireFormat {
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
 * `POST /v1/traces`: decode, keep the valid spans (OTLP partial success for the others), cut oversized values,
 * map, and answer 200 only once the batch is durably queued.
 */
export async function receiveTraces(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  hub: BatchHub,
  limits: ReceiverLimits,
  forward: ForwardTee | null = null,
  prices: PriceTable = DEFAULT_PRICE_TABLE,
): Promise<void> {
  const format = parseContentType(req.headers['content-type']);
  const encoding: ContentEncoding = parseContentEncoding(req.headers['content-encoding']);
  const body = await readBody(req, encoding, limits);
  try {
    const spans = await cpuLane.run(() => decodeOtlpTraces(body, format));
    if (spans.length > limits.maxSpansPerRequest) {
      throw new ReceiverError(
        413,
        GRPC.RESOURCE_EXHAUSTED,
        `request holds ${spans.length} spans, more than the limit of ${limits.maxSpansPerRequest} (maxSpansPerRequest); lower the exporter's batch size`,
      );
    }
    const { valid, rejected, errorMessage } = validateSpans(spans);
    const cut = truncateLargeValues(valid, limits.maxValueBytes);
    if (cut > 0) {
      hub.notice(
        'warning',
        `${cut} attribute value${cut === 1 ? ' was' : 's were'} larger than ${formatBytes(limits.maxValueBytes)} in POST ${path}; ` +
          'Loupe kept the start of each, marked "truncated by Loupe"',
      );
    }
    if (rejected > 0) hub.notice('warning', `Partly accepted POST ${path}: ${errorMessage}`);
    if (valid.length > 0) {
      const observations = await cpuLane.run(() => mapSpans(valid, prices));
      // push serializes the batch for the spool before it returns its promise: that is the lane's step.
      await (await cpuLane.run(() => ({ stored: hub.push(observations, `otlp-${format} ${path}`) }))).stored;
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
