import { LEVELS, type TraceSummary } from '@core/model/types';
import fc from 'fast-check';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SessionRow } from '../sessions/SessionList';
import { summarizeSessions } from '../sessions/sessions';
import { LogRecordList } from '../trace-view/inspector/LogRecords';
import { COLUMNS } from './columns';
import { filterAndSort, NO_FILTERS, type SortKey } from './filter-traces';
import { TraceListRowCells } from './TraceListRow';

/*
 * The list's rows over arbitrary stored values: every field of a summary may be replaced by anything a store can hold
 * (an older version, an import, a bug). A row must render without throwing, and mark each field it cannot show. The
 * expectations below are a deliberately naive reading of each field, written apart from the renderer's own checks.
 */

const validSummary: fc.Arbitrary<TraceSummary> = fc.record({
  id: fc.stringMatching(/^[0-9a-f]{32}$/),
  name: fc.option(fc.string({ minLength: 1 }), { nil: null }),
  nameIsExplicit: fc.boolean(),
  startTime: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  endTime: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  latencyMs: fc.integer({ min: 0, max: 86_400_000 }),
  observationCount: fc.nat(100_000),
  inputTokens: fc.nat(1_000_000),
  outputTokens: fc.nat(1_000_000),
  totalTokens: fc.nat(2_000_000),
  totalCost: fc.double({ min: 0, max: 1000, noNaN: true }),
  worstLevel: fc.constantFrom(...LEVELS),
  rootLevel: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
  errorCount: fc.nat(100),
  rootObservationId: fc.option(fc.string(), { nil: null }),
  userId: fc.option(fc.string({ minLength: 1 }), { nil: null }),
  sessionId: fc.option(fc.string({ minLength: 1 }), { nil: null }),
  tags: fc.array(fc.string({ minLength: 1 }), { maxLength: 4 }),
  environment: fc.string({ minLength: 1 }),
  release: fc.option(fc.string(), { nil: null }),
  version: fc.option(fc.string(), { nil: null }),
  updatedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
});

const MISSING = Symbol('missing');

/** What a broken store puts in a field: anything at all, numbers no formatter handles, long strings, nothing. */
const poison: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e17, 1e23, -1e23, Number.MAX_VALUE, -1, 8.64e15 + 1),
  fc.date({ noInvalidDate: false }),
  fc.string({ minLength: 10_000, maxLength: 20_000 }),
  fc.constant(MISSING),
);

type Field = keyof TraceSummary;
const FIELDS = Object.keys(fc.sample(validSummary, 1)[0] as TraceSummary) as Field[];

/** A summary with some fields poisoned; `MISSING` deletes the field, as an older store would lack it. */
const storedSummary = fc
  .tuple(validSummary, fc.dictionary(fc.constantFrom(...FIELDS), poison, { maxKeys: 5 }))
  .map(([valid, poisoned]) => {
    const t: Record<string, unknown> = { ...valid };
    for (const [field, value] of Object.entries(poisoned)) {
      if (value === MISSING) delete t[field];
      else t[field] = value;
    }
    return t as unknown as TraceSummary;
  });

const isNumber = (v: unknown): v is number => typeof v === 'number';
const datable = (v: unknown) => isNumber(v) && !Number.isNaN(new Date(v).getTime());
const countable = (v: unknown) => isNumber(v) && v >= 0 && v <= 2 ** 53 - 1;
const blank = (v: unknown) => v === null || v === undefined || v === '';
const textual = (v: unknown) => blank(v) || typeof v === 'string';

/** The placeholders (`data-invalid` kinds) a row of `t` must show. */
function expectedPlaceholders(t: TraceSummary): Set<string> {
  const out = new Set<string>();
  const r = t as unknown as Record<string, unknown>;
  if (!datable(r.startTime)) out.add('time');
  if (!textual(r.name)) out.add('name');
  if (typeof r.id !== 'string') out.add('id');
  if (r.latencyMs !== null && !(isNumber(r.latencyMs) && Math.abs(r.latencyMs) <= 1.728e16)) out.add('duration');
  if (!countable(r.totalTokens)) out.add('tokens');
  // The in/out split shows null as a dash (not known), like the other numbers.
  else if ((r.totalTokens as number) > 0 && [r.inputTokens, r.outputTokens].some((n) => n !== null && !countable(n)))
    out.add('tokens');
  if (r.totalCost !== null && !(isNumber(r.totalCost) && r.totalCost >= 0 && r.totalCost <= 1e12)) out.add('cost');
  if (!countable(r.observationCount)) out.add('count');
  // The run's level is its root's when known (trace/status.ts).
  if (!(LEVELS as readonly unknown[]).includes(r.rootLevel !== undefined ? r.rootLevel : r.worstLevel))
    out.add('level');
  if (!textual(r.userId) || !textual(r.sessionId) || !textual(r.environment)) out.add('text');
  if (
    !(r.tags === null || r.tags === undefined || (Array.isArray(r.tags) && r.tags.every((x) => typeof x === 'string')))
  )
    out.add('tags');
  return out;
}

const shownPlaceholders = (html: string) => new Set([...html.matchAll(/data-invalid="([a-z]+)"/g)].map((m) => m[1]));

const renderRow = (trace: TraceSummary) =>
  renderToString(<TraceListRowCells trace={trace} columns={COLUMNS} template="" top={0} height={30} />);

describe('the trace list row over arbitrary stored values', () => {
  it('renders without throwing and marks exactly the fields it cannot show', () => {
    fc.assert(
      fc.property(storedSummary, (trace) => {
        const html = renderRow(trace);
        expect(shownPlaceholders(html)).toEqual(expectedPlaceholders(trace));
      }),
      { numRuns: 400 },
    );
  });

  it('shows the poisoned start as "invalid time" with the stored value in its title', () => {
    const valid = fc.sample(validSummary, { numRuns: 1, seed: 1 })[0] as TraceSummary;
    const html = renderRow({ ...valid, startTime: 1e17 });
    expect(html).toContain('data-invalid="time" title="Stored value: 100000000000000000">invalid time</span>');
  });

  it('renders a valid summary with no placeholder', () => {
    fc.assert(
      fc.property(validSummary, (trace) => {
        expect(shownPlaceholders(renderRow(trace)).size).toBe(0);
      }),
    );
  });
});

describe('the session row over arbitrary stored values', () => {
  it('renders the sessions of any stored summaries without throwing', () => {
    fc.assert(
      fc.property(fc.array(storedSummary, { maxLength: 6 }), fc.string({ minLength: 1 }), (traces, sessionId) => {
        // Half of them share a session, so that totals over broken values are exercised.
        const stored = traces.map((t, i) => (i % 2 === 0 ? { ...t, sessionId } : t));
        for (const session of summarizeSessions(stored)) {
          const html = renderToString(
            <table>
              <tbody>
                <SessionRow session={session} />
              </tbody>
            </table>,
          );
          expect(html).toContain('data-testid="session-row"');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('marks a session whose traces have a broken time', () => {
    const valid = fc.sample(validSummary, { numRuns: 1, seed: 2 })[0] as TraceSummary;
    const [session] = summarizeSessions([{ ...valid, sessionId: 's1', endTime: 1e17 }]);
    if (!session) throw new Error('summarizeSessions dropped a trace with a session id');
    const html = renderToString(
      <table>
        <tbody>
          <SessionRow session={session} />
        </tbody>
      </table>,
    );
    expect(html).toContain('data-invalid="time"');
    expect(html).toContain('data-invalid="duration"');
  });
});

describe('the list around its rows over arbitrary stored values', () => {
  const keys: SortKey[] = [
    'startTime',
    'name',
    'latency',
    'tokens',
    'cost',
    'observations',
    'level',
    'user',
    'session',
  ];
  it('filters and sorts any stored summaries without throwing, keeping every one when nothing filters', () => {
    fc.assert(
      fc.property(
        fc.array(storedSummary, { maxLength: 8 }),
        fc.constantFrom(...keys),
        fc.boolean(),
        (traces, key, desc) => {
          const ctx = { now: Date.now(), modelMatches: null, textMatches: new Set<string>() };
          expect(filterAndSort(traces, NO_FILTERS, { key, desc }, ctx)).toHaveLength(traces.length);
          const narrowed = { ...NO_FILTERS, search: 'a', tag: 'x', from: 0, minLevel: 'WARNING' as const };
          filterAndSort(traces, narrowed, { key, desc }, ctx);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the log record rows over arbitrary stored values', () => {
  const storedRecord = fc
    .tuple(
      fc.record({
        id: fc.string({ minLength: 1 }),
        traceId: fc.string(),
        spanId: fc.string(),
        time: fc.integer({ min: 0, max: 4_102_444_800_000 }),
        order: fc.nat(),
        severityNumber: fc.nat(24),
        severityText: fc.option(fc.string(), { nil: null }),
        eventName: fc.option(fc.string(), { nil: null }),
        body: fc.jsonValue(),
      }),
      fc.dictionary(fc.constantFrom('time', 'severityNumber', 'severityText', 'eventName', 'body'), poison, {
        maxKeys: 3,
      }),
    )
    .map(([valid, poisoned]) => {
      const r: Record<string, unknown> = {
        ...valid,
        attributes: {},
        resource: {},
        scope: { name: 's', version: null },
      };
      for (const [field, value] of Object.entries(poisoned)) r[field] = value === MISSING ? undefined : value;
      return r as never;
    });

  it('renders every record line without throwing, marking a broken time', () => {
    fc.assert(
      fc.property(fc.array(storedRecord, { minLength: 1, maxLength: 4 }), fc.boolean(), (records, relative) => {
        const html = renderToString(
          <LogRecordList page={{ records, total: records.length }} start={relative ? 0 : undefined} />,
        );
        expect(html.match(/data-testid="log-record"/g)).toHaveLength(records.length);
        const broken = (records as { time: unknown }[]).some((r) => !datable(r.time));
        expect(html.includes('data-invalid="time"')).toBe(broken);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the row details over arbitrary stored values', () => {
  const trace = fc.sample(validSummary, { numRuns: 1, seed: 3 })[0] as TraceSummary;
  const cell = (id: string, details: Parameters<(typeof COLUMNS)[number]['render']>[1]) =>
    renderToString(COLUMNS.find((c) => c.id === id)?.render(trace, details));

  it('renders scores, models and previews of anything a store holds without throwing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom('id', 'name', 'value', 'dataType', 'metadata'), poison)),
        (scores) => {
          const details = { models: [], input: null, output: null, scores: scores as never };
          expect(() => cell('scores', details)).not.toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('marks a score whose name is not text, and shows the first score with how many more', () => {
    const score = { id: 's', name: { a: 1 }, value: 1, stringValue: null, dataType: 'NUMERIC', metadata: {} };
    const html = cell('scores', { models: [], input: null, output: null, scores: [score, score] as never });
    expect(html).toContain('data-invalid="name"');
    expect(html).toMatch(/more-count">\+(<!-- -->)?1</);
  });
});
