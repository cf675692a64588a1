import type { RetentionSettings } from '@core/commands/contract';
import type { TraceSummary } from '@core/model/types';
import type { TracePreview } from '@core/trace/preview-text';
import type { Backlog, Notice, OtherProfile, ServerInfo } from '@core/wire/protocol';
import type { RetentionRun } from './retention';

/** How the store worker's connection to the server stands: the top bar shows it. */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** Writes the page asks of the store worker (the user deleted something, retention is due), with their results. */
export interface StoreRequests {
  deleteTraces: { arg: { traceIds: string[] }; result: null };
  deleteAll: { arg: null; result: null };
  retention: { arg: { limits: RetentionSettings; reason: RetentionRun['reason'] }; result: RetentionRun };
  /** A trace opened from a long skeleton log, or from its rows: its log in one entry opens it in one read next time. */
  compactSkeletonLog: { arg: { traceId: string }; result: null };
}
export type StoreRequest = {
  [K in keyof StoreRequests]: { type: 'request'; id: number; op: K; arg: StoreRequests[K]['arg'] };
}[keyof StoreRequests];

/** The page → its store worker. */
export type ToStoreWorker =
  /** Desktop app: the MessagePort main transferred (batches arrive on it). */
  | { type: 'port'; port: MessagePort }
  /** Headless mode: the WebSocket to open (and reopen after a drop). */
  | { type: 'socket'; url: string }
  /** The answer to `retention?`. */
  | { type: 'retention'; id: number; retention: RetentionSettings | null }
  | StoreRequest;

/** The store worker → the page. */
export type FromStoreWorker =
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'info'; info: ServerInfo }
  /** A notice from the server. */
  | { type: 'notice'; notice: Notice }
  /** How much waits on the server to be stored. */
  | { type: 'backlog'; backlog: Backlog }
  /** Other browser profiles that stored spans from this server. */
  | { type: 'elsewhere'; profiles: OtherProfile[] }
  /** A notice of the worker's own (a batch it could not store). */
  | { type: 'problem'; level: Notice['level']; message: string }
  /**
   * A transaction committed; these traces changed, and these are their summaries as stored and the list's previews of
   * their input and output (all empty when traces were removed to make room).
   */
  | { type: 'stored'; traceIds: string[]; summaries: TraceSummary[]; previews: TracePreview[] }
  /** The worker needs the user's retention limits (a write failed for lack of space); only the page can ask. */
  | { type: 'retention?'; id: number }
  /** The answer to a StoreRequest. */
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'reply'; id: number; error: string };
