import type { AnalysisQuery } from '@core/analysis/types';
import { openDb } from '../../store/db';
import { AnalysisSource } from './analysis-source';

/**
 * Aggregation off the UI thread: this worker reads the store itself (same origin, same IndexedDB) and keeps the
 * facts in memory between queries, so changing the range or a filter costs an aggregation, not a read.
 */
const source = new AnalysisSource(openDb());
let queue: Promise<unknown> = Promise.resolve();
let latest = 0;

self.onmessage = (e: MessageEvent<{ seq: number; query: AnalysisQuery }>) => {
  const { seq, query } = e.data;
  latest = Math.max(latest, seq);
  queue = queue.then(async () => {
    // A newer query is waiting: this one's answer would be thrown away.
    if (seq < latest) return;
    try {
      const { result, timing } = await source.query(query);
      self.postMessage({ seq, result, timing });
    } catch (error) {
      self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    // After answering: the snapshot makes the next page load fast, and nobody waits for it. Failing to write it
    // (a full disk) costs only speed, so it is reported on the console and tried again on the next query.
    if (source.wantsSnapshot) await source.writeSnapshot().catch((error) => console.warn('analysis snapshot:', error));
  });
};
