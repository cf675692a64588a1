import type { ForwardingSettings } from '../commands/contract';

/**
 * The two kinds of upstream the settings screen offers. Both are stored as plain forwarding settings (an endpoint and
 * headers): a Langfuse project is its OTLP endpoint, `<host>/api/public/otel`, with `Authorization: Basic
 * base64(publicKey:secretKey)`. The forwarder recognises that suffix to send legacy ingestion requests to
 * `<host>/api/public/ingestion` as well.
 */

export const LANGFUSE_OTEL_PATH = '/api/public/otel';

export interface LangfuseUpstream {
  host: string;
  publicKey: string;
  secretKey: string;
}

export function langfuseForwarding(
  upstream: LangfuseUpstream,
): Pick<ForwardingSettings, 'endpoint' | 'headers' | 'protocol'> {
  const base = upstream.host.trim().replace(/\/+$/, '');
  const token = btoa(`${upstream.publicKey.trim()}:${upstream.secretKey.trim()}`);
  return {
    endpoint: `${base}${LANGFUSE_OTEL_PATH}`,
    headers: { Authorization: `Basic ${token}` },
    protocol: 'otlp-http-protobuf',
  };
}

/** The Langfuse host and keys stored settings stand for, or null when the upstream is a plain OTLP endpoint. */
export function asLangfuseUpstream(settings: ForwardingSettings): LangfuseUpstream | null {
  const endpoint = settings.endpoint.trim().replace(/\/+$/, '');
  if (!endpoint.endsWith(LANGFUSE_OTEL_PATH)) return null;
  const auth = Object.entries(settings.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
  let publicKey = '';
  let secretKey = '';
  if (auth.startsWith('Basic ')) {
    try {
      const decoded = atob(auth.slice('Basic '.length).trim());
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        publicKey = decoded.slice(0, colon);
        secretKey = decoded.slice(colon + 1);
      }
    } catch {
      // Not base64: the keys are shown empty, for the user to enter again.
    }
  }
  return { host: endpoint.slice(0, -LANGFUSE_OTEL_PATH.length), publicKey, secretKey };
}
