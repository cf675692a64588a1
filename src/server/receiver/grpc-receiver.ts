import { encodeExportResponse, encodeRetryStatus, type OtlpSignal } from '@core/otlp/response';
import { formatBytes } from '@core/otlp/truncate';
import {
  logVerbosity,
  Metadata,
  Server,
  ServerCredentials,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerUnaryCall,
  type ServiceDefinition,
  type StatusObject,
  type sendUnaryData,
  setLogVerbosity,
  status,
} from '@grpc/grpc-js';
import type { ScanTraces } from '../convert/scan-thread';
import type { ForwardTee } from '../forward/forward-queue';
import type { BatchHub } from '../hub/batch-hub';
import { type Credentials, isAuthorized } from '../settings/credentials';
import { type Bind, PortInUseError, urlHost } from './listen';
import { acceptExport, describeRequest } from './otlp-export';
import { DEFAULT_LIMITS, GRPC, ReceiverError, type ReceiverLimits } from './read-body';

/**
 * OTLP/gRPC: the three Export methods OTLP defines, each a unary call whose request bytes go to `acceptExport` as
 * they are, like an OTLP/HTTP protobuf body. The service definition is written here with identity (de)serializers
 * instead of loading the .proto files: Loupe's scanner and decoder read the message, and decoding it once more in
 * grpc-js would only cost time. grpc-js takes care of HTTP/2, framing and `grpc-encoding: gzip`.
 *
 * Failures answer with the ReceiverError's gRPC code and message. A full spool is UNAVAILABLE with a
 * `google.rpc.RetryInfo` in `grpc-status-details-bin`: OTLP names UNAVAILABLE as the retryable code for
 * backpressure (RESOURCE_EXHAUSTED is retried only with RetryInfo, and not by every exporter), and the RetryInfo says
 * when. Everything else Loupe refuses (bad data, too many spans, missing keys) is not worth retrying: INVALID_ARGUMENT,
 * RESOURCE_EXHAUSTED without RetryInfo, UNAUTHENTICATED.
 */

const SERVICES: Readonly<Record<OtlpSignal, string>> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
};

export const grpcExportPath = (signal: OtlpSignal) => `/${SERVICES[signal]}/Export`;

const identity = (bytes: Buffer) => bytes;

/** The status a call ends with, as grpc-js passes it to `sendStatus`. */
type GrpcReply = Parameters<ServerInterceptingCallInterface['sendStatus']>[0];

function exportService(signal: OtlpSignal): ServiceDefinition {
  return {
    Export: {
      path: grpcExportPath(signal),
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

export interface GrpcReceiverOptions {
  hub: BatchHub;
  limits?: Partial<ReceiverLimits>;
  /** The keys senders must present in the `authorization` metadata; null (or absent) accepts any. Asked per call. */
  credentials?: () => Credentials | null;
  forward?: ForwardTee | null;
  /** How trace bodies are checked before the answer (`threadScanner`); in this thread without it. */
  scan?: ScanTraces;
}

const KEYS_MESSAGE =
  'this Loupe is set up with keys: send the metadata authorization: Basic base64(publicKey:secretKey) with the keys from its settings, e.g. OTEL_EXPORTER_OTLP_HEADERS=Authorization=Basic%20<base64>';

/**
 * The receiver as a grpc-js Server, not yet listening (see `bindGrpc`). No Host check as on HTTP: that guards
 * against web pages reached through DNS rebinding, and a browser page cannot make a gRPC call.
 */
export function createGrpcReceiver(options: GrpcReceiverOptions): Server {
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const ctx = { hub: options.hub, limits, forward: options.forward ?? null, scan: options.scan };
  // grpc-js checks one limit per message, on the wire and again after decompression: the larger of the two HTTP
  // limits (256 MiB by default) bounds the memory one request holds, as over HTTP.
  const maxMessageBytes = Math.max(limits.maxBodyBytes, limits.maxDecompressedBytes);
  // grpc-js prints its errors to stderr, a taken port among them; Loupe says what matters in notices instead.
  if (process.env.GRPC_VERBOSITY === undefined) setLogVerbosity(logVerbosity.NONE);
  const server = new Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    interceptors: [noticeRejections(options.hub, maxMessageBytes)],
  });
  for (const signal of Object.keys(SERVICES) as OtlpSignal[]) {
    const path = grpcExportPath(signal);
    const handler = (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      const keys = options.credentials?.() ?? null;
      if (keys && !isAuthorized(metadataText(call.metadata, 'authorization'), keys)) {
        callback(statusOf(new ReceiverError(401, GRPC.UNAUTHENTICATED, KEYS_MESSAGE)));
        return;
      }
      acceptExport({ signal, format: 'protobuf', body: call.request, transport: 'grpc', path }, ctx).then(
        ({ rejected, errorMessage }) => {
          const reply = encodeExportResponse('protobuf', rejected, errorMessage, signal) as Uint8Array;
          callback(null, Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength));
        },
        (error: unknown) => callback(statusOf(error)),
      );
    };
    server.addService(exportService(signal), { Export: handler });
  }
  return server;
}

function metadataText(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : value?.toString('utf8');
}

/** A refusal as a gRPC status; a spool that asks for a retry later gets its RetryInfo. */
function statusOf(error: unknown): Pick<StatusObject, 'code' | 'details'> & { metadata?: Metadata } {
  if (!(error instanceof ReceiverError))
    return { code: status.INTERNAL, details: `could not process the request: ${(error as Error).message}` };
  const metadata = new Metadata();
  const retryAfter = Number(error.headers['retry-after']);
  if (error.headers['retry-after'] !== undefined && Number.isFinite(retryAfter))
    metadata.set('grpc-status-details-bin', Buffer.from(encodeRetryStatus(error.code, error.message, retryAfter)));
  return { code: error.code, details: error.message, metadata };
}

/**
 * Tells the user about every refused call, as the HTTP receiver does: the exporter usually only logs it somewhere
 * unseen. grpc-js refuses some calls before any handler runs (a message over the size limit, gzip that does not
 * inflate) by calling `sendStatus` on the call it hands to the first interceptor; watching that method there sees
 * those statuses as well as the handlers'. Their messages are rewritten into Loupe's words, naming the limit and what
 * to do. A call the client cancelled was refused by nobody and gets no notice; a full spool is the hub's to tell.
 */
function noticeRejections(hub: BatchHub, maxMessageBytes: number): ServerInterceptor {
  return (method, call) => {
    const send = call.sendStatus.bind(call);
    let sent = false;
    call.sendStatus = (reply) => {
      const answer = inLoupeWords(reply, maxMessageBytes);
      // A full spool (UNAVAILABLE) is told by the hub once per episode, as for OTLP/HTTP.
      const quiet = [status.OK, status.CANCELLED, status.UNAVAILABLE].includes(answer.code);
      if (!sent && !quiet) {
        const via = describeRequest({ transport: 'grpc', path: method.path });
        hub.notice('error', `Rejected ${via} (${status[answer.code]}): ${answer.details}`);
      }
      sent = true;
      send(answer);
    };
    return new ServerInterceptingCall(call);
  };
}

function inLoupeWords(reply: GrpcReply, maxMessageBytes: number): GrpcReply {
  const details = reply.details ?? '';
  if (reply.code === status.RESOURCE_EXHAUSTED && details.startsWith('Received message')) {
    return {
      ...reply,
      details: `request message is larger than the limit of ${formatBytes(maxMessageBytes)} (maxDecompressedBytes); lower the exporter's batch size`,
    };
  }
  if (reply.code === status.INTERNAL && details.startsWith('Failed to decompress')) {
    return {
      ...reply,
      code: status.INVALID_ARGUMENT,
      details: "request message is not valid gzip data; check the exporter's compression setting",
    };
  }
  return reply;
}

/** Binds the gRPC server to `host`, for `listenWithFallback`. */
export function bindGrpc(server: Server, host: string): Bind {
  return (port) =>
    new Promise((resolve, reject) => {
      server.bindAsync(`${urlHost(host)}:${port}`, ServerCredentials.createInsecure(), (error, bound) => {
        if (!error) resolve(bound);
        // grpc-js reports the listen errors of every address it tried in one message.
        else reject(error.message.includes('EADDRINUSE') ? new PortInUseError(port) : error);
      });
    });
}

/** Stops taking calls; those in flight get a moment to finish (their batch may be on its way to the disk). */
export function closeGrpc(server: Server, graceMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.forceShutdown(), graceMs);
    force.unref();
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
