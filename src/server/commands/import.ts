import type { ImportRequest, ImportResult } from '@core/commands/contract';
import { IngestionCostMemory } from '@core/conventions/langfuse-ingestion-cost';
import { type MappedImport, mapImportedEvents, mapImportedLogs, mapImportedSpans } from '@core/import/map-import';
import { ImportFormatError, planImport } from '@core/import/read-import';
import type { LogRecord, Observation, Score, TraceUpsert } from '@core/model/types';
import { formatBytes } from '@core/otlp/truncate';
import { cpuLane } from '../convert/cpu-lane';
import type { BatchHub } from '../hub/batch-hub';
import { DEFAULT_LIMITS } from '../receiver/read-body';

/**
 * `importFile`: a file's text, read into spans, log records or ingestion events (core/import), mapped like live
 * traffic and pushed through the hub, so it is spooled, sent to the store worker and written like received data.
 *
 * Big files are cut into batches of about CHUNK observations, each mapped and pushed in its own turn of the CPU lane
 * the receiver uses: a 50 MB file then delays a live request by one chunk's work (tens of milliseconds), not by the
 * whole file's. A line's log records are mapped in one turn, so that their order in it (which orders records of the
 * same millisecond) is kept whole: hashing a record is far cheaper than mapping a span, and a Loupe export writes one
 * trace, or 1,000 records without a trace, per line.
 */

const CHUNK = 2000;
/** Errors listed in the result; a file with a broken line every other line should not produce a wall of text. */
const MAX_ERRORS = 20;

export class ImportError extends Error {}

interface Pending {
  observations: Observation[];
  traces: TraceUpsert[];
  scores: Score[];
  logs: LogRecord[];
}

const size = (p: Pending) => p.observations.length + p.traces.length + p.scores.length + p.logs.length;
const empty = (): Pending => ({ observations: [], traces: [], scores: [], logs: [] });

export async function importFile(hub: BatchHub, request: ImportRequest): Promise<ImportResult> {
  if (typeof request?.text !== 'string')
    throw new ImportError('importFile needs {fileName, text} with the file as text');
  const fileName = typeof request.fileName === 'string' && request.fileName !== '' ? request.fileName : 'the file';
  let plan: ReturnType<typeof planImport>;
  try {
    plan = await cpuLane.run(() => planImport(fileName, request.text));
  } catch (error) {
    if (error instanceof ImportFormatError) throw new ImportError(error.message);
    throw error;
  }
  const source = `import ${fileName}`;
  const traceIds = new Set<string>();
  const result: ImportResult = { format: plan.format, traces: 0, observations: 0, scores: 0, logs: 0, errors: [] };
  const errors: string[] = [];
  let truncated = 0;
  let pending = empty();

  const flush = async () => {
    const batch = pending;
    pending = empty();
    if (size(batch) === 0) return;
    const extras = { traces: batch.traces, scores: batch.scores, logs: batch.logs };
    const push = () => ({ stored: hub.push(batch.observations, source, extras) });
    await (await cpuLane.run(push)).stored;
    for (const o of batch.observations) traceIds.add(o.traceId);
    for (const t of batch.traces) traceIds.add(t.traceId);
    for (const r of batch.logs) if (r.traceId !== '') traceIds.add(r.traceId);
    result.observations += batch.observations.length;
    result.scores += batch.scores.length;
    result.logs += batch.logs.length;
  };
  const add = async (mapped: MappedImport) => {
    errors.push(...mapped.errors);
    truncated += mapped.truncated;
    pending.observations.push(...mapped.observations);
    pending.traces.push(...mapped.traces);
    pending.scores.push(...mapped.scores);
    // A line's log records are mapped at once (see above) but pushed a chunk at a time, like the rest.
    for (let i = 0; i < mapped.logs.length; i += CHUNK) {
      pending.logs.push(...mapped.logs.slice(i, i + CHUNK));
      if (size(pending) >= CHUNK) await flush();
    }
    if (size(pending) >= CHUNK) await flush();
  };

  // One file's generations: an update in a later piece is priced with the model its create named.
  const costMemory = new IngestionCostMemory();
  try {
    const steps = plan.steps[Symbol.iterator]();
    for (;;) {
      // Reading the next line or document parses JSON: a step of its own.
      const next = await cpuLane.run(() => steps.next());
      if (next.done) break;
      const step = next.value;
      if (step.kind === 'error') errors.push(step.message);
      else if (step.kind === 'otlp') {
        for (let i = 0; i < step.spans.length; i += CHUNK) {
          const spans = step.spans.slice(i, i + CHUNK);
          await add(await cpuLane.run(() => mapImportedSpans(spans, step.where, DEFAULT_LIMITS.maxValueBytes)));
        }
      } else if (step.kind === 'logs') {
        const receivedAt = Date.now();
        await add(
          await cpuLane.run(() => mapImportedLogs(step.records, step.where, receivedAt, DEFAULT_LIMITS.maxValueBytes)),
        );
      } else {
        for (let i = 0; i < step.events.length; i += CHUNK) {
          const events = step.events.slice(i, i + CHUNK);
          await add(
            await cpuLane.run(() => mapImportedEvents(events, step.where, costMemory, DEFAULT_LIMITS.maxValueBytes)),
          );
        }
      }
    }
    await flush();
  } catch (error) {
    // Usually a full spool: what was pushed before stays imported, and the result says where it stopped.
    errors.push(`the import stopped after ${result.observations} observations: ${(error as Error).message}`);
  }
  if (truncated > 0) {
    hub.notice(
      'warning',
      `${truncated} value${truncated === 1 ? ' was' : 's were'} larger than ${formatBytes(DEFAULT_LIMITS.maxValueBytes)} in ${fileName}; Loupe kept the start of each`,
    );
  }
  result.traces = traceIds.size;
  result.errors =
    errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `and ${errors.length - MAX_ERRORS} more`] : errors;
  return result;
}
