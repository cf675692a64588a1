import type { TraceSummary } from '@core/model/types';
import { liveQuery } from 'dexie';
import { startTransition, useEffect, useState } from 'react';
import { onAnswered, onStored } from '../../connection/connect';
import { db } from '../../store/local-db';
import { StoredTraces } from '../../store/queries';
import { seedRowDetails } from './row-details';

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
/** A change announced by the store is read no sooner than this after: the writer's own post usually covers it. */
const REFRESH_GRACE_MS = 100;

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
  if (applyTimer !== null) clearTimeout(applyTimer);
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
  onStored((traceIds, summaries, previews) => {
    // Nothing named: traces were removed to make room.
    if (traceIds.length === 0) return void refresh();
    seedRowDetails(summaries, previews);
    for (const t of summaries) posted.set(t.id, t);
    if (applyTimer !== null) return;
    const wait = lastApply + APPLY_INTERVAL_MS - Date.now();
    if (wait <= 0) takePosted();
    else applyTimer = setTimeout(takePosted, wait);
  });
  // A deletion or retention run of this page's: read what changed, a bounded number of times a second.
  onAnswered(() => scheduleRefresh(true));
  // Any tab's writes, this page's store worker's among them (another tab holds the writer when several are open):
  // those the worker posted need no read, so the store's newest stamp and count tell whether anything else changed.
  liveQuery(() => Promise.all([db.traces.orderBy('updatedAt').lastKey(), db.traces.count()])).subscribe({
    next: ([newest, count]) => {
      latest = { newest: typeof newest === 'number' ? newest : 0, count };
      scheduleRefresh(false);
    },
  });
}

/** The store's newest `updatedAt` and its count, as last seen. */
let latest: { newest: number; count: number } | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let lastRefresh = 0;
/** A deletion or a retention run of this page's: read, whatever the store's stamps say. */
let forced = false;

function scheduleRefresh(force: boolean): void {
  forced ||= force;
  if (refreshTimer) return;
  // The worker posts a commit's summaries just after the commit that announced it: leave them time to arrive.
  const wait = Math.max(REFRESH_GRACE_MS, lastRefresh + REFRESH_INTERVAL_MS - Date.now());
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    if (!forced && latest) {
      if (posted.size > 0) takePosted();
      if (stored.holds(latest)) return;
    }
    forced = false;
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
    // What the writer posted is taken first: the refresh then reads none of it again.
    if (posted.size > 0) takePosted();
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
