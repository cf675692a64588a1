import type { Score } from '@core/model/types';
import { startTransition, useEffect, useState } from 'react';
import { db } from '../../store/local-db';
import { traceRange } from '../../store/queries';
import { previewText } from './preview-text';

/**
 * What the list shows beyond the summary row: the models a trace called, its input and output in one line each, and
 * its scores. They live in the summary and other tables (trace bodies, scores), so they are read for the rows on
 * screen only, in one batch per frame of newly shown rows (three indexed reads, whatever the row count), and kept per
 * trace version: a trace that changes (its `updatedAt` moves) is read again.
 */
export interface RowDetails {
  /** Distinct models in call order. */
  models: string[];
  input: string | null;
  output: string | null;
  /** The trace's scores, oldest first. */
  scores: Score[];
}

interface Entry {
  version: number;
  details: RowDetails | null;
  listeners: Set<(d: RowDetails) => void>;
}

const entries = new Map<string, Entry>();
/** More than any screen shows: entries past it are dropped oldest first. */
const KEEP = 2000;
let pending = new Set<string>();
let scheduled = false;

async function load(ids: string[]): Promise<Map<string, RowDetails>> {
  const [bodies, summaries, scores] = await Promise.all([
    db.traceBodies.bulkGet(ids),
    db.traces.bulkGet(ids),
    db.scores.where('traceId').anyOf(ids).toArray(),
  ]);
  const out = new Map<string, RowDetails>();
  await Promise.all(
    ids.map(async (id, i) => {
      const body = bodies[i];
      const summary = summaries[i];
      const stated = Array.isArray(summary?.models) ? summary.models.map((m) => m?.model) : null;
      const models = stated ? stated.filter((m): m is string => typeof m === 'string') : await modelsFromRows(id);
      out.set(id, { models, input: previewText(body?.input), output: previewText(body?.output), scores: [] });
    }),
  );
  scores.sort((a, b) => a.timestamp - b.timestamp);
  for (const s of scores) if (s.traceId !== null) out.get(s.traceId)?.scores.push(s);
  return out;
}

/** Rows read for a summary stored before it kept its models: enough for any real trace, bounded for a huge one. */
const ROWS_FOR_MODELS = 5000;

/** The models of a trace whose summary predates `models`, from its first rows. */
async function modelsFromRows(traceId: string): Promise<string[]> {
  const rows = await traceRange(db, traceId).limit(ROWS_FOR_MODELS).toArray();
  rows.sort((a, b) => a.startTime - b.startTime);
  const models: string[] = [];
  for (const r of rows)
    if (typeof r.model === 'string' && r.model !== '' && !models.includes(r.model)) models.push(r.model);
  return models;
}

function flush(): void {
  scheduled = false;
  const ids = [...pending];
  pending = new Set();
  load(ids).then(
    (found) => {
      // Every row on screen takes its details in one render, which React may interrupt (a burst of arrivals fills
      // the whole screen with new rows at once).
      startTransition(() => {
        for (const [id, details] of found) {
          const entry = entries.get(id);
          if (!entry) continue;
          entry.details = details;
          for (const listener of entry.listeners) listener(details);
        }
      });
    },
    // A read that failed (the store closed, a broken row) leaves the cells empty; the next version tries again.
    () => undefined,
  );
}

function request(id: string, version: number): Entry {
  let entry = entries.get(id);
  if (!entry || entry.version !== version) {
    entry = { version, details: entry?.details ?? null, listeners: entry?.listeners ?? new Set() };
    entries.delete(id);
    entries.set(id, entry);
    if (entries.size > KEEP) {
      for (const [old, e] of entries) {
        if (entries.size <= KEEP) break;
        if (e.listeners.size === 0) entries.delete(old);
      }
    }
    pending.add(id);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  }
  return entry;
}

/**
 * The details of one trace row; null until read, and while no shown column needs them (`enabled`). A row on screen
 * shows whichever trace its slot holds, so the details are held with the id they were read for and never shown for
 * another trace.
 */
export function useRowDetails(traceId: string, version: number, enabled: boolean): RowDetails | null {
  const [held, setHeld] = useState<{ id: string; details: RowDetails | null }>(() => ({
    id: traceId,
    details: entries.get(traceId)?.details ?? null,
  }));
  useEffect(() => {
    if (!enabled) return;
    const entry = request(traceId, version);
    const listener = (details: RowDetails) => setHeld({ id: traceId, details });
    if (entry.details) listener(entry.details);
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
    };
  }, [traceId, version, enabled]);
  return held.id === traceId ? held.details : (entries.get(traceId)?.details ?? null);
}
