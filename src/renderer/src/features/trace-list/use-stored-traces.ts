import type { TraceSummary } from '@core/model/types';
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { useConnectionStore } from '../../connection/connection-store';
import { db } from '../../store/local-db';
import { StoredTraces } from '../../store/queries';

/** Rows shown before every summary is loaded: more than a screen of the newest traces. */
const FIRST_PAGE = 100;

export interface StoredTracesState {
  /** Newest first; undefined until the first page is read. */
  traces: TraceSummary[] | undefined;
  /** False while only part of the store is in `traces`. */
  complete: boolean;
}

/**
 * Kept for the page's lifetime, outside React: coming back to the list reads only what changed meanwhile, and a
 * load started by one mount carries on whatever the next does. Work is chained so two refreshes never interleave.
 */
const stored = new StoredTraces(db);
const listeners = new Set<(state: StoredTracesState) => void>();
let current: StoredTracesState = { traces: undefined, complete: false };
let started = false;
let chain: Promise<unknown> = Promise.resolve();
const never = new AbortController().signal;

function publish(state: StoredTracesState): void {
  current = state;
  for (const listener of listeners) listener(state);
}

function start(): void {
  if (started) return;
  started = true;
  stored.firstPage(FIRST_PAGE).then((page) => {
    if (!stored.loaded) publish({ traces: page, complete: false });
  });
  chain = stored.loadAll((traces) => publish({ traces, complete: stored.loaded }), never);
  // What was written while loading is read as soon as it is done, not at the next batch.
  void refresh();
  // Another tab (which holds the writer when several are open) or this one changed the summaries.
  liveQuery(() => db.traces.orderBy('updatedAt').lastKey()).subscribe({ next: () => void refresh() });
}

/** A refresh waiting behind the running one covers every change signalled meanwhile: one is enough. */
let queued = false;

function refresh(): Promise<void> {
  if (queued) return chain.then(() => undefined);
  queued = true;
  const run = chain.then(async () => {
    queued = false;
    if (await stored.refresh(never)) publish({ traces: stored.all, complete: true });
  });
  chain = run.catch(() => undefined);
  return run;
}

/** Every stored trace summary, newest first, refreshed from what each stored batch changed. */
export function useStoredTraces(): StoredTracesState {
  const revision = useConnectionStore((s) => s.revision);
  const [state, setState] = useState(current);
  useEffect(() => {
    listeners.add(setState);
    setState(current);
    start();
    return () => {
      listeners.delete(setState);
    };
  }, []);
  // The revision says a batch was stored: read what it changed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (stored.loaded) void refresh();
  }, [revision]);
  return state;
}
