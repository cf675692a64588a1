import type { TraceSkeleton } from '@core/tree/skeleton';
import { useEffect, useState } from 'react';
import { loadSkeleton } from '../../workers/skeleton-client';

export interface SkeletonState {
  skeleton: TraceSkeleton | null;
  error: string | null;
}

/**
 * The trace's skeleton, built in a worker. `version` changes when the trace's stored rows do (its update time and
 * count), so batches for other traces cost nothing here; while a newer version loads, the previous one stays shown.
 */
export function useTraceSkeleton(traceId: string, rootId: string | null, version: string | null): SkeletonState {
  const [state, setState] = useState<SkeletonState>({ skeleton: null, error: null });
  useEffect(() => {
    if (version === null) return;
    let live = true;
    loadSkeleton(traceId, rootId).then(
      (skeleton) => {
        if (live) setState({ skeleton, error: null });
      },
      (error: Error) => {
        if (live) setState((s) => ({ skeleton: s.skeleton, error: error.message }));
      },
    );
    return () => {
      live = false;
    };
  }, [traceId, rootId, version]);
  return state;
}
