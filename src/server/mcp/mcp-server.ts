import type { AgentQueryOp, AgentQueryOps } from '@core/mcp/agent-queries';
import { VALUE_FIELDS } from '@core/mcp/agent-queries';
import { clip } from '@core/mcp/clip';
import {
  formatCompare,
  formatFigures,
  formatLastFailure,
  formatObservation,
  formatSession,
  formatSessions,
  formatTraceList,
  formatTraceTree,
  formatValuePage,
} from '@core/mcp/format';
import { LEVELS } from '@core/model/types';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { StoreQueries } from './store-queries';

/**
 * Loupe's MCP server: read-only tools over the store, a resource per trace and a prompt to debug the last failed run
 * (ADR 0015). Every tool asks the store writer (store-queries.ts) and answers with a compact text for the model and
 * the same data as structured content. Nothing here reads settings or keys: there is no tool that could reveal them.
 */

/** The last guard on an answer's text: the store bounds each part, this bounds the sum. */
const MAX_TEXT = 60_000;

const traceId = z.string().min(1).max(200).describe('A trace id, as list_traces gives it');
const observationId = z.string().min(1).max(200).describe('An observation (span) id, as get_trace gives it');
const time = z
  .union([z.string().min(1).max(64), z.number()])
  .describe('An ISO 8601 time such as 2026-01-31T09:00:00Z, or epoch milliseconds');

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

export function createMcpServer(queries: StoreQueries, version: string): McpServer {
  const server = new McpServer(
    { name: 'loupe', title: 'Loupe', version },
    {
      instructions:
        'Loupe holds the traces of LLM apps running on this machine. Start with last_failed_trace or list_traces; get_trace shows a run as a tree with ids; get_observation reads one step in full; read_value pages through a long value.',
    },
  );

  const answer = async <K extends AgentQueryOp>(
    op: K,
    arg: AgentQueryOps[K]['arg'],
    format: (result: AgentQueryOps[K]['result']) => string,
  ): Promise<CallToolResult> => {
    const result = await queries.ask(op, arg);
    return {
      content: [{ type: 'text', text: clip(format(result), MAX_TEXT, null).text }],
      structuredContent: result as unknown as Record<string, unknown>,
    };
  };

  server.registerTool(
    'list_traces',
    {
      title: 'List and search traces',
      description:
        'Stored traces newest first, each with id, name, start, latency, tokens, cost and outcome. Filters combine; text searches the inputs and outputs of traces and their observations.',
      inputSchema: {
        name: z.string().max(500).optional().describe('Part of the trace name (case-insensitive)'),
        from: time.optional().describe('Traces that started at or after this time'),
        to: time.optional().describe('Traces that started before this time'),
        userId: z.string().max(500).optional(),
        sessionId: z.string().max(500).optional(),
        tags: z.array(z.string().max(200)).max(20).optional().describe('Traces carrying every one of these tags'),
        model: z.string().max(200).optional().describe('Traces with a call to this model (exact name)'),
        level: z.enum(LEVELS).optional().describe("The run's level (its root's)"),
        hasError: z.boolean().optional().describe('true: only runs that failed; false: only runs that did not'),
        text: z.string().min(1).max(500).optional().describe('Text to find in inputs and outputs (case-insensitive)'),
        limit: z.number().int().min(1).max(100).optional().describe('Traces per page (default 20)'),
        cursor: z.string().max(300).optional().describe('nextCursor of a previous answer, for older traces'),
      },
      annotations: { title: 'List traces', ...READ_ONLY },
    },
    ({ limit, cursor, ...filters }) => answer('listTraces', { filters, limit, cursor }, formatTraceList),
  );

  server.registerTool(
    'get_trace',
    {
      title: 'Get a trace as a tree',
      description:
        "A trace's input and output and its observations as an indented tree: id, type, name, model, duration, tokens, cost, level and status message per row. A big trace comes a page of rows at a time, with counts and its failing observations up front.",
      inputSchema: {
        traceId,
        offset: z.number().int().min(0).optional().describe('First tree row to show (default 0)'),
        limit: z.number().int().min(1).max(1000).optional().describe('Rows to show (default 200)'),
      },
      annotations: { title: 'Get trace', ...READ_ONLY },
    },
    (arg) => answer('getTrace', arg, formatTraceTree),
  );

  server.registerTool(
    'get_observation',
    {
      title: 'Get an observation in full',
      description:
        'One observation (span, generation, tool call...): input and output as chat messages, tool calls, model parameters, usage, cost, timings, attributes, events, log records and scores. Long values are cut with a marker saying how to read on with read_value.',
      inputSchema: { traceId, observationId },
      annotations: { title: 'Get observation', ...READ_ONLY },
    },
    (arg) => answer('getObservation', arg, formatObservation),
  );

  server.registerTool(
    'read_value',
    {
      title: 'Read a long value',
      description:
        'Pages through one value of a trace (input, output, metadata) or of an observation (also attributes, events, logs), 8000 characters at a time, where a cut marker pointed.',
      inputSchema: {
        traceId,
        observationId: observationId.optional().describe("Leave out for the trace's own value"),
        field: z.enum(VALUE_FIELDS),
        offset: z.number().int().min(0).optional().describe('Character to start at (default 0)'),
      },
      annotations: { title: 'Read value', ...READ_ONLY },
    },
    (arg) => answer('readValue', arg, formatValuePage),
  );

  server.registerTool(
    'list_sessions',
    {
      title: 'List sessions',
      description:
        'Conversations (traces sharing a session id), most recently active first, with traces, tokens, cost and failed runs.',
      inputSchema: {
        userId: z.string().max(500).optional(),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().max(50).optional(),
      },
      annotations: { title: 'List sessions', ...READ_ONLY },
    },
    (arg) => answer('listSessions', arg, formatSessions),
  );

  server.registerTool(
    'get_session',
    {
      title: 'Get a session',
      description: "A session's traces in the order they happened, each turn with its input and output.",
      inputSchema: { sessionId: z.string().min(1).max(500), limit: z.number().int().min(1).max(200).optional() },
      annotations: { title: 'Get session', ...READ_ONLY },
    },
    (arg) => answer('getSession', arg, formatSession),
  );

  server.registerTool(
    'usage_figures',
    {
      title: 'Cost, tokens, latency and errors by model and by step',
      description:
        "The Analysis view's figures for a time range (default: the last 24 hours): totals, then per model and per step (observation name) the calls, tokens, cost, latency percentiles and errors, and the most expensive and slowest traces.",
      inputSchema: {
        from: time.optional(),
        to: time.optional(),
        timeZone: z.string().max(100).optional().describe('IANA time zone for day boundaries (default UTC)'),
      },
      annotations: { title: 'Usage figures', ...READ_ONLY },
    },
    (arg) => answer('figures', arg, formatFigures),
  );

  server.registerTool(
    'compare_traces',
    {
      title: 'Compare two traces',
      description:
        "Two runs aligned step by step as the Compare view aligns them (A the reference, B the new run): the whole runs' deltas, then each step added, removed or changed (latency, tokens, cost, model, level, parameters).",
      inputSchema: {
        a: traceId.describe('The reference trace'),
        b: traceId.describe('The trace compared with it'),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      },
      annotations: { title: 'Compare traces', ...READ_ONLY },
    },
    (arg) => answer('compareTraces', arg, formatCompare),
  );

  server.registerTool(
    'last_failed_trace',
    {
      title: 'The most recent failed run',
      description:
        'The newest trace whose run failed (its root ended in ERROR), with its failing observations and where they sit in the tree.',
      inputSchema: {},
      annotations: { title: 'Last failed trace', ...READ_ONLY },
    },
    () => answer('lastFailure', {}, formatLastFailure),
  );

  server.registerResource(
    'trace',
    new ResourceTemplate('loupe://trace/{traceId}', {
      list: async () => {
        const { traces } = await queries.ask('listTraces', { limit: 20 });
        return {
          resources: traces.map((t) => ({
            uri: `loupe://trace/${encodeURIComponent(t.id)}`,
            name: t.name ?? t.id,
            description: `${t.start}, ${t.outcome}`,
            mimeType: 'text/plain',
          })),
        };
      },
    }),
    {
      title: 'A trace',
      description: 'A stored trace as an indented tree, to attach to a chat',
      mimeType: 'text/plain',
    },
    async (uri, variables) => {
      const id = decodeURIComponent(String(variables.traceId));
      const tree = await queries.ask('getTrace', { traceId: id });
      return {
        contents: [{ uri: uri.href, mimeType: 'text/plain', text: clip(formatTraceTree(tree), MAX_TEXT, null).text }],
      };
    },
  );

  server.registerPrompt(
    'debug-last-failed-run',
    {
      title: 'Debug the last failed run',
      description: 'Finds the most recent failed run in Loupe and walks through why it failed.',
    },
    () => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: 'Debug the last failed run of my LLM app with Loupe: call last_failed_trace, then get_trace for its tree, then get_observation for each failing step (and the model call before it). Tell me what failed, why (quote the error and the input that led to it), and what to change in my code or prompt.',
          },
        },
      ],
    }),
  );
  return server;
}
