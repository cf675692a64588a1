import { AGENT_QUERY_OPS, AgentQueryError, type AgentQueryOp, type AgentQueryOps } from '@core/mcp/agent-queries';
import { getObservation, readValue } from './agent-query-details';
import { compareTraces, figures, getSession, listSessions } from './agent-query-figures';
import { getTrace, lastFailure, listTraces } from './agent-query-traces';
import type { LoupeDb } from './db';

/**
 * The store worker's answers to the MCP server's questions (ADR 0015): read-only, straight from IndexedDB, so a
 * coding agent reads exactly what the views show. Each answer is bounded (core/mcp/agent-queries.ts says how).
 */
const HANDLERS: {
  [K in AgentQueryOp]: (db: LoupeDb, arg: AgentQueryOps[K]['arg']) => Promise<AgentQueryOps[K]['result']>;
} = {
  listTraces,
  getTrace,
  getObservation,
  readValue,
  listSessions,
  getSession,
  figures: (db, arg) => figures(db, arg),
  compareTraces,
  lastFailure: (db) => lastFailure(db),
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runs one question; rejects with a message that says what to ask instead when it cannot be answered. */
export function runAgentQuery(db: LoupeDb, op: string, arg: unknown): Promise<unknown> {
  if (!(AGENT_QUERY_OPS as readonly string[]).includes(op))
    return Promise.reject(
      new AgentQueryError(
        `the store does not know the question ${JSON.stringify(op)}; update Loupe's window (reload it)`,
      ),
    );
  if (!isRecord(arg)) return Promise.reject(new AgentQueryError(`the arguments of ${op} must be an object`));
  const handler = HANDLERS[op as AgentQueryOp] as (db: LoupeDb, arg: unknown) => Promise<unknown>;
  return handler(db, arg);
}
