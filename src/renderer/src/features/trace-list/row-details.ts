import type { Score, TraceSummary } from '@core/model/types';
import { previewText, type TracePreview } from '@core/trace/preview-text';
import { startTransition, useEffect, useState } from 'react';
import { CHUNK_BODIES } from '../../store/body-chunks';
import { db } from '../../store/local-db';
import { traceChunks } from '../../store/queries';

/**
 * What the list shows beyond the summary row: the models a trace called, its input and output in one line each, and
 * its scores. They live in the summary and other tables (trace bodies, scores), so they are read for the rows on
 * screen only, in one batch per frame of newly shown rows (three indexed reads, whatever the row count), and kept per
 * trace version: a trace that changes (its `updatedAt` moves) is read again. What the writer posts with a commit
 * (the summary and the previews of the bodies it stored) gives a new version its details at once (`seedRowDetails`):
 * its rows first render complete, and the read that follows is of their scores only, which are stored apart.
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
  /** Details taken from the writer's post, not read yet: its scores may be missing. */
  seeded: boolean;
}

const entries = new Map<string, Entry>();
/** More than any screen shows: entries past it are dropped oldest first. */
const KEEP = 2000;
/** Traces whose details are read in the next batch; the seeded ones only need their scores. */
let pending = new Map<string, 'all' | 'scores'>();
let scheduled = false;

/** Keeps at most KEEP entries, dropping the oldest no row listens to. */
function trim(): void {
  if (entries.size <= KEEP) return;
  for (const [old, e] of entries) {
    if (entries.size <= KEEP) break;
    if (e.listeners.size === 0) entries.delete(old);
  }
}

function modelsOf(summary: TraceSummary): string[] | null {
  if (!Array.isArray(summary.models)) return null;
  return summary.models.map((m) => m?.model).filter((m): m is string => typeof m === 'string');
}

/**
 * Takes the details of the traces a commit stored from what the writer posted: the summary's models and the
 * previews of the bodies it wrote. Scores are stored apart, so the version keeps those it had (none for a new trace)
 * until its read, which a row on screen asks for as usual. Rows are not told here: they render the new version with
 * the list's next update, and take these details in that same render.
 */
export function seedRowDetails(summaries: readonly TraceSummary[], previews: readonly TracePreview[]): void {
  const previewOf = new Map(previews.map((p) => [p.id, p]));
  for (const summary of summaries) {
    const preview = previewOf.get(summary.id);
    if (!preview || typeof summary.updatedAt !== 'number') continue;
    const old = entries.get(summary.id);
    if (old?.version === summary.updatedAt && old.details) continue;
    const details: RowDetails = {
      models: modelsOf(summary) ?? [],
      input: preview.input,
      output: preview.output,
      scores: old?.details?.scores ?? [],
    };
    entries.delete(summary.id);
    entries.set(summary.id, {
      version: summary.updatedAt,
      details,
      listeners: old?.listeners ?? new Set(),
      seeded: true,
    });
  }
  trim();
}

function sameDetails(a: RowDetails | null, b: RowDetails): boolean {
  return (
    a !== null &&
    a.input === b.input &&
    a.output === b.output &&
    a.models.length === b.models.length &&
    a.models.every((m, i) => m === b.models[i]) &&
    JSON.stringify(a.scores) === JSON.stringify(b.scores)
  );
}

/** The scores of these traces, oldest first: stored apart from what the writer posts. */
async function loadScores(ids: string[]): Promise<Map<string, Score[]>> {
  const out = new Map<string, Score[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const scores = await db.scores.where('traceId').anyOf(ids).toArray();
  scores.sort((a, b) => a.timestamp - b.timestamp);
  for (const s of scores) if (s.traceId !== null) out.get(s.traceId)?.push(s);
  return out;
}

async function load(ids: string[]): Promise<Map<string, RowDetails>> {
  if (ids.length === 0) return new Map();
  const [bodies, summaries, scores] = await Promise.all([
    db.traceBodies.bulkGet(ids),
    db.traces.bulkGet(ids),
    loadScores(ids),
  ]);
  const out = new Map<string, RowDetails>();
  await Promise.all(
    ids.map(async (id, i) => {
      const body = bodies[i];
      const summary = summaries[i];
      const models = (summary ? modelsOf(summary) : null) ?? (await modelsFromRows(id));
      out.set(id, {
        models,
        input: previewText(body?.input),
        output: previewText(body?.output),
        scores: scores.get(id) ?? [],
      });
    }),
  );
  return out;
}

/** Rows read for a summary stored before it kept its models: enough for any real trace, bounded for a huge one. */
const ROWS_FOR_MODELS = 5000;

/** The models of a trace whose summary predates `models`, from its first rows. */
async function modelsFromRows(traceId: string): Promise<string[]> {
  const chunks = await traceChunks(db, traceId)
    .limit(Math.ceil(ROWS_FOR_MODELS / CHUNK_BODIES))
    .toArray();
  const rows = chunks.flatMap((c) => c.rows);
  rows.sort((a, b) => a.startTime - b.startTime);
  const models: string[] = [];
  for (const r of rows)
    if (typeof r.model === 'string' && r.model !== '' && !models.includes(r.model)) models.push(r.model);
  return models;
}

function flush(): void {
  scheduled = false;
  const all = [...pending].flatMap(([id, what]) => (what === 'all' ? [id] : []));
  const scoresOnly = [...pending].flatMap(([id, what]) => (what === 'scores' ? [id] : []));
  pending = new Map();
  Promise.all([load(all), loadScores(scoresOnly)]).then(
    ([found, scores]) => {
      // A seeded entry has the rest from the writer's post: only its scores are read.
      for (const [id, s] of scores) {
        const details = entries.get(id)?.details;
        if (details) found.set(id, { ...details, scores: s });
      }
      // Details the rows already show (taken from the writer's post) render nothing again: during a drain, the rows'
      // layout is a good part of each frame. The others render in one transition, which React may interrupt (a
      // burst of arrivals fills the whole screen with new rows at once).
      const changed: [Entry, RowDetails][] = [];
      for (const [id, details] of found) {
        const entry = entries.get(id);
        if (!entry || sameDetails(entry.details, details)) continue;
        entry.details = details;
        changed.push([entry, details]);
      }
      if (changed.length === 0) return;
      startTransition(() => {
        for (const [entry, details] of changed) for (const listener of entry.listeners) listener(details);
      });
    },
    // A read that failed (the store closed, a broken row) leaves the cells empty; the next version tries again.
    () => undefined,
  );
}

function request(id: string, version: number): Entry {
  let entry = entries.get(id);
  // A newer version's details, seeded before the list shows that version: the row takes them as they are.
  if (entry && entry.version > version && entry.details) return entry;
  if (!entry || entry.version !== version || entry.seeded) {
    const what = entry?.version === version && entry.seeded && entry.details ? 'scores' : 'all';
    if (entry?.version === version) entry.seeded = false;
    else {
      entry = { version, details: entry?.details ?? null, listeners: entry?.listeners ?? new Set(), seeded: false };
      entries.delete(id);
      entries.set(id, entry);
      trim();
    }
    if (pending.get(id) !== 'all') pending.set(id, what);
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
    // What the row rendered already (seeded details) sets nothing, so renders nothing again.
    const listener = (details: RowDetails) =>
      setHeld((held) => (held.id === traceId && held.details === details ? held : { id: traceId, details }));
    if (entry.details) listener(entry.details);
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
    };
  }, [traceId, version, enabled]);
  // The details of this very version once known (seeded with the summary the list renders), else the last held.
  const entry = entries.get(traceId);
  if (enabled && entry?.version === version && entry.details) return entry.details;
  return held.id === traceId ? held.details : (entry?.details ?? null);
}
