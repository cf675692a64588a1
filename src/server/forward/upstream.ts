import type { ForwardingSettings } from '@core/commands/contract';
import { LANGFUSE_OTEL_PATH } from '@core/forward/upstream-kind';

/**
 * Where forwarded requests go, from the forwarding settings. The endpoint is an OTLP base URL (`/v1/traces` is
 * appended, as OTEL_EXPORTER_OTLP_ENDPOINT works) or a full traces URL. A Langfuse project is reached through its
 * OTLP endpoint, `<host>/api/public/otel`: that suffix also tells that the upstream is Langfuse, so requests from
 * the legacy ingestion API can go to `<host>/api/public/ingestion` unchanged.
 */

export interface Upstream {
  tracesUrl: string;
  /** Null when the upstream is a plain OTLP endpoint, which has no ingestion API. */
  ingestionUrl: string | null;
  protocol: ForwardingSettings['protocol'];
  headers: Record<string, string>;
}

const LANGFUSE_OTEL = LANGFUSE_OTEL_PATH;
const TRACES = '/v1/traces';

/** Throws, with what to fix, when the endpoint is not an http(s) URL. */
export function resolveUpstream(settings: ForwardingSettings): Upstream {
  const raw = settings.endpoint.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `the forwarding endpoint "${raw}" is not a URL; enter e.g. https://otel-collector.example.com:4318`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the forwarding endpoint must be an http:// or https:// URL, not ${url.protocol}`);
  }
  url.search = '';
  url.hash = '';
  const base = url.toString().replace(/\/+$/, '');
  const tracesUrl = base.endsWith(TRACES) ? base : `${base}${TRACES}`;
  const otelBase = tracesUrl.slice(0, -TRACES.length);
  const ingestionUrl = otelBase.endsWith(LANGFUSE_OTEL)
    ? `${otelBase.slice(0, -LANGFUSE_OTEL.length)}/api/public/ingestion`
    : null;
  return { tracesUrl, ingestionUrl, protocol: settings.protocol, headers: { ...settings.headers } };
}
