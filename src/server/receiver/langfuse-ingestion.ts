import type { IncomingMessage, ServerResponse } from 'node:http';
import { IngestionEventError, ingestionEvents, mapIngestionEvent } from '@core/conventions/langfuse-ingestion';
import { IngestionCostMemory } from '@core/conventions/langfuse-ingestion-cost';
import { truncateIngestionValues } from '@core/conventions/langfuse-ingestion-truncate';
import { DEFAULT_PRICE_TABLE, type PriceTable } from '@core/cost/compute-cost';
import type { Observation, Score, TraceUpsert } from '@core/model/types';
import { formatBytes } from '@core/otlp/truncate';
import { cpuLane } from '../convert/cpu-lane';
import type { ForwardTee } from '../forward/forward-queue';
import type { BatchHub } from '../hub/batch-hub';
import { storeError } from './otlp-export';
import {
  type ContentEncoding,
  GRPC,
  parseContentEncoding,
  ReceiverError,
  type ReceiverLimits,
  readBody,
} from './read-body';
import { sendJson } from './reply';

const INGESTION_SOURCE = 'langfuse-ingestion /api/public/ingestion';

/** Parses a JSON request body strictly: invalid UTF-8 or JSON is the sender's bug, answered with 400. */
function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new ReceiverError(400, GRPC.INVALID_ARGUMENT, `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A JSON body; its content type was checked by the handler (the route's `accepts`). */
export async function readJson(req: IncomingMessage, limits: ReceiverLimits): Promise<unknown> {
  const encoding: ContentEncoding = parseContentEncoding(req.headers['content-encoding']);
  return parseJsonBody(await readBody(req, encoding, limits));
}

/** Model and usage of the observations in flight: a generation's create and update may come in separate requests. */
const costMemory = new IngestionCostMemory();

interface EventResult {
  id: string;
  status: number;
  message?: string;
}

/**
 * `POST /api/public/ingestion` (the legacy Langfuse SDKs, and scores from the current ones): every event is mapped
 * on its own, all the usable ones are stored as one batch, and the 207 reply says which events failed and why.
 */
export async function receiveIngestion(
  req: IncomingMessage,
  res: ServerResponse,
  hub: BatchHub,
  limits: ReceiverLimits,
  forward: ForwardTee | null = null,
  prices: PriceTable = DEFAULT_PRICE_TABLE,
): Promise<void> {
  let events: unknown[];
  let root: unknown;
  try {
    root = await readJson(req, limits);
    events = ingestionEvents(root);
  } catch (error) {
    if (error instanceof IngestionEventError) throw new ReceiverError(400, GRPC.INVALID_ARGUMENT, error.message);
    throw error;
  }
  const observations: Observation[] = [];
  const traces: TraceUpsert[] = [];
  const scores: Score[] = [];
  const successes: EventResult[] = [];
  const errors: EventResult[] = [];
  for (const event of events) {
    const id = typeof (event as { id?: unknown })?.id === 'string' ? (event as { id: string }).id : '';
    try {
      const mapped = mapIngestionEvent(event);
      if (mapped.kind === 'observation') observations.push(mapped.observation);
      else if (mapped.kind === 'trace') traces.push(mapped.trace);
      else if (mapped.kind === 'score') scores.push(mapped.score);
      successes.push({ id, status: 201 });
    } catch (error) {
      if (!(error instanceof IngestionEventError)) throw error;
      errors.push({ id, status: 400, message: error.message });
    }
  }
  if (errors.length > 0) {
    const first = errors.slice(0, 3).map((e) => `${e.id || 'an event without id'}: ${e.message}`);
    hub.notice(
      'warning',
      `Langfuse ingestion: ${errors.length} of ${events.length} events rejected (${first.join('; ')})`,
    );
  }
  if (observations.length + traces.length + scores.length > 0) {
    costMemory.price(observations, prices);
    // The upstream gets the request as sent: taken before cutting, which changes the parsed values in place.
    const original = forward ? JSON.stringify(root) : '';
    const cut = truncateIngestionValues(observations, traces, limits.maxValueBytes);
    if (cut > 0) {
      hub.notice(
        'warning',
        `${cut} value${cut === 1 ? ' was' : 's were'} larger than ${formatBytes(limits.maxValueBytes)} in POST /api/public/ingestion; ` +
          'Loupe kept the start of each, marked "truncated by Loupe"',
      );
    }
    try {
      const push = () => ({ stored: hub.push(observations, INGESTION_SOURCE, { traces, scores }) });
      await (await cpuLane.run(push)).stored;
    } catch (error) {
      throw storeError(error);
    }
    forward?.enqueue('ingestion', new TextEncoder().encode(original));
  }
  sendJson(res, 207, { successes, errors });
}
