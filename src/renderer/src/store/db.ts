import type { ObservationBody, ObservationRow, Score, TraceBody, TraceSummary } from '@core/model/types';
import { Dexie, type Table } from 'dexie';

/** Compound primary key of observations and their bodies: span ids are only unique within a trace. */
export type ObservationKey = [traceId: string, id: string];

/**
 * The local store. Small, indexed rows (`traces`, `observations`) are what lists, trees and timelines
 * read; the big values (`traceBodies`, `observationBodies`) are unindexed and loaded on demand.
 * Indexes exist only for what the views query.
 */
export class LoupeDb extends Dexie {
  traces!: Table<TraceSummary, string>;
  traceBodies!: Table<TraceBody, string>;
  observations!: Table<ObservationRow, ObservationKey>;
  observationBodies!: Table<ObservationBody, ObservationKey>;
  scores!: Table<Score, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      traces: 'id, startTime, updatedAt, sessionId, userId',
      traceBodies: 'id',
      observations: '[traceId+id], traceId',
      observationBodies: '[traceId+id]',
    });
    // Scores (Langfuse `score-create`), found by trace, by observation, or by name.
    this.version(2).stores({
      scores: 'id, traceId, observationId, name',
    });
  }
}

export function openDb(name = 'loupe'): LoupeDb {
  return new LoupeDb(name);
}
