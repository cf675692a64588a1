import type { LogRecord, Observation, Score, TraceUpsert } from '../model/types';

/**
 * What travels from the server's hub (in Electron main or the headless server) to the store worker.
 * Batches are numbered; the worker acks a sequence number only after its transaction committed,
 * and the hub keeps every unacked batch to deliver again (writes are idempotent).
 */
export interface IngestBatch {
  seq: number;
  receivedAt: number;
  /** Which endpoint produced it, e.g. `otlp-json /v1/traces`. */
  source: string;
  observations: Observation[];
  /** Trace-level upserts that come without an observation (Langfuse `trace-create`). */
  traces?: TraceUpsert[];
  scores?: Score[];
  /** OTLP log records (`/v1/logs`), joined to their traces and spans by the writer. */
  logs?: LogRecord[];
}

/**
 * A batch on its way to a writer, already in the words of the wire: the JSON text of its `batch` message, made once
 * where it was converted (a thread of the server's), so the server's main thread only passes the text on.
 */
export interface BatchText {
  seq: number;
  source: string;
  /** Observations it carries. */
  spans: number;
  /** `JSON.stringify({ type: 'batch', batch })`, as `batchMessageText` writes it. */
  text: string;
}

/**
 * The JSON text of `{ type: 'batch', batch }` for a batch of observations only, given as their JSON text: what
 * `JSON.stringify` makes of the message, without taking the observations apart again.
 */
export function batchMessageText(
  meta: Pick<IngestBatch, 'seq' | 'receivedAt' | 'source'>,
  observationsJson: string,
): string {
  const head = JSON.stringify({ seq: meta.seq, receivedAt: meta.receivedAt, source: meta.source });
  return `{"type":"batch","batch":${head.slice(0, -1)},"observations":${observationsJson}}}`;
}

/** The text of any batch's message: one parsed back from it is the batch itself. */
export function toBatchText(batch: IngestBatch | BatchText): BatchText {
  if ('text' in batch) return batch;
  const text = JSON.stringify({ type: 'batch', batch });
  return { seq: batch.seq, source: batch.source, spans: batch.observations.length, text };
}

/** Something the user should see: a rejected request, a port change, a store failure. */
export interface Notice {
  id: number;
  time: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

/**
 * How much received data waits to be stored, for the top bar. Spans are counted as the receiver accepted them (log
 * records count as spans); a batch of only Langfuse trace upserts or scores counts as a batch with no spans.
 */
export interface Backlog {
  /** Spans received and not yet stored: waiting in the spool, or in flight to a store writer. */
  spans: number;
  batches: number;
  /** Of those, sent to a store writer and not yet answered. */
  inFlightSpans: number;
  inFlightBatches: number;
  /** Spans stored (acked) since the server started: the page measures the drain rate and the progress from it. */
  stored: number;
  /** Bytes the spool takes on disk (freed a moment after the acks, a segment file at a time). */
  spoolBytes: number;
  /** Past this the receiver answers 503; null when the spool has no limit (held in memory). */
  spoolLimitBytes: number | null;
}

/** Where Loupe listens, for the status bar and the setup hints. */
export interface ServerInfo {
  host: string;
  port: number;
  endpoint: string;
  /** Where OTLP/gRPC is received, on the same host; null when it is off or its port could not be had. */
  grpcPort: number | null;
}

/** Application menu items the page carries out (desktop app). */
export const MENU_COMMANDS = ['import', 'export-all', 'settings', 'connect', 'shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** The page's count of traces that turned into errors since its window last had the focus (desktop app). */
export interface ErrorTraceReport {
  count: number;
  /** The newest of them, for a notification; null when the count is zero. */
  latest: { traceId: string; name: string | null } | null;
}

/** Hub ↔ store worker, over a window's MessagePort (desktop app) or the WebSocket at `/ws` (headless mode). */
export type ServerMessage =
  | { type: 'batch'; batch: IngestBatch }
  | { type: 'notice'; notice: Notice }
  | { type: 'info'; info: ServerInfo }
  /** Sent on attach and when it changes, a few times a second at most. */
  | { type: 'backlog'; backlog: Backlog }
  /** Headless mode: the other browser profiles that stored spans from this server, on attach and as they change. */
  | { type: 'elsewhere'; profiles: OtherProfile[] }
  /** A read-only question about the stored data (from the MCP server), answered with `answer` and the same id. */
  | { type: 'query'; id: number; op: string; arg: unknown };

/** A browser profile other than the page's own that stored spans this server received (headless mode). */
export interface OtherProfile {
  /** As a user names it: "Chrome 131 on Linux". */
  browser: string;
  /** Spans it stored. */
  spans: number;
  /** When it last stored some, in ms since the epoch. */
  lastAt: number;
}

export type ClientMessage =
  | { type: 'ack'; seq: number }
  | { type: 'nack'; seq: number; error: string }
  /** The store writer's answer to a `query`: its result, or what went wrong. */
  | { type: 'answer'; id: number; result: unknown }
  | { type: 'answer'; id: number; error: string };

export const WS_PATH = '/ws';
