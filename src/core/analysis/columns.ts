import type { GenerationFact, TraceFact } from './types';

/**
 * Columnar blocks of facts, the form the analysis snapshot is stored in. IndexedDB pays per record (about 8 µs
 * each in Chromium, so 300,000 small rows take 2-5 s to read), while a block of typed arrays is copied whole: the
 * same 300,000 facts in blocks read in about 150 ms. Repeated strings (models, names) are stored once per block.
 */

/** Facts per block: big enough that records are few, small enough that one block is a few MB. */
export const BLOCK_SIZE = 50_000;

const FACT_NUMS = 10;
const TRACE_NUMS = 5;
const TRACE_REFS = 6;

export interface FactBlock {
  strings: string[];
  traceId: string[];
  id: string[];
  /** Index into `strings` of the model (-1: none) and of the name, per fact. */
  refs: Int32Array;
  /** start, latency, ttft, input, output, cached, reasoning, cost, error, seq per fact; NaN for null. */
  nums: Float64Array;
}

export interface TraceBlock {
  strings: string[];
  id: string[];
  tags: string[][];
  /** Index into `strings` (-1: none) of name, user, session, environment, release and version, per trace. */
  refs: Int32Array;
  /** start, latency, cost, error, updatedAt per trace. */
  nums: Float64Array;
}

class StringTable {
  strings: string[] = [];
  private index = new Map<string, number>();
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
}

const orNaN = (n: number | null) => (n === null ? Number.NaN : n);
const orNull = (n: number) => (Number.isNaN(n) ? null : n);
const str = (strings: string[], i: number) => (i < 0 ? null : (strings[i] as string));

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BLOCK_SIZE) out.push(items.slice(i, i + BLOCK_SIZE));
  return out;
}

export function encodeFacts(facts: readonly GenerationFact[]): FactBlock[] {
  return chunks(facts).map((part) => {
    const table = new StringTable();
    const refs = new Int32Array(part.length * 2);
    const nums = new Float64Array(part.length * FACT_NUMS);
    part.forEach((f, i) => {
      refs[i * 2] = table.ref(f.model);
      refs[i * 2 + 1] = table.ref(f.name);
      nums.set(
        [
          f.startTime,
          orNaN(f.latencyMs),
          orNaN(f.ttftMs),
          f.inputTokens,
          f.outputTokens,
          f.cachedTokens,
          f.reasoningTokens,
          f.cost,
          f.error ? 1 : 0,
          f.seq,
        ],
        i * FACT_NUMS,
      );
    });
    return { strings: table.strings, traceId: part.map((f) => f.traceId), id: part.map((f) => f.id), refs, nums };
  });
}

export function decodeFacts(block: FactBlock): GenerationFact[] {
  const { strings, refs, nums } = block;
  return block.id.map((id, i) => {
    const n = i * FACT_NUMS;
    return {
      traceId: block.traceId[i] as string,
      id,
      startTime: nums[n] as number,
      model: str(strings, refs[i * 2] as number),
      name: str(strings, refs[i * 2 + 1] as number) ?? '',
      latencyMs: orNull(nums[n + 1] as number),
      ttftMs: orNull(nums[n + 2] as number),
      inputTokens: nums[n + 3] as number,
      outputTokens: nums[n + 4] as number,
      cachedTokens: nums[n + 5] as number,
      reasoningTokens: nums[n + 6] as number,
      cost: nums[n + 7] as number,
      error: nums[n + 8] === 1,
      seq: nums[n + 9] as number,
    };
  });
}

export function encodeTraces(traces: readonly TraceFact[]): TraceBlock[] {
  return chunks(traces).map((part) => {
    const table = new StringTable();
    const refs = new Int32Array(part.length * TRACE_REFS);
    const nums = new Float64Array(part.length * TRACE_NUMS);
    part.forEach((t, i) => {
      refs.set(
        [t.name, t.userId, t.sessionId, t.environment, t.release, t.version].map((s) => table.ref(s)),
        i * TRACE_REFS,
      );
      nums.set([t.startTime, t.latencyMs, t.totalCost, t.error ? 1 : 0, t.updatedAt], i * TRACE_NUMS);
    });
    return { strings: table.strings, id: part.map((t) => t.id), tags: part.map((t) => t.tags), refs, nums };
  });
}

export function decodeTraces(block: TraceBlock): TraceFact[] {
  const { strings, refs, nums } = block;
  return block.id.map((id, i) => {
    const r = i * TRACE_REFS;
    const n = i * TRACE_NUMS;
    return {
      id,
      name: str(strings, refs[r] as number),
      userId: str(strings, refs[r + 1] as number),
      sessionId: str(strings, refs[r + 2] as number),
      environment: str(strings, refs[r + 3] as number) ?? '',
      release: str(strings, refs[r + 4] as number),
      version: str(strings, refs[r + 5] as number),
      tags: block.tags[i] ?? [],
      startTime: nums[n] as number,
      latencyMs: nums[n + 1] as number,
      totalCost: nums[n + 2] as number,
      error: nums[n + 3] === 1,
      updatedAt: nums[n + 4] as number,
    };
  });
}
