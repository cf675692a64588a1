import { useBridgeStore } from '../../bridge/bridge-store';
import { sdkEndpoint } from '../../lib/endpoint';

/** First run: what to set in the app being traced. Both variables take the base URL; SDKs add the path. */
export function EmptyState() {
  const endpoint = useBridgeStore((s) => sdkEndpoint(s.serverInfo)) ?? 'http://localhost:4318';
  return (
    <div className="empty-state">
      <h1>No traces yet</h1>
      <p>Point your app's tracing at Loupe, run it, and traces show up here as they arrive.</p>
      <h2>OpenTelemetry (any SDK or instrumentation)</h2>
      <pre className="code-block">{`OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`}</pre>
      <h2>Langfuse SDKs</h2>
      <pre className="code-block">{`LANGFUSE_BASE_URL=${endpoint}\nLANGFUSE_PUBLIC_KEY=pk-lf-local\nLANGFUSE_SECRET_KEY=sk-lf-local`}</pre>
      <p className="muted">
        Any Langfuse keys are accepted. OTLP over HTTP, JSON or protobuf, gzip or not, at <code>/v1/traces</code> and{' '}
        <code>/api/public/otel/v1/traces</code>.
      </p>
    </div>
  );
}
