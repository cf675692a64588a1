import { useRef, useState } from 'react';
import { useConnectionStore } from '../connection/connection-store';
import { grpcEndpoint, grpcOffNote, sdkEndpoint } from '../lib/endpoint';
import { useDismiss } from '../lib/use-dismiss';
import { CONNECT_HASH } from '../route/route-store';
import { CopyButton } from './CopyButton';

/** Shows where SDKs should send traces; a click opens both endpoints, OTLP/HTTP and OTLP/gRPC, to copy. */
export function EndpointButton() {
  const endpoint = useConnectionStore((s) => sdkEndpoint(s.serverInfo));
  const grpc = useConnectionStore((s) => grpcEndpoint(s.serverInfo));
  const grpcPort = useConnectionStore((s) => s.serverInfo?.grpcPort ?? null);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(open, root, setOpen);

  if (!endpoint) return <span className="endpoint muted">starting…</span>;
  return (
    <div className="endpoint-menu" ref={root}>
      <button
        type="button"
        className="endpoint"
        data-testid="endpoint"
        aria-expanded={open}
        title="Where to send traces"
        onClick={() => setOpen(!open)}
      >
        <span className="mono">{endpoint}</span>
        {grpcPort !== null && <span className="endpoint-grpc">gRPC {grpcPort}</span>}
      </button>
      {open && (
        <div className="endpoint-panel" role="dialog" aria-label="Endpoints" data-testid="endpoint-panel">
          <div className="endpoint-row">
            <span className="endpoint-label">OTLP/HTTP, Langfuse</span>
            <code className="mono">{endpoint}</code>
            <CopyButton text={() => endpoint} />
          </div>
          <div className="endpoint-row" data-testid="endpoint-grpc">
            <span className="endpoint-label">OTLP/gRPC</span>
            {grpc ? (
              <>
                <code className="mono">{grpc}</code>
                <CopyButton text={() => grpc} />
              </>
            ) : (
              <span className="muted endpoint-off">{grpcOffNote(Boolean(window.loupe))}</span>
            )}
          </div>
          {grpc && (
            <p className="muted endpoint-hint">
              gRPC exporters: <code>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</code> and{' '}
              <code>OTEL_EXPORTER_OTLP_ENDPOINT={grpc}</code>
            </p>
          )}
          <a href={CONNECT_HASH} className="endpoint-connect" onClick={() => setOpen(false)}>
            Setup for each SDK
          </a>
        </div>
      )}
    </div>
  );
}
