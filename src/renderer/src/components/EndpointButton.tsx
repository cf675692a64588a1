import { useEffect, useState } from 'react';
import { useConnectionStore } from '../connection/connection-store';
import { sdkEndpoint } from '../lib/endpoint';

/** Shows where SDKs should send traces; a click copies it. */
export function EndpointButton() {
  const endpoint = useConnectionStore((s) => sdkEndpoint(s.serverInfo));
  const [feedback, setFeedback] = useState<string | null>(null);

  useEffect(() => {
    if (!feedback) return;
    const timer = setTimeout(() => setFeedback(null), 1500);
    return () => clearTimeout(timer);
  }, [feedback]);

  if (!endpoint) return <span className="endpoint muted">starting…</span>;
  const copy = () => {
    navigator.clipboard.writeText(endpoint).then(
      () => setFeedback('Copied'),
      () => setFeedback('Copy failed: select the text instead'),
    );
  };
  return (
    <button type="button" className="endpoint" data-testid="endpoint" onClick={copy} title="Copy the endpoint">
      <span className="mono">{endpoint}</span>
      {feedback && <span className="endpoint-feedback">{feedback}</span>}
    </button>
  );
}
