import type { TraceSummary } from '@core/model/types';
import { liveQuery } from 'dexie';
import { startTransition, useEffect, useState } from 'react';
import { onStored } from '../../connection/connect';
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

/** New summaries are taken at most this often (the first of a burst at once): each take renders the list again. */
const APPLY_INTERVAL_MS = 250;
/** Refreshes from the store (another tab's writes, deletions) at most this often. */
const REFRESH_INTERVAL_MS = 1_000;

/**
 * Renders as a transition: a burst of new traces re-renders the list in slices React can interrupt, so typing and
 * scrolling stay ahead of it.
 */
function publish(state: StoredTracesState): void {
  current = state;
  startTransition(() => {
    for (const listener of listeners) listener(state);
  });
}

/** Summaries posted by the store worker and not taken yet, by trace: only the latest of each counts. */
const posted = new Map<string, TraceSummary>();
let applyTimer: ReturnType<typeof setTimeout> | null = null;
let lastApply = 0;

function takePosted(): void {
  applyTimer = null;
  lastApply = Date.now();
  const summaries = [...posted.values()];
  posted.clear();
  if (stored.apply(summaries)) publish({ traces: stored.all, complete: true });
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
  onStored((traceIds, summaries) => {
    // Nothing named: traces were removed to make room.
    if (traceIds.length === 0) return void refresh();
    for (const t of summaries) posted.set(t.id, t);
    if (applyTimer !== null) return;
    const wait = lastApply + APPLY_INTERVAL_MS - Date.now();
    if (wait <= 0) takePosted();
    else applyTimer = setTimeout(takePosted, wait);
  });
  // A deletion or retention run of this page's (the revision moves when the worker answers), or another tab's
  // writes (which hold the writer when several are open): read what changed, a bounded number of times a second.
  useConnectionStore.subscribe((s, before) => {
    if (s.revision !== before.revision) scheduleRefresh();
  });
  liveQuery(() => db.traces.orderBy('updatedAt').lastKey()).subscribe({ next: scheduleRefresh });
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let lastRefresh = 0;

function scheduleRefresh(): void {
  if (refreshTimer) return;
  const wait = Math.max(0, lastRefresh + REFRESH_INTERVAL_MS - Date.now());
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    lastRefresh = Date.now();
    void refresh();
  }, wait);
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

/**
 * Every stored trace summary, newest first: those each commit stored as the store worker posts them, the rest
 * (deletions, other tabs) read from what changed. It renders only when the list changed.
 */
export function useStoredTraces(): StoredTracesState {
  const [state, setState] = useState(current);
  useEffect(() => {
    listeners.add(setState);
    setState(current);
    start();
    return () => {
      listeners.delete(setState);
    };
  }, []);
  return state;
}
