import { type ConnectionStatus, useConnectionStore } from '../connection/connection-store';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  disconnected: 'Disconnected, retrying…',
};

export function StatusDot() {
  const status = useConnectionStore((s) => s.status);
  return (
    <span className={`status status-${status}`} title={LABELS[status]}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{LABELS[status]}</span>
    </span>
  );
}
