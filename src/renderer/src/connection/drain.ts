import type { Backlog } from '@core/wire/protocol';

/**
 * How fast the store drains the server's backlog, and what the top bar says about it. The rate comes from the
 * server's count of stored spans (`Backlog.stored`, which grows with every ack) over a sliding window: ten seconds
 * smooths the steps of grouped commits (a group of up to 8,192 spans is acked at once) yet follows a change of pace.
 */
export const DRAIN_WINDOW_MS = 10_000;
/** A rate over less than this is mostly one commit's step: no estimate until the samples span it. */
const MIN_RATE_SPAN_MS = 1_000;
/**
 * At most this many spans in flight, with none waiting behind them, is a store that keeps up: a live stream always
 * has a few batches on their way, and the bar would flicker between "Live" and "Storing" on every commit.
 */
export const KEEPING_UP_SPANS = 1_000;
/** The progress bar shows for a backlog of at least this many seconds of work: shorter ones end before it is read. */
export const PROGRESS_MIN_SECONDS = 3;

export interface DrainSample {
  /** Page time, ms. */
  at: number;
  /** `Backlog.stored` then. */
  stored: number;
}

/** The samples with `sample` added and those older than the window dropped (one older is kept as the window's start). */
export function addSample(samples: readonly DrainSample[], sample: DrainSample): DrainSample[] {
  const last = samples.at(-1);
  // The server restarted (its count starts again): earlier samples say nothing about the new one.
  if (last && sample.stored < last.stored) return [sample];
  const start = sample.at - DRAIN_WINDOW_MS;
  let first = 0;
  while (first + 1 < samples.length && (samples[first + 1] as DrainSample).at <= start) first++;
  return [...samples.slice(first), sample];
}

/** Spans stored per second over the window, or null while the samples span too little time or nothing was stored. */
export function drainRate(samples: readonly DrainSample[]): number | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < MIN_RATE_SPAN_MS) return null;
  const rate = ((last.stored - first.stored) * 1000) / (last.at - first.at);
  return rate > 0 ? rate : null;
}

export interface BacklogStatus {
  spans: number;
  batches: number;
  /** Seconds until the backlog is stored at the current rate; null until a rate is known. */
  etaSeconds: number | null;
  /** Stored / (stored + waiting) since the backlog began, 0 to 1. */
  progress: number;
  showProgress: boolean;
}

/** Whether the backlog is more than a store that keeps up always has on its way. */
export function isBacklogged(backlog: Backlog | null): backlog is Backlog {
  if (!backlog || backlog.batches === 0) return false;
  return backlog.batches > backlog.inFlightBatches || backlog.spans > KEEPING_UP_SPANS;
}

/**
 * What the top bar shows, or null for "Live". `startStored` is `Backlog.stored` when this backlog began: progress
 * counts from there, so a bar that appears midway through does not start at zero.
 */
export function backlogStatus(backlog: Backlog | null, rate: number | null, startStored: number): BacklogStatus | null {
  if (!isBacklogged(backlog)) return null;
  const etaSeconds = rate ? backlog.spans / rate : null;
  const done = Math.max(0, backlog.stored - startStored);
  const total = done + backlog.spans;
  return {
    spans: backlog.spans,
    batches: backlog.batches,
    etaSeconds,
    progress: total > 0 ? done / total : 0,
    showProgress: etaSeconds !== null && etaSeconds >= PROGRESS_MIN_SECONDS,
  };
}

/** "about 40 s", "about 3 min", "about 2 h": rounded so that it does not twitch with every report. */
export function formatEta(seconds: number): string {
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Math.round(seconds / 360) / 10} h`;
}

/** "Storing 12,400 spans · about 40 s"; a backlog of only trace upserts or scores counts batches. */
export function backlogLabel(status: BacklogStatus): string {
  const what =
    status.spans > 0
      ? `${status.spans.toLocaleString('en-US')} span${status.spans === 1 ? '' : 's'}`
      : `${status.batches.toLocaleString('en-US')} batch${status.batches === 1 ? '' : 'es'}`;
  return status.etaSeconds === null ? `Storing ${what}` : `Storing ${what} · ${formatEta(status.etaSeconds)}`;
}
