import { useEffect, useState } from 'react';
import { useConnectionStore } from '../../connection/connection-store';
import { db } from '../../store/local-db';
import { scanBodies } from './body-search';

const NONE: ReadonlySet<string> = new Set();
/** Typing pauses this long before a body scan starts, so each keystroke does not start one. */
const DEBOUNCE_MS = 200;

/** Traces whose bodies contain the search text; the scan restarts when the text or the store changes. */
export function useTextMatches(search: string): { matches: ReadonlySet<string>; scanning: boolean } {
  const q = search.trim();
  // Only a search follows the revision: the list does not render again for each stored batch otherwise.
  const revision = useConnectionStore((s) => (q.length >= 2 ? s.revision : 0));
  const [state, setState] = useState<{ matches: ReadonlySet<string>; scanning: boolean }>({
    matches: NONE,
    scanning: false,
  });
  // The revision restarts the scan when new traces are stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (q.length < 2) {
      setState({ matches: NONE, scanning: false });
      return;
    }
    const controller = new AbortController();
    // Matches of the previous text say nothing about this one.
    setState({ matches: NONE, scanning: true });
    const timer = setTimeout(() => {
      scanBodies(db, q, controller.signal, (found) => {
        if (!controller.signal.aborted) setState({ matches: found, scanning: true });
      })
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) setState((s) => ({ matches: s.matches, scanning: false }));
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, revision]);
  return state;
}
