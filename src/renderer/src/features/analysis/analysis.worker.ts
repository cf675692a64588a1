import type { AnalysisQuery } from '@core/analysis/types';
import { openDb } from '../../store/db';
import { AnalysisSource } from './analysis-source';

/**
 * Aggregation off the UI thread: this worker reads the store itself (same origin, same IndexedDB) and keeps the
 * facts in memory between queries, so changing the range or a filter costs an aggregation, not a read.
 */
const source = new AnalysisSource(openDb());
let queue: Promise<unknown> = Promise.resolve();
let latest: { seq: number; query: AnalysisQuery } | null = null;
let upkeep: ReturnType<typeof setTimeout> | undefined;

/**
 * What waits until the page has drawn the answer (the two share two cores on small machines): the check the first
 * answer skipped, and writing a new snapshot, which makes the next page load fast.
 */
const UPKEEP_DELAY_MS = 1500;

function scheduleUpkeep(): void {
  if (upkeep !== undefined) return;
  upkeep = setTimeout(() => {
    upkeep = undefined;
    queue = queue.then(async () => {
      try {
        const last = latest;
        // When the check finds a change, the latest query is answered again.
        if ((await source.settle()) && last) self.postMessage({ seq: last.seq, ...(await source.query(last.query)) });
        if (source.wantsSnapshot) await source.writeSnapshot();
      } catch (error) {
        // Failing here (a full disk) costs only speed: reported on the console, tried again after the next query.
        console.warn('analysis upkeep:', error);
      }
    });
  }, UPKEEP_DELAY_MS);
}

self.onmessage = (e: MessageEvent<{ seq: number; query: AnalysisQuery }>) => {
  const { seq, query } = e.data;
  if (!latest || seq > latest.seq) latest = { seq, query };
  queue = queue.then(async () => {
    // A newer query is waiting: this one's answer would be thrown away.
    if (latest && seq < latest.seq) return;
    try {
      const { result, timing } = await source.query(query);
      self.postMessage({ seq, result, timing });
    } catch (error) {
      self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    scheduleUpkeep();
  });
};
