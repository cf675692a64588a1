import { useState } from 'react';
import { storeRequest } from '../../connection/connect';
import { localNotice } from '../../connection/connection-store';
import { LIST_HASH, useRouteStore } from '../../route/route-store';

/** The list's Delete key: asks first, deletes the trace and everything under it, and says so if that fails. */
export async function confirmAndDeleteTrace(traceId: string, name: string): Promise<boolean> {
  if (!window.confirm(`Delete the trace “${name || traceId}” for good?`)) return false;
  try {
    await storeRequest('deleteTraces', { traceIds: [traceId] });
    return true;
  } catch (err) {
    localNotice('error', `Could not delete the trace: ${(err as Error).message}`);
    return false;
  }
}

/** Deletes this trace (observations, bodies, scores) after a confirmation, then goes back to the list. */
export function DeleteTraceButton({ traceId }: { traceId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    try {
      await storeRequest('deleteTraces', { traceIds: [traceId] });
      useRouteStore.getState().navigate(LIST_HASH, { replace: true });
    } catch (err) {
      setError(`Could not delete the trace: ${(err as Error).message}`);
    }
  };
  if (!confirming)
    return (
      <button type="button" className="filter-button" data-testid="delete-trace" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  return (
    <span className="delete-confirm" role="alertdialog" aria-label="Delete this trace">
      <span>Delete this trace for good?</span>
      <button type="button" className="filter-button danger" data-testid="delete-trace-confirm" onClick={remove}>
        Delete
      </button>
      <button type="button" className="filter-button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error && <span className="settings-error">{error}</span>}
    </span>
  );
}
