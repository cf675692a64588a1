import type { ServerInfo } from '@core/wire/protocol';

/**
 * The base URL SDKs should send to. Until the server says, a page served by the headless server can
 * assume its own origin (the receiver listens there); the desktop app has no such fallback.
 */
export function sdkEndpoint(info: ServerInfo | null): string | null {
  if (info) return info.endpoint;
  if (typeof window !== 'undefined' && window.location.protocol.startsWith('http')) return window.location.origin;
  return null;
}

/** Where OTLP/gRPC exporters should send: the same host on the gRPC port; null when Loupe does not receive gRPC. */
export function grpcEndpoint(info: ServerInfo | null): string | null {
  if (!info || info.grpcPort === null) return null;
  const url = new URL(info.endpoint);
  url.port = String(info.grpcPort);
  return url.origin;
}

/** Why there is no gRPC endpoint, and where that is changed in this app. */
export function grpcOffNote(desktop: boolean): string {
  return desktop
    ? 'Off, or its port was taken (see the notices): Settings → OTLP/gRPC, then restart Loupe.'
    : 'Off (--no-grpc), or its port was taken (see the notices).';
}
