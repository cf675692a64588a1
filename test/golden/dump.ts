import { severityLabel } from '@core/logs/severity';
import { extractToolDefinitions, toChatMessages } from '@core/messages/normalize';
import type { LogRecord, Observation, ObservationRow, TraceBody, TraceSummary } from '@core/model/types';
import { splitObservation } from '@core/model/types';
import { mergeObservationIntoTrace, mergeTraceBody } from '@core/trace/merge';
import { markSameCall } from '@core/trace/same-call';
import { inputTokens, outputTokens, totalTokens } from '@core/trace/usage-totals';
import { buildTree, flattenTree } from '@core/tree/build-tree';

/**
 * A compact text rendering of mapped observations, one block per trace, for golden files that a
 * reviewer can read in a diff. Times are relative (latency only) so the text is stable.
 */

const PREVIEW = 60;

function preview(v: unknown): string {
  if (v === null || v === undefined) return '-';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const cut = text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
  return JSON.stringify(cut);
}

function ms(n: number): string {
  return `${n.toFixed(3)}ms`;
}

/** Roles in order, each with its tool calls, images and reasoning, so a lost message shows in the diff. */
function chatSummary(v: unknown): string {
  const messages = toChatMessages(v);
  if (!messages) return '';
  return messages
    .map((m) => {
      let s = m.role;
      if (m.toolCalls.length > 0) s += `[${m.toolCalls.map((c) => c.name).join(',')}]`;
      if (m.toolCallId) s += `(${m.toolCallId})`;
      if (m.images) s += `+${m.images.length}img`;
      if (m.reasoning) s += '+reasoning';
      return s;
    })
    .join(',');
}

function observationLines(o: Observation, indent: string): string[] {
  const head = [o.type, JSON.stringify(o.name)];
  if (o.model) head.push(`[${o.model}]`);
  if (Object.keys(o.usage).length > 0) {
    const mark = o.usageSource === 'inferred' ? '(inferred)' : '';
    head.push(`tokens${mark}=${inputTokens(o.usage)}/${outputTokens(o.usage)}/${totalTokens(o.usage)}`);
    const details = Object.keys(o.usage).filter((k) => k !== 'input' && k !== 'output' && k !== 'total');
    if (details.length > 0) head.push(`usage=${JSON.stringify(o.usage)}`);
  }
  if (Object.keys(o.cost).length > 0)
    head.push(`cost${o.costSource === 'computed' ? '(computed)' : ''}=${JSON.stringify(o.cost)}`);
  if (o.sameCallAs) head.push(`same-call(counted by ${o.sameCallAs === o.parentId ? 'parent' : 'child'})`);
  head.push(`level=${o.level}`);
  if (o.statusMessage) head.push(`msg=${JSON.stringify(o.statusMessage)}`);
  if (o.exception) head.push(`exception=${o.exception.type ?? '-'}${o.exception.stacktrace ? '+stack' : ''}`);
  if (o.promptName) head.push(`prompt=${o.promptName}@${o.promptVersion ?? '-'}`);
  if (o.completionStartTime !== null) head.push(`ttft=${ms(o.completionStartTime - o.startTime)}`);
  if (o.modelParameters) head.push(`params=${Object.keys(o.modelParameters).sort().join(',')}`);
  if (Object.keys(o.metadata).length > 0) head.push(`meta=${Object.keys(o.metadata).sort().join(',')}`);
  const tools = extractToolDefinitions(o.input, o.attributes);
  for (const t of extractToolDefinitions(o.modelParameters)) if (!tools.some((d) => d.name === t.name)) tools.push(t);
  if (tools.length > 0) head.push(`tools=${tools.map((t) => t.name).join(',')}`);
  const io = [`in=${preview(o.input)}`, `out=${preview(o.output)}`];
  const chatIn = chatSummary(o.input);
  const chatOut = chatSummary(o.output);
  if (chatIn || chatOut) io.push(`chat=${chatIn || '-'}→${chatOut || '-'}`);
  return [`${indent}${head.join(' ')}`, `${indent}    ${io.join(' ')}`];
}

function traceLines(summary: TraceSummary, body: TraceBody, observations: Observation[]): string[] {
  const head = [
    `TRACE ${summary.id}`,
    `name=${JSON.stringify(summary.name)}${summary.nameIsExplicit ? '' : '(root)'}`,
    `user=${summary.userId ?? '-'}`,
    `session=${summary.sessionId ?? '-'}`,
    `tags=[${summary.tags.join(',')}]`,
    `env=${summary.environment}`,
    `release=${summary.release ?? '-'}`,
    `version=${summary.version ?? '-'}`,
  ];
  const totals = [
    `latency=${ms(summary.latencyMs)}`,
    `observations=${summary.observationCount}`,
    `tokens=${summary.inputTokens}/${summary.outputTokens}/${summary.totalTokens}`,
    `cost=${summary.totalCost}`,
    `level=${summary.worstLevel}`,
    `errors=${summary.errorCount}`,
  ];
  const lines = [head.join(' '), `  ${totals.join(' ')}`, `  in=${preview(body.input)} out=${preview(body.output)}`];
  if (Object.keys(body.metadata).length > 0) lines.push(`  meta=${JSON.stringify(body.metadata)}`);
  const byId = new Map(observations.map((o) => [o.id, o]));
  const rows: ObservationRow[] = observations.map((o) => splitObservation(o).row);
  for (const { node, depth } of flattenTree(buildTree(rows), new Set())) {
    const indent = '  '.repeat(depth + 1);
    const o = byId.get(node.id);
    if (node.row === null || !o) lines.push(`${indent}(missing parent ${node.id})`);
    else lines.push(...observationLines(o, indent));
  }
  return lines;
}

export interface MergedTrace {
  summary: TraceSummary;
  body: TraceBody;
  observations: Observation[];
}

/** All traces of one request, merged in arrival order as the writer merges them, earliest trace first. */
export function mergeTraces(observations: Observation[]): MergedTrace[] {
  const traces = new Map<string, { summary?: TraceSummary; body?: TraceBody; observations: Observation[] }>();
  const stored = new Map<string, ObservationRow>();
  for (const incoming of observations) {
    const t = traces.get(incoming.traceId) ?? { observations: [] };
    const key = `${incoming.traceId}/${incoming.id}`;
    const previous = stored.get(key);
    const o = markSameCall(incoming, previous, t.summary, (id) => stored.get(`${incoming.traceId}/${id}`));
    t.summary = mergeObservationIntoTrace(t.summary, o, previous, 0);
    t.body = mergeTraceBody(t.body, o);
    stored.set(key, splitObservation(o).row);
    t.observations.push(o);
    traces.set(o.traceId, t);
  }
  return ([...traces.values()] as MergedTrace[]).sort(
    (a, b) => a.summary.startTime - b.summary.startTime || a.summary.id.localeCompare(b.summary.id),
  );
}

export function dumpObservations(observations: Observation[]): string {
  const blocks = mergeTraces(observations).map((t) => traceLines(t.summary, t.body, t.observations).join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

/** Log records one per line: where they attach, what they are, and a preview of the body and attributes. */
export function dumpLogRecords(records: LogRecord[]): string {
  const lines = records.map((r) => {
    const where =
      r.traceId === '' ? 'no-trace' : `${r.traceId.slice(0, 8)}/${r.spanId === '' ? '-' : r.spanId.slice(0, 8)}`;
    const what = r.eventName ?? '(log)';
    const severity = severityLabel(r) || '-';
    const attributes = Object.keys(r.attributes).sort().join(',');
    return `LOG ${where} ${what} ${severity} scope=${r.scope.name} attrs=${attributes || '-'} body=${preview(r.body)}`;
  });
  return `${lines.join('\n')}\n`;
}
