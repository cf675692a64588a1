import { mapLogRecords } from '@core/logs/map-logs';
import { OtlpDecodeError } from '@core/otlp/decode';
import { decodeOtlpLogs } from '@core/otlp/decode-logs';
import type { OtlpSignal } from '@core/otlp/response';
import { truncateLogValues } from '@core/otlp/truncate';
import { noticeCut } from '../convert/otlp-convert';
import { type ScanTraces, scanHere } from '../convert/scan-thread';
import type { ForwardTee } from '../forward/forward-queue';
import type { BatchHub } from '../hub/batch-hub';
import { SpoolFullError } from '../spool/spool-full-error';
import { GRPC, ReceiverError, type ReceiverLimits } from './read-body';

/**
 * One OTLP export request, already read and decompressed, from either transport: OTLP/HTTP (`otlp-traces.ts`) and
 * OTLP/gRPC (`grpc-receiver.ts`) differ only in how they frame the bytes and spell the answer. Resolves once what it
 * accepted is durable, with what OTLP partial success reports; throws a ReceiverError naming the problem.
 */
export interface ExportRequest {
  signal: OtlpSignal;
  format: 'json' | 'protobuf';
  body: Uint8Array;
  transport: 'http' | 'grpc';
  /** The HTTP path, or the gRPC method's path (`/opentelemetry.proto.collector.logs.v1.LogsService/Export`). */
  path: string;
}

export interface ExportContext {
  hub: BatchHub;
  limits: ReceiverLimits;
  forward?: ForwardTee | null;
  /** How trace bodies are checked before the answer: in this thread without it. */
  scan?: ScanTraces;
}

export interface ExportOutcome {
  rejected: number;
  /** '' when everything was accepted. */
  errorMessage: string;
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

function tooMany(count: number, what: string, limits: ReceiverLimits): ReceiverError {
  return new ReceiverError(
    413,
    GRPC.RESOURCE_EXHAUSTED,
    `request holds ${count} ${what}, more than the limit of ${limits.maxSpansPerRequest} (maxSpansPerRequest); lower the exporter's batch size`,
  );
}

/** How a request is named in messages: `POST /v1/logs`, `gRPC /opentelemetry.proto.collector.logs.v1.LogsService/Export`. */
export function describeRequest(request: Pick<ExportRequest, 'transport' | 'path'>): string {
  return `${request.transport === 'grpc' ? 'gRPC' : 'POST'} ${request.path}`;
}

/** The batch's source: `otlp-json /v1/traces`, `otlp-grpc /opentelemetry.proto.collector.trace.v1.TraceService/Export`. */
function sourceOf(request: ExportRequest): string {
  return `${request.transport === 'grpc' ? 'otlp-grpc' : `otlp-${request.format}`} ${request.path}`;
}

export async function acceptExport(request: ExportRequest, ctx: ExportContext): Promise<ExportOutcome> {
  try {
    switch (request.signal) {
      case 'traces':
        return await acceptTraces(request, ctx);
      case 'logs':
        return await acceptLogs(request, ctx);
      case 'metrics':
        // Langfuse accepts metrics and drops them; so does Loupe, so that exporters pointed here do not log errors.
        return { rejected: 0, errorMessage: '' };
    }
  } catch (error) {
    throw storeError(error);
  }
}

/**
 * A partial success is told where the user looks, not only to the sender: rejected spans or records, and also values
 * dropped from ones that were kept (the answer then rejects nothing but carries the message).
 */
function noticePartial(ctx: ExportContext, via: string, rejected: number, errorMessage: string): void {
  if (rejected > 0) ctx.hub.notice('warning', `Partly accepted ${via}: ${errorMessage}`);
  else if (errorMessage) ctx.hub.notice('warning', `Accepted ${via} with changes: ${errorMessage}`);
}

/**
 * Traces: check the body (it decodes, its span count, which spans partial success rejects), keep it durably as
 * received, and answer. Decoding and mapping come after, on the batch's way to a writer: the check costs a fraction
 * of them, so a sender is answered about as fast as the disk allows.
 */
async function acceptTraces(request: ExportRequest, ctx: ExportContext): Promise<ExportOutcome> {
  const { format } = request;
  const via = describeRequest(request);
  // The body checked is the one kept: the check may have moved its bytes to another thread and back.
  const { scanned, body } = await (ctx.scan ?? scanHere)(request.body, format);
  const { spans, rejected, errorMessage } = scanned;
  if (spans > ctx.limits.maxSpansPerRequest) throw tooMany(spans, 'spans', ctx.limits);
  noticePartial(ctx, via, rejected, errorMessage);
  if (spans > rejected) {
    await ctx.hub.pushRaw({ format, path: via, body, spans: spans - rejected }, sourceOf(request));
    ctx.forward?.enqueue(format === 'json' ? 'otlp-json' : 'otlp-protobuf', body);
  }
  return { rejected, errorMessage };
}

/**
 * Log records are decoded and mapped here, before answering: unlike spans, they are few and small next to the spans
 * they belong to (a GenAI call sends a handful), so a fast path would buy little. They are not forwarded upstream.
 */
async function acceptLogs(request: ExportRequest, ctx: ExportContext): Promise<ExportOutcome> {
  const { format, body } = request;
  const via = describeRequest(request);
  const decoded = decodeOtlpLogs(body, format);
  if (decoded.length > ctx.limits.maxSpansPerRequest) throw tooMany(decoded.length, 'log records', ctx.limits);
  const { records, rejected, errorMessage } = mapLogRecords(decoded, Date.now());
  noticePartial(ctx, via, rejected, errorMessage);
  const cut = truncateLogValues(records, ctx.limits.maxValueBytes);
  noticeCut(cut, ctx.limits.maxValueBytes, via, (level, message) => ctx.hub.notice(level, message), 'log record value');
  if (records.length > 0) await ctx.hub.push([], sourceOf(request), { logs: records });
  return { rejected, errorMessage };
}
