import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';

const SERVICES = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
} as const;

export interface GrpcReply {
  error: ServiceError | null;
  /** The response message's bytes (empty for a full success). */
  response: Buffer | null;
}

const identity = (bytes: Buffer) => bytes;

/**
 * One OTLP/gRPC Export call to 127.0.0.1 with raw request bytes, as an exporter makes it: for what the exporters
 * never send (garbage, a wrong key, a message over the limit).
 */
export function grpcExport(
  port: number,
  signal: keyof typeof SERVICES,
  body: Uint8Array,
  options: { authorization?: string; gzip?: boolean } = {},
): Promise<GrpcReply> {
  // 2 is gzip in grpc-js's numbering of compression algorithms.
  const client = new Client(
    `127.0.0.1:${port}`,
    credentials.createInsecure(),
    options.gzip ? { 'grpc.default_compression_algorithm': 2 } : {},
  );
  const metadata = new Metadata();
  if (options.authorization) metadata.set('authorization', options.authorization);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      `/${SERVICES[signal]}/Export`,
      identity,
      identity,
      Buffer.from(body),
      metadata,
      (error: ServiceError | null, response?: Buffer) => {
        client.close();
        resolve({ error, response: response ?? null });
      },
    );
  });
}
