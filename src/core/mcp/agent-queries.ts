import type { PairDelta, TraceDelta } from '../compare/deltas';
import type { ChatMessage } from '../messages/chat-message';
import type { Level, ObservationException, ObservationType, UsageDetails } from '../model/types';
import type { TraceOutcome } from '../trace/status';

/**
 * The read-only questions the MCP server asks the store writer (over the store link's `query` message) and what the
 * answers hold. Every answer is already bounded: lists have a limit and a cursor, long values are cut with a marker
 * (clip.ts), and a huge trace's tree comes a page of rows at a time with counts for the rest. Times are ISO strings
 * and durations milliseconds, which is what a model reads without converting.
 */

export interface TraceFiltersArg {
  /** Substring of the trace name, case-insensitive. */
  name?: string;
  /** ISO times or epoch ms: traces that started at or after `from` and before `to`. */
  from?: string | number;
  to?: string | number;
  userId?: string;
  sessionId?: string;
  /** Traces carrying every one of these tags. */
  tags?: string[];
  /** Traces with a model call to this model (exact name). */
  model?: string;
  /** The run's level (the root's): DEBUG, DEFAULT, WARNING or ERROR. */
  level?: Level;
  /** True: runs that failed; false: runs that did not. */
  hasError?: boolean;
  /** Substring searched in the inputs and outputs of the trace and its observations, case-insensitive. */
  text?: string;
}

export interface TraceItem {
  id: string;
  name: string | null;
  start: string;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** US dollars. */
  cost: number;
  level: Level;
  outcome: TraceOutcome;
  failedSteps: number;
  observations: number;
  userId: string | null;
  sessionId: string | null;
  tags: string[];
}

export interface TraceListResult {
  traces: TraceItem[];
  /** Pass as `cursor` for the next, older page; null when there is none. */
  nextCursor: string | null;
  /** Set when a text search stopped before reading every trace: how many it read. */
  searchedTraces?: number;
}

export interface TreeLine {
  id: string;
  depth: number;
  type: ObservationType;
  name: string;
  model: string | null;
  start: string;
  durationMs: number | null;
  totalTokens: number | null;
  cost: number | null;
  level: Level;
  statusMessage: string | null;
}

export interface TraceTreeResult {
  trace: TraceItem & { environment: string; release: string | null; version: string | null };
  input: string;
  output: string;
  /** The rows from `offset`, in tree order (parents before children, siblings by start). */
  lines: TreeLine[];
  totalObservations: number;
  offset: number;
  /** Where the next page of rows starts; null when these are the last. */
  nextOffset: number | null;
  /** Observations per type, and per level, over the whole trace. */
  byType: Record<string, number>;
  byLevel: Record<string, number>;
  /** The first observations that ended in ERROR, wherever they are in the tree (at most 20). */
  errors: TreeLine[];
}

export interface MessageOut extends Omit<ChatMessage, 'text' | 'images'> {
  text: string;
  /** Images are never inlined: how many there were. */
  images?: number;
}

export interface ValueOut {
  /** The value as chat messages, when it is a conversation in a format Loupe reads; texts cut. */
  messages?: MessageOut[];
  /** The value as text (JSON for structures), cut to its budget. */
  text: string;
  /** Characters of the whole value as text. */
  chars: number;
}

export interface ObservationResult {
  traceId: string;
  id: string;
  parentId: string | null;
  type: ObservationType;
  name: string;
  model: string | null;
  modelParameters: Record<string, unknown> | null;
  start: string;
  end: string | null;
  durationMs: number | null;
  timeToFirstTokenMs: number | null;
  level: Level;
  statusMessage: string | null;
  exception: ObservationException | null;
  usage: UsageDetails;
  cost: UsageDetails;
  costSource: 'sdk' | 'computed' | null;
  prompt: { name: string; version: number | null } | null;
  serviceName: string | null;
  environment: string;
  input: ValueOut;
  output: ValueOut;
  /** Tool definitions the model was offered (names and descriptions, cut). */
  tools: { name: string; description: string }[];
  metadata: string;
  attributes: string;
  events: { name: string; time: string; attributes: string }[];
  eventCount: number;
  logs: { time: string; severity: string | null; event: string | null; body: string }[];
  logCount: number;
  scores: { name: string; value: number | string | null; comment: string | null }[];
  /** When this call is recorded twice, the observation it counts through. */
  sameCallAs: string | null;
}

export const VALUE_FIELDS = ['input', 'output', 'metadata', 'attributes', 'events', 'logs'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

export interface ValuePage {
  traceId: string;
  observationId: string | null;
  field: ValueField;
  offset: number;
  text: string;
  total: number;
  nextOffset: number | null;
}

export interface SessionItem {
  id: string;
  traces: number;
  firstStart: string;
  lastEnd: string;
  totalTokens: number;
  cost: number;
  failedRuns: number;
  failedSteps: number;
  userIds: string[];
}

export interface SessionResult {
  session: SessionItem;
  /** The session's traces in the order they happened, each with its turn's input and output (cut). */
  turns: (TraceItem & { input: string; output: string })[];
  /** Set when the session has more traces than shown. */
  moreTraces: number;
}

export interface FigureRow {
  key: string;
  calls: number;
  traces: number;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  errors: number;
}

export interface FiguresResult {
  from: string;
  to: string;
  totals: {
    traces: number;
    generations: number;
    inputTokens: number;
    outputTokens: number;
    cost: number;
    failedRuns: number;
    errorRate: number | null;
    failedCalls: number;
  };
  byModel: FigureRow[];
  byStep: FigureRow[];
  mostExpensive: { id: string; name: string | null; start: string; cost: number }[];
  slowest: { id: string; name: string | null; start: string; latencyMs: number }[];
}

export interface CompareRow {
  path: string;
  depth: number;
  status: 'matched' | 'added' | 'removed';
  a: { id: string; type: ObservationType; name: string } | null;
  b: { id: string; type: ObservationType; name: string } | null;
  /** Only what changed: the deltas that are not "same". */
  changes: Partial<Pick<PairDelta, 'latencyMs' | 'totalTokens' | 'cost'>> & {
    model?: { a: string | null; b: string | null };
    level?: { a: string | null; b: string | null };
    parameters?: string[];
  };
}

export interface CompareResult {
  a: TraceItem;
  b: TraceItem;
  delta: TraceDelta;
  rows: CompareRow[];
  totalRows: number;
  /** Rows left out because they were matched with nothing changed, or past the limit. */
  unchangedRows: number;
  offset: number;
  nextOffset: number | null;
}

export interface LastFailureResult {
  /** Null when no stored run failed. */
  trace: TraceItem | null;
  /** Its observations that ended in ERROR, each with the path of names from the root (at most 20). */
  failing: (TreeLine & { path: string; exception: string | null })[];
  /** How many of its observations ended in ERROR. */
  failingCount: number;
}

/** The operations, with their argument and result types. */
export interface AgentQueryOps {
  listTraces: { arg: { filters?: TraceFiltersArg; limit?: number; cursor?: string }; result: TraceListResult };
  getTrace: { arg: { traceId: string; offset?: number; limit?: number }; result: TraceTreeResult };
  getObservation: { arg: { traceId: string; observationId: string }; result: ObservationResult };
  readValue: {
    arg: { traceId: string; observationId?: string; field: ValueField; offset?: number };
    result: ValuePage;
  };
  listSessions: {
    arg: { limit?: number; cursor?: string; userId?: string };
    result: { sessions: SessionItem[]; nextCursor: string | null };
  };
  getSession: { arg: { sessionId: string; limit?: number }; result: SessionResult };
  figures: { arg: { from?: string | number; to?: string | number; timeZone?: string }; result: FiguresResult };
  compareTraces: { arg: { a: string; b: string; offset?: number; limit?: number }; result: CompareResult };
  lastFailure: { arg: Record<string, never>; result: LastFailureResult };
}

export type AgentQueryOp = keyof AgentQueryOps;

export const AGENT_QUERY_OPS: readonly AgentQueryOp[] = [
  'listTraces',
  'getTrace',
  'getObservation',
  'readValue',
  'listSessions',
  'getSession',
  'figures',
  'compareTraces',
  'lastFailure',
];

/** A question the store cannot answer as asked (an unknown id, a bad argument): the message says what to do. */
export class AgentQueryError extends Error {}
