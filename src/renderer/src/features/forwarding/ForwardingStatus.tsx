import type { ForwardingStatus as Status } from '@core/commands/contract';
import { useEffect, useState } from 'react';
import { runCommand } from '../../lib/commands';
import { formatTimestamp } from '../../lib/format';
import './forwarding.css';

/** How often the status is asked for while it shows: often enough to watch a queue drain. */
const POLL_MS = 2000;

/** The forwarder's status, asked for every few seconds while a component shows it; null until the first answer. */
function useForwardingStatus(pollMs = POLL_MS): { status: Status | null; error: string | null } {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      try {
        const next = await runCommand('forwardingStatus', null);
        if (stopped) return;
        setStatus(next);
        setError(null);
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
      if (!stopped) timer = setTimeout(poll, pollMs);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [pollMs]);
  return { status, error };
}

const STATE_LABEL: Record<Status['state'], string> = {
  off: 'Off',
  ok: 'Forwarding',
  retrying: 'Retrying',
  failing: 'Failing',
};

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** The forwarding status for the settings screen: state, queue, what was sent, and the last problem. */
export function ForwardingStatus() {
  const { status, error } = useForwardingStatus();
  if (error) return <div className="forwarding-status failing">Forwarding status unavailable: {error}</div>;
  if (!status) return <div className="forwarding-status muted">Asking for the forwarding status…</div>;
  return (
    <div className={`forwarding-status ${status.state}`} data-testid="forwarding-status" data-state={status.state}>
      <div className="forwarding-line">
        <span className={`forwarding-dot ${status.state}`} aria-hidden />
        <strong>{STATE_LABEL[status.state]}</strong>
        {status.enabled && status.endpoint && <span className="mono forwarding-endpoint">{status.endpoint}</span>}
      </div>
      {status.enabled && (
        <div className="forwarding-facts">
          <span>
            {status.queuedBatches.toLocaleString('en-US')} waiting ({bytes(status.queuedBytes)})
          </span>
          <span>{status.sentBatches.toLocaleString('en-US')} sent since start</span>
          {(status.droppedBatches ?? 0) > 0 && <span>{status.droppedBatches} dropped</span>}
          <span>last success: {status.lastSuccessAt ? formatTimestamp(status.lastSuccessAt) : 'none yet'}</span>
        </div>
      )}
      {status.lastError && <div className="forwarding-error">{status.lastError}</div>}
      {(status.notes ?? []).map((n) => (
        <div key={n} className="forwarding-note muted">
          {n}
        </div>
      ))}
    </div>
  );
}

/** A small top-bar badge, only while forwarding is retrying or failing; its tooltip holds the last error. */
export function ForwardingIndicator() {
  const { status } = useForwardingStatus(5000);
  if (!status || (status.state !== 'retrying' && status.state !== 'failing')) return null;
  const title = `Forwarding to ${status.endpoint} is ${status.state}: ${status.lastError ?? 'no answer yet'}. ${status.queuedBatches} batches waiting.`;
  return (
    <span className={`forwarding-indicator ${status.state}`} title={title} data-testid="forwarding-indicator">
      <span className={`forwarding-dot ${status.state}`} aria-hidden />
      Forwarding {status.state}
    </span>
  );
}
