import { useEffect, useState } from 'react';
import { storeRequest } from '../../connection/connect';
import { useConnectionStore } from '../../connection/connection-store';
import { formatTimestamp } from '../../lib/format';
import { db } from '../../store/local-db';
import { countObservations } from '../../store/queries';
import { formatBytes } from './settings-format';
import { useSettingsStore } from './settings-store';

interface Usage {
  traces: number;
  observations: number;
  usage: number | null;
  quota: number | null;
}

function useStorageUsage(): Usage | null {
  const revision = useConnectionStore((s) => s.revision);
  const [usage, setUsage] = useState<Usage | null>(null);
  useEffect(() => {
    let cancelled = false;
    void revision;
    Promise.all([
      db.traces.count(),
      countObservations(db),
      navigator.storage?.estimate ? navigator.storage.estimate() : Promise.resolve({} as StorageEstimate),
    ]).then(([traces, observations, estimate]) => {
      if (!cancelled) setUsage({ traces, observations, usage: estimate.usage ?? null, quota: estimate.quota ?? null });
    });
    return () => {
      cancelled = true;
    };
  }, [revision]);
  return usage;
}

function LastRun() {
  const run = useSettingsStore((s) => s.lastRun);
  if (!run) return <p className="muted">Retention has not run yet in this window.</p>;
  const removed = run.byAge + run.bySize;
  const parts = [
    run.byAge > 0 && `${run.byAge} older than the age limit`,
    run.bySize > 0 &&
      `${run.bySize} of the oldest ${run.reason === 'quota' ? 'after the disk was full' : 'for the size limit'}`,
  ].filter(Boolean);
  return (
    <p className="muted" data-testid="retention-last-run">
      Last retention run {formatTimestamp(run.time)}:{' '}
      {removed === 0
        ? 'nothing to remove'
        : `removed ${removed} trace${removed === 1 ? '' : 's'} (${parts.join(', ')})`}
      .
    </p>
  );
}

/** How much the local store holds, what retention last removed, and "Delete all data". */
export function StorageSection() {
  const usage = useStorageUsage();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ error: boolean; text: string } | null>(null);

  const deleteAll = async () => {
    setConfirming(false);
    try {
      await storeRequest('deleteAll', null);
      setResult({ error: false, text: 'All traces, observations and scores were deleted.' });
    } catch (error) {
      setResult({ error: true, text: `Could not delete the data: ${(error as Error).message}` });
    }
  };

  return (
    <section className="settings-section" data-testid="storage-section">
      <h2>Storage</h2>
      {usage ? (
        <p data-testid="storage-usage">
          {usage.traces.toLocaleString()} traces, {usage.observations.toLocaleString()} observations
          {usage.usage !== null && (
            <>
              {' '}
              · {formatBytes(usage.usage)} used
              {usage.quota !== null && <span className="muted"> of {formatBytes(usage.quota)} available</span>}
            </>
          )}
        </p>
      ) : (
        <p className="muted">Counting…</p>
      )}
      <LastRun />
      <div className="settings-actions">
        <button
          type="button"
          className="action-button danger"
          data-testid="delete-all"
          onClick={() => {
            setResult(null);
            setConfirming(true);
          }}
        >
          Delete all data…
        </button>
        {result && <span className={result.error ? 'settings-error' : 'settings-saved'}>{result.text}</span>}
      </div>
      {confirming && (
        <div
          className="settings-confirm"
          role="alertdialog"
          aria-label="Delete all data"
          data-testid="confirm-delete-all"
        >
          <p>Delete every trace, observation and score stored here? This cannot be undone. Settings are kept.</p>
          <div className="settings-actions">
            <button
              type="button"
              className="action-button danger"
              data-testid="confirm-delete-all-yes"
              onClick={deleteAll}
            >
              Delete everything
            </button>
            <button type="button" className="action-button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
