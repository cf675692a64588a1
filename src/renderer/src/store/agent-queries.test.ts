import 'fake-indexeddb/auto';
import type {
  LastFailureResult,
  ObservationResult,
  TraceListResult,
  TraceTreeResult,
  ValuePage,
} from '@core/mcp/agent-queries';
import { formatTraceTree } from '@core/mcp/format';
import { testRow } from '@core/model/test-observation';
import type { TraceSummary } from '@core/model/types';
import { emptyTrace } from '@core/trace/merge';
import { afterEach, describe, expect, it } from 'vitest';
import { runAgentQuery } from './agent-queries';
import { chunksOf } from './body-chunks';
import { type LoupeDb, openDb } from './db';

let db: LoupeDb;
let name = 0;

afterEach(async () => {
  await db?.delete();
});

const trace = (id: string, startTime: number, over: Partial<TraceSummary> = {}): TraceSummary => ({
  ...emptyTrace(id, startTime),
  ...over,
});

/** The answer as it crosses the store link: JSON. */
const wire = (answer: unknown) => JSON.stringify(answer);

// Hundreds of thousands of rows through fake-indexeddb: seconds when other tests share the cores.
describe('the store worker answers a coding agent', { timeout: 300_000 }, () => {
  it("summarizes a 100k-observation trace's tree: a page of rows, counts and its failures, never the whole tree", async () => {
    db = openDb(`agent-${++name}`);
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      testRow({
        traceId: 'big',
        id: `o${i}`,
        parentId: i === 0 ? null : `o${Math.floor((i - 1) / 10)}`,
        type: i % 7 === 0 ? 'GENERATION' : 'SPAN',
        name: `step ${i}`,
        startTime: i,
        endTime: i + 1,
        level: i % 5000 === 4999 ? 'ERROR' : 'DEFAULT',
        statusMessage: i % 5000 === 4999 ? `failure ${i}` : null,
        usage: i % 7 === 0 ? { input: 10, output: 5 } : {},
      }),
    );
    await db.bodyChunks.bulkPut(chunksOf(rows.map((row) => ({ row }))));
    await db.traces.put(trace('big', 0, { name: 'huge run', observationCount: 100_000 }));
    await db.traceBodies.put({ id: 'big', input: 'q'.repeat(50_000), output: null, metadata: {} });

    const answer = (await runAgentQuery(db, 'getTrace', { traceId: 'big' })) as TraceTreeResult;
    expect(answer.totalObservations).toBe(100_000);
    expect(answer.lines).toHaveLength(200);
    expect(answer.nextOffset).toBe(200);
    expect(answer.byLevel).toEqual({ DEFAULT: 99_980, ERROR: 20 });
    expect(answer.byType.GENERATION).toBe(Math.ceil(100_000 / 7));
    expect(answer.errors.map((e) => e.statusMessage)).toContain('failure 99999');
    expect(answer.input.length).toBeLessThan(2_500);
    expect(answer.input).toContain('[truncated: characters 0-2000 of 50000 shown; read on with read_value');
    expect(wire(answer).length).toBeLessThan(100_000);
    const text = formatTraceTree(answer);
    expect(text).toContain('Showing rows 0-200 of 100000 in tree order.');
    expect(text).toContain('More rows: call get_trace with offset 200.');
    expect(text.length).toBeLessThan(60_000);

    const last = (await runAgentQuery(db, 'getTrace', {
      traceId: 'big',
      offset: 99_990,
      limit: 1000,
    })) as TraceTreeResult;
    expect(last.lines).toHaveLength(10);
    expect(last.nextOffset).toBeNull();
  });

  it('pages through traces newest first without losing or repeating one, even when thousands share a start time', async () => {
    db = openDb(`agent-${++name}`);
    // 1,200 traces at one instant straddle the 500-row reading chunks; 300 more before and after.
    const traces = [
      ...Array.from({ length: 1_200 }, (_, i) => trace(`same-${String(i).padStart(4, '0')}`, 5_000)),
      ...Array.from({ length: 300 }, (_, i) => trace(`before-${i}`, 4_000 - i)),
      ...Array.from({ length: 300 }, (_, i) => trace(`after-${i}`, 6_000 + i)),
    ];
    await db.traces.bulkPut(traces);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await runAgentQuery(db, 'listTraces', { limit: 100, cursor })) as TraceListResult;
      seen.push(...page.traces.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(1_800);
    expect(new Set(seen).size).toBe(1_800);
    expect(seen[0]).toBe('after-299');
    expect(seen.at(-1)).toBe('before-299');

    const ranged = (await runAgentQuery(db, 'listTraces', {
      filters: { from: 3_900, to: 5_000 },
      limit: 100,
    })) as TraceListResult;
    expect(ranged.traces.map((t) => t.id)).toEqual(Array.from({ length: 100 }, (_, i) => `before-${i}`));
  });

  it('finds text in inputs and outputs, and a search over a big store stops with a cursor to go on from', async () => {
    db = openDb(`agent-${++name}`);
    await db.traces.bulkPut(Array.from({ length: 2_500 }, (_, i) => trace(`t${i}`, i)));
    await db.traceBodies.bulkPut([
      { id: 't2400', input: 'the refund policy', output: null, metadata: {} },
      { id: 't10', input: null, output: { text: 'REFUND granted' }, metadata: {} },
    ]);
    const first = (await runAgentQuery(db, 'listTraces', { filters: { text: 'refund' } })) as TraceListResult;
    expect(first.traces.map((t) => t.id)).toEqual(['t2400']);
    expect(first.searchedTraces).toBe(2_000);
    const rest = (await runAgentQuery(db, 'listTraces', {
      filters: { text: 'refund' },
      cursor: first.nextCursor ?? '',
    })) as TraceListResult;
    expect(rest.traces.map((t) => t.id)).toEqual(['t10']);
    expect(rest.nextCursor).toBeNull();
  });

  it('pages through a long value by character offset, and the pages make the whole value', async () => {
    db = openDb(`agent-${++name}`);
    const input = Array.from({ length: 3_000 }, (_, i) => `line ${i}`).join('\n');
    await db.traces.put(trace('t', 0));
    await db.bodyChunks.bulkPut(
      chunksOf([
        {
          row: testRow({ traceId: 't', id: 'g', type: 'GENERATION' }),
          body: {
            traceId: 't',
            id: 'g',
            input,
            output: [{ role: 'assistant', content: 'x'.repeat(5_000) }],
            metadata: {},
            attributes: {},
            resource: {},
            events: [],
            links: [],
          },
        },
      ]),
    );
    const observation = (await runAgentQuery(db, 'getObservation', {
      traceId: 't',
      observationId: 'g',
    })) as ObservationResult;
    expect(observation.input.chars).toBe(input.length);
    expect(observation.output.messages?.[0]?.text).toContain('[truncated: characters 0-1000 of 5000 shown]');
    let text = '';
    let offset: number | null = 0;
    while (offset !== null) {
      const page = (await runAgentQuery(db, 'readValue', {
        traceId: 't',
        observationId: 'g',
        field: 'input',
        offset,
      })) as ValuePage;
      text += page.nextOffset === null ? page.text : page.text.slice(0, page.nextOffset - page.offset);
      offset = page.nextOffset;
    }
    expect(text).toBe(input);
  });

  it('names the trace or observation it does not know, and what to ask instead', async () => {
    db = openDb(`agent-${++name}`);
    await db.traces.put(trace('t', 0));
    await expect(runAgentQuery(db, 'getTrace', { traceId: 'x' })).rejects.toThrow(
      'no trace with id "x" is stored; list_traces shows the stored ones',
    );
    await expect(runAgentQuery(db, 'getObservation', { traceId: 't', observationId: 'x' })).rejects.toThrow(
      'trace "t" has no observation with id "x"; get_trace lists its observations with their ids',
    );
    await expect(runAgentQuery(db, 'readValue', { traceId: 't', field: 'attributes' })).rejects.toThrow(
      'is read from an observation (pass observationId)',
    );
    await expect(runAgentQuery(db, 'dropEverything', {})).rejects.toThrow(
      'does not know the question "dropEverything"',
    );
    await expect(runAgentQuery(db, 'getTrace', null)).rejects.toThrow('must be an object');
    await expect(runAgentQuery(db, 'figures', { from: 10, to: 5 })).rejects.toThrow('must be before to');
  });

  it('answers that no run failed when none did, and names the failing steps of the newest one that did', async () => {
    db = openDb(`agent-${++name}`);
    await db.traces.put(trace('ok', 10, { rootLevel: 'DEFAULT', worstLevel: 'ERROR', errorCount: 1 }));
    expect(((await runAgentQuery(db, 'lastFailure', {})) as LastFailureResult).trace).toBeNull();
    await db.traces.put(trace('bad', 5, { rootLevel: 'ERROR', worstLevel: 'ERROR', errorCount: 2 }));
    await db.bodyChunks.bulkPut(
      chunksOf(
        [
          testRow({ traceId: 'bad', id: 'r', name: 'agent', level: 'ERROR' }),
          testRow({
            traceId: 'bad',
            id: 'c',
            parentId: 'r',
            isRoot: false,
            name: 'tool',
            level: 'ERROR',
            exception: { type: 'TimeoutError', message: 'took too long' },
          }),
        ].map((row) => ({ row })),
      ),
    );
    const failure = (await runAgentQuery(db, 'lastFailure', {})) as LastFailureResult;
    expect(failure.trace?.id).toBe('bad');
    expect(failure.failing.map((f) => [f.path, f.exception])).toEqual([
      ['agent', null],
      ['agent / tool', 'TimeoutError: took too long'],
    ]);
  });
});
