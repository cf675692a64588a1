import { failedStepsText } from '../trace/status';
import type {
  CompareResult,
  FiguresResult,
  LastFailureResult,
  ObservationResult,
  SessionItem,
  SessionResult,
  TraceItem,
  TraceListResult,
  TraceTreeResult,
  TreeLine,
  ValueOut,
  ValuePage,
} from './agent-queries';

/**
 * The text half of each MCP answer: one line per trace or observation, the figures a developer looks at first, in
 * the order they read them. The structured half carries every field; this is what a model reads to decide what to
 * ask next, so each line names the id to ask with.
 */

const usd = (n: number | null) =>
  n === null ? '' : n === 0 ? '$0' : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(4)}`;
const ms = (n: number | null) =>
  n === null ? 'running' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
const tokens = (n: number | null) => (n === null ? '' : `${n} tok`);
const join = (parts: (string | null | false | undefined)[]) => parts.filter(Boolean).join(' · ');
/** ` · a · b` after a name, or nothing. */
const tail = (parts: (string | null | false | undefined)[]) => {
  const text = join(parts);
  return text ? ` · ${text}` : '';
};

const outcome = (t: TraceItem) =>
  t.outcome === 'failed'
    ? 'FAILED'
    : t.outcome === 'recovered'
      ? `ok, recovered (${failedStepsText(t.failedSteps)})`
      : 'ok';

function traceLine(t: TraceItem): string {
  return join([
    `${t.id}`,
    JSON.stringify(t.name ?? '(unnamed)'),
    t.start,
    ms(t.latencyMs),
    tokens(t.totalTokens),
    usd(t.cost),
    outcome(t),
    t.sessionId && `session ${t.sessionId}`,
    t.userId && `user ${t.userId}`,
    t.tags.length > 0 && `tags ${t.tags.join(',')}`,
  ]);
}

export function formatTraceList(r: TraceListResult): string {
  const head = r.traces.length === 0 ? 'No stored trace matches.' : `${r.traces.length} traces, newest first:`;
  const lines = r.traces.map((t) => `- ${traceLine(t)}`);
  const tail: string[] = [];
  if (r.searchedTraces !== undefined)
    tail.push(
      `The text search read ${r.searchedTraces} traces and stopped; pass cursor ${JSON.stringify(r.nextCursor)} to search older ones.`,
    );
  else if (r.nextCursor) tail.push(`More: pass cursor ${JSON.stringify(r.nextCursor)}.`);
  return [head, ...lines, ...tail].join('\n');
}

function treeLineText(l: TreeLine): string {
  const status =
    l.level === 'ERROR' || l.level === 'WARNING' ? `${l.level}${l.statusMessage ? `: ${l.statusMessage}` : ''}` : '';
  return `${'  '.repeat(l.depth)}- [${l.type}] ${l.name} (${l.id})${tail([l.model, ms(l.durationMs), tokens(l.totalTokens), usd(l.cost), status])}`;
}

export function formatTraceTree(r: TraceTreeResult): string {
  const t = r.trace;
  const counts = Object.entries(r.byType)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  const out = [
    `Trace ${traceLine(t)}`,
    join([
      t.environment && `environment ${t.environment}`,
      t.release && `release ${t.release}`,
      t.version && `version ${t.version}`,
    ]),
    `Input: ${r.input || '(none)'}`,
    `Output: ${r.output || '(none)'}`,
    `${r.totalObservations} observations (${counts || 'none'}).`,
  ].filter(Boolean);
  if (r.totalObservations > r.lines.length) {
    out.push(`Showing rows ${r.offset}-${r.offset + r.lines.length} of ${r.totalObservations} in tree order.`);
    if (r.errors.length > 0)
      out.push(
        'Failing observations anywhere in the trace:',
        ...r.errors.map((l) => `  ${treeLineText({ ...l, depth: 0 })}`),
      );
  }
  out.push('Tree:', ...r.lines.map(treeLineText));
  if (r.nextOffset !== null) out.push(`More rows: call get_trace with offset ${r.nextOffset}.`);
  out.push('Read one observation in full with get_observation {traceId, observationId}.');
  return out.join('\n');
}

function valueBlock(label: string, v: ValueOut): string[] {
  if (v.messages) {
    return [
      `${label} (${v.messages.length} messages):`,
      ...v.messages.map((m) => {
        const calls = m.toolCalls.map((c) => ` → tool call ${c.name}(${c.arguments})`).join('');
        return `  [${m.role}${m.name ? ` ${m.name}` : ''}] ${m.text}${calls}${m.images ? ` (+${m.images} images)` : ''}`;
      }),
    ];
  }
  return [`${label}: ${v.text || '(none)'}`];
}

export function formatObservation(o: ObservationResult): string {
  return [
    `[${o.type}] ${o.name} (${o.id}) in trace ${o.traceId}${o.parentId ? `, parent ${o.parentId}` : ''}`,
    join([
      o.model && `model ${o.model}`,
      `start ${o.start}`,
      ms(o.durationMs),
      o.timeToFirstTokenMs !== null && `first token after ${ms(o.timeToFirstTokenMs)}`,
    ]),
    `Level ${o.level}${o.statusMessage ? `: ${o.statusMessage}` : ''}`,
    o.exception && `Exception: ${o.exception.type ?? ''} ${o.exception.message}`,
    Object.keys(o.usage).length > 0 && `Usage: ${JSON.stringify(o.usage)}`,
    Object.keys(o.cost).length > 0 && `Cost: ${JSON.stringify(o.cost)}${o.costSource ? ` (${o.costSource})` : ''}`,
    o.modelParameters && `Parameters: ${JSON.stringify(o.modelParameters)}`,
    o.prompt && `Prompt: ${o.prompt.name}${o.prompt.version === null ? '' : ` v${o.prompt.version}`}`,
    o.tools.length > 0 && `Tools offered: ${o.tools.map((t) => t.name).join(', ')}`,
    ...valueBlock('Input', o.input),
    ...valueBlock('Output', o.output),
    o.metadata !== '{}' && `Metadata: ${o.metadata}`,
    o.eventCount > 0 && `Events (${o.eventCount}): ${o.events.map((e) => `${e.name} at ${e.time}`).join('; ')}`,
    o.logCount > 0 &&
      `Log records (${o.logCount}):\n${o.logs.map((l) => `  ${l.time} ${l.severity ?? ''} ${l.event ?? ''} ${l.body}`).join('\n')}`,
    o.scores.length > 0 &&
      `Scores: ${o.scores.map((s) => `${s.name}=${s.value}${s.comment ? ` (${s.comment})` : ''}`).join(', ')}`,
    o.sameCallAs && `The same model call is recorded by ${o.sameCallAs}, which carries its usage and cost.`,
    `Attributes: ${o.attributes}`,
  ]
    .filter((line): line is string => typeof line === 'string' && line !== '')
    .join('\n');
}

export function formatValuePage(p: ValuePage): string {
  const where = p.observationId ? `observation ${p.observationId} of trace ${p.traceId}` : `trace ${p.traceId}`;
  return `${p.field} of ${where}, from character ${p.offset} of ${p.total}:\n${p.text}`;
}

function sessionLine(s: SessionItem): string {
  return join([
    s.id,
    `${s.traces} traces`,
    `${s.firstStart} to ${s.lastEnd}`,
    tokens(s.totalTokens),
    usd(s.cost),
    s.failedRuns > 0 && `${s.failedRuns} failed runs`,
    s.userIds.length > 0 && `users ${s.userIds.join(',')}`,
  ]);
}

export function formatSessions(r: { sessions: SessionItem[]; nextCursor: string | null }): string {
  if (r.sessions.length === 0) return 'No stored trace carries a session id.';
  const more = r.nextCursor ? [`More: pass cursor ${JSON.stringify(r.nextCursor)}.`] : [];
  return ['Sessions, most recently active first:', ...r.sessions.map((s) => `- ${sessionLine(s)}`), ...more].join('\n');
}

export function formatSession(r: SessionResult): string {
  return [
    `Session ${sessionLine(r.session)}`,
    ...r.turns.flatMap((t, i) => [
      `${i + 1}. ${traceLine(t)}`,
      `   in: ${t.input || '(none)'}`,
      `   out: ${t.output || '(none)'}`,
    ]),
    r.moreTraces > 0 && `${r.moreTraces} later traces not shown: raise limit.`,
  ]
    .filter((line): line is string => typeof line === 'string')
    .join('\n');
}

export function formatFigures(r: FiguresResult): string {
  const t = r.totals;
  const row = (g: FiguresResult['byModel'][number]) =>
    `- ${g.key}: ${g.calls} calls in ${g.traces} traces · ${usd(g.cost)} · ${g.inputTokens} in / ${g.outputTokens} out tok · avg ${ms(g.avgLatencyMs)}, p95 ${ms(g.p95LatencyMs)}${g.errors > 0 ? ` · ${g.errors} errors` : ''}`;
  return [
    `From ${r.from} to ${r.to}: ${t.traces} traces, ${t.generations} model calls, ${usd(t.cost)}, ${t.inputTokens} input and ${t.outputTokens} output tokens, ${t.failedRuns} failed runs${t.errorRate === null ? '' : ` (${(t.errorRate * 100).toFixed(1)} %)`}, ${t.failedCalls} failed calls.`,
    'By model:',
    ...(r.byModel.length > 0 ? r.byModel.map(row) : ['- (no model calls)']),
    'By step (observation name):',
    ...(r.byStep.length > 0 ? r.byStep.map(row) : ['- (no model calls)']),
    r.mostExpensive.length > 0 && `Most expensive: ${r.mostExpensive.map((x) => `${x.id} ${usd(x.cost)}`).join(', ')}`,
    r.slowest.length > 0 && `Slowest: ${r.slowest.map((x) => `${x.id} ${ms(x.latencyMs)}`).join(', ')}`,
  ]
    .filter((line): line is string => typeof line === 'string')
    .join('\n');
}

export function formatCompare(r: CompareResult): string {
  const d = r.delta;
  const delta = (
    label: string,
    x: { a: number | null; b: number | null; diff: number | null },
    f: (n: number | null) => string,
  ) => `${label} ${f(x.a)} → ${f(x.b)}`;
  const rowText = (row: CompareResult['rows'][number]) => {
    const c = row.changes;
    const parts = [
      c.latencyMs && delta('latency', c.latencyMs, ms),
      c.totalTokens && delta('tokens', c.totalTokens, (n) => String(n ?? '')),
      c.cost && delta('cost', c.cost, usd),
      c.model && `model ${c.model.a} → ${c.model.b}`,
      c.level && `level ${c.level.a} → ${c.level.b}`,
      c.parameters && `parameters changed: ${c.parameters.join(', ')}`,
    ];
    const ids = `${row.a?.id ?? '-'} / ${row.b?.id ?? '-'}`;
    return `${'  '.repeat(row.depth)}- ${row.status.toUpperCase()} ${row.path} (${ids})${tail(parts)}`;
  };
  return [
    `A: ${traceLine(r.a)}`,
    `B: ${traceLine(r.b)}`,
    join([
      delta('latency', d.latencyMs, ms),
      delta('tokens', d.totalTokens, (n) => String(n ?? '')),
      delta('cost', d.cost, usd),
      delta('observations', d.observations, (n) => String(n ?? '')),
      delta('errors', d.errors, (n) => String(n ?? '')),
    ]),
    `${r.totalRows} aligned steps, ${r.unchangedRows} matched with nothing changed; the rest:`,
    ...(r.rows.length > 0 ? r.rows.map(rowText) : ['(no differences)']),
    r.nextOffset !== null && `More rows: call compare_traces with offset ${r.nextOffset}.`,
  ]
    .filter((line): line is string => typeof line === 'string')
    .join('\n');
}

export function formatLastFailure(r: LastFailureResult): string {
  if (!r.trace) return 'No stored run failed (no trace whose root ended in ERROR).';
  return [
    `Most recent failed run: ${traceLine(r.trace)}`,
    `${r.failingCount} observations ended in ERROR:`,
    ...r.failing.map(
      (f) =>
        `- ${f.path} [${f.type}] (${f.id})${f.statusMessage ? `: ${f.statusMessage}` : ''}${f.exception ? ` · exception ${f.exception}` : ''}`,
    ),
    `Next: get_trace {"traceId":"${r.trace.id}"} for the whole tree, get_observation for a failing step's input and output.`,
  ].join('\n');
}
