import type { GenerationFact, TraceFact } from './types';

/**
 * Facts in columns, the form the analysis store keeps them in (ADR 0005). IndexedDB pays per record (about 8 µs
 * each in Chromium, so 300,000 small rows take 2-5 s to read), while a record of typed arrays is copied whole. A
 * segment holds some traces and the generations among them; the writer appends one per transaction, and the
 * snapshot is a few large ones. Repeated strings (models, names, users) are stored once per segment.
 */

/** Numbers per trace in `traceNums`: start, latency, cost, error (0/1), updatedAt. */
export const TRACE_NUMS = 5;
/** String references per trace in `traceRefs`: name, user, session, environment, release, version (-1: none). */
export const TRACE_REFS = 6;
/**
 * Numbers per fact in `factNums`: start, latency, ttft, input, output, cached, reasoning, cost, error, seq. The error
 * slot is 1 for a failed call, 2 for one whose usage Loupe inferred, else 0: the two never meet (usage is never
 * inferred for a failed call), and segments stored before inferred usage read the same.
 */
export const FACT_NUMS = 10;
/** String references per fact in `factRefs`: model (-1: none), name. */
export const FACT_REFS = 2;

export interface FactSegment {
  strings: string[];
  traceIds: string[];
  traceRefs: Int32Array;
  traceNums: Float64Array;
  /** The tags of trace i are `tagRefs[tagEnds[i - 1] ?? 0 .. tagEnds[i]]`, references into `strings`. */
  tagEnds: Int32Array;
  tagRefs: Int32Array;
  /** Per fact, the index of its trace in this segment. */
  factTrace: Int32Array;
  factIds: string[];
  factRefs: Int32Array;
  /** NaN stands for null (latency, ttft). */
  factNums: Float64Array;
}

export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  ref(s: string | null): number {
    if (s === null) return -1;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  /** The reference of `s`, or -1 when the table does not hold it. */
  find(s: string): number {
    return this.index.get(s) ?? -1;
  }
}

const orNaN = (n: number | null) => (n === null ? Number.NaN : n);
const orNull = (n: number) => (Number.isNaN(n) ? null : n);
const str = (strings: readonly string[], i: number) => (i < 0 ? null : (strings[i] as string));

/**
 * The traces and the facts of those traces as one segment, in the order given. Facts of other traces are left out:
 * they count nowhere (the analysis attributes every call to its trace).
 */
export function encodeSegment(traces: readonly TraceFact[], facts: readonly GenerationFact[]): FactSegment {
  const table = new StringTable();
  const position = new Map<string, number>();
  const traceRefs = new Int32Array(traces.length * TRACE_REFS);
  const traceNums = new Float64Array(traces.length * TRACE_NUMS);
  const tagEnds = new Int32Array(traces.length);
  const tagRefs: number[] = [];
  traces.forEach((t, i) => {
    position.set(t.id, i);
    const r = i * TRACE_REFS;
    traceRefs[r] = table.ref(t.name);
    traceRefs[r + 1] = table.ref(t.userId);
    traceRefs[r + 2] = table.ref(t.sessionId);
    traceRefs[r + 3] = table.ref(t.environment);
    traceRefs[r + 4] = table.ref(t.release);
    traceRefs[r + 5] = table.ref(t.version);
    const n = i * TRACE_NUMS;
    traceNums[n] = t.startTime;
    traceNums[n + 1] = t.latencyMs;
    traceNums[n + 2] = t.totalCost;
    traceNums[n + 3] = t.error ? 1 : 0;
    traceNums[n + 4] = t.updatedAt;
    for (const tag of t.tags) tagRefs.push(table.ref(tag));
    tagEnds[i] = tagRefs.length;
  });
  const kept = facts.filter((f) => position.has(f.traceId));
  const factTrace = new Int32Array(kept.length);
  const factRefs = new Int32Array(kept.length * FACT_REFS);
  const factNums = new Float64Array(kept.length * FACT_NUMS);
  kept.forEach((f, i) => {
    factTrace[i] = position.get(f.traceId) as number;
    factRefs[i * FACT_REFS] = table.ref(f.model);
    factRefs[i * FACT_REFS + 1] = table.ref(f.name);
    const n = i * FACT_NUMS;
    factNums[n] = f.startTime;
    factNums[n + 1] = orNaN(f.latencyMs);
    factNums[n + 2] = orNaN(f.ttftMs);
    factNums[n + 3] = f.inputTokens;
    factNums[n + 4] = f.outputTokens;
    factNums[n + 5] = f.cachedTokens;
    factNums[n + 6] = f.reasoningTokens;
    factNums[n + 7] = f.cost;
    factNums[n + 8] = f.error ? 1 : f.inferred ? 2 : 0;
    factNums[n + 9] = f.seq;
  });
  return {
    strings: table.strings,
    traceIds: traces.map((t) => t.id),
    traceRefs,
    traceNums,
    tagEnds,
    tagRefs: Int32Array.from(tagRefs),
    factTrace,
    factIds: kept.map((f) => f.id),
    factRefs,
    factNums,
  };
}

/** The objects back from a segment (tests, and anything that wants one fact at a time). */
export function decodeSegment(s: FactSegment): { traces: TraceFact[]; facts: GenerationFact[] } {
  const traces = s.traceIds.map((id, i): TraceFact => {
    const r = i * TRACE_REFS;
    const n = i * TRACE_NUMS;
    const tags = [...s.tagRefs.subarray(i > 0 ? s.tagEnds[i - 1] : 0, s.tagEnds[i])].map((t) => s.strings[t] as string);
    return {
      id,
      name: str(s.strings, s.traceRefs[r] as number),
      userId: str(s.strings, s.traceRefs[r + 1] as number),
      sessionId: str(s.strings, s.traceRefs[r + 2] as number),
      environment: str(s.strings, s.traceRefs[r + 3] as number) ?? '',
      release: str(s.strings, s.traceRefs[r + 4] as number),
      version: str(s.strings, s.traceRefs[r + 5] as number),
      tags,
      startTime: s.traceNums[n] as number,
      latencyMs: s.traceNums[n + 1] as number,
      totalCost: s.traceNums[n + 2] as number,
      error: s.traceNums[n + 3] === 1,
      updatedAt: s.traceNums[n + 4] as number,
    };
  });
  const facts = s.factIds.map((id, i): GenerationFact => {
    const n = i * FACT_NUMS;
    return {
      traceId: s.traceIds[s.factTrace[i] as number] as string,
      id,
      startTime: s.factNums[n] as number,
      model: str(s.strings, s.factRefs[i * FACT_REFS] as number),
      name: str(s.strings, s.factRefs[i * FACT_REFS + 1] as number) ?? '',
      latencyMs: orNull(s.factNums[n + 1] as number),
      ttftMs: orNull(s.factNums[n + 2] as number),
      inputTokens: s.factNums[n + 3] as number,
      outputTokens: s.factNums[n + 4] as number,
      cachedTokens: s.factNums[n + 5] as number,
      reasoningTokens: s.factNums[n + 6] as number,
      cost: s.factNums[n + 7] as number,
      error: s.factNums[n + 8] === 1,
      ...(s.factNums[n + 8] === 2 ? { inferred: true as const } : {}),
      seq: s.factNums[n + 9] as number,
    };
  });
  return { traces, facts };
}
