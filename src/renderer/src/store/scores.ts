import type { Score } from '@core/model/types';
import type { LoupeDb } from './db';

/** Every score of a trace (on the trace itself or on any of its observations), oldest first. */
export async function traceScores(db: LoupeDb, traceId: string): Promise<Score[]> {
  const scores = await db.scores.where('traceId').equals(traceId).toArray();
  return scores.sort((a, b) => a.timestamp - b.timestamp);
}

/** The scores of one observation, oldest first. */
export async function observationScores(db: LoupeDb, observationId: string): Promise<Score[]> {
  const scores = await db.scores.where('observationId').equals(observationId).toArray();
  return scores.sort((a, b) => a.timestamp - b.timestamp);
}
