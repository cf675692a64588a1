import { formatBytes } from '@core/otlp/truncate';
import type { Backlog } from '@core/wire/protocol';
import { type ConnectionStatus, useConnectionStore } from '../connection/connection-store';
import { type BacklogStatus, backlogLabel, backlogStatus } from '../connection/drain';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  disconnected: 'Disconnected, retrying…',
};

/** The hover text of a backlog: the numbers behind the short label. */
function backlogTitle(backlog: Backlog, status: BacklogStatus, rate: number | null): string {
  const parts = [
    `${backlog.spans.toLocaleString('en-US')} spans in ${backlog.batches.toLocaleString('en-US')} batches wait to be stored (${backlog.inFlightBatches} batches in the store's hands)`,
  ];
  if (rate) parts.push(`storing about ${Math.round(rate).toLocaleString('en-US')} spans/s`);
  if (backlog.spoolLimitBytes)
    parts.push(`spool ${formatBytes(backlog.spoolBytes)} of ${formatBytes(backlog.spoolLimitBytes)}`);
  if (status.showProgress) parts.push(`${Math.floor(status.progress * 100)} % of this backlog stored`);
  return parts.join('; ');
}

/**
 * How the link to the server stands, and whether the store keeps up: "Live" only when nothing waits, otherwise how
 * much does and about how long it takes. Read out politely by screen readers as it changes.
 */
export function StatusDot() {
  const status = useConnectionStore((s) => s.status);
  const backlog = useConnectionStore((s) => s.backlog);
  const rate = useConnectionStore((s) => s.drainRate);
  const startStored = useConnectionStore((s) => s.backlogStartStored);
  const locked = useConnectionStore((s) => s.locked);
  // A backlog is reported over the link: while it is down, the last report is stale.
  const storing = status === 'connected' ? backlogStatus(backlog, rate, startStored) : null;
  const label = locked ? 'Not connected: no key' : storing ? backlogLabel(storing) : LABELS[status];
  const title = locked ?? (storing && backlog ? backlogTitle(backlog, storing, rate) : label);
  return (
    <span
      className={`status status-${locked ? 'disconnected' : storing ? 'storing' : status}`}
      role="status"
      aria-live="polite"
      title={title}
      data-testid="connection-status"
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{label}</span>
      {storing?.showProgress && (
        <span
          className="status-progress"
          role="progressbar"
          aria-label="Backlog stored"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.floor(storing.progress * 100)}
        >
          <span className="status-progress-bar" style={{ transform: `scaleX(${storing.progress})` }} />
        </span>
      )}
    </span>
  );
}
