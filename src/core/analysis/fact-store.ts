import { FACT_NUMS, FACT_REFS, type FactSegment, StringTable, TRACE_NUMS, TRACE_REFS } from './fact-segments';

/** Traces (and their facts) per segment when the store is written back as a snapshot: a few MB per record. */
const SNAPSHOT_SEGMENT_TRACES = 25_000;

const EMPTY: readonly number[] = [];

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

/**
 * The analysis facts in memory, in columns: typed arrays per field and one string table, no object per trace or
 * call. Segments are applied in the order they were written; a later version of a trace or a call replaces the
 * earlier one in place, and deleted traces leave dead slots that the aggregation skips. A trace's calls are reached
 * through its chain (`traceFirstFact`, `factNext`), so the aggregation visits only the calls of selected traces.
 */
export class FactStore {
  readonly strings = new StringTable();
  /** Trace slots in use (dead ones included). */
  traceSlots = 0;
  traceIds: string[] = [];
  traceRefs = new Int32Array(0);
  traceNums = new Float64Array(0);
  traceTags: (readonly number[])[] = [];
  traceAlive = new Uint8Array(0);
  /** The most recently added fact of each trace (-1: none); the facts of a trace are chained through `factNext`. */
  traceFirstFact = new Int32Array(0);
  private readonly slotOf = new Map<string, number>();
  liveTraces = 0;

  factSlots = 0;
  factIds: string[] = [];
  factRefs = new Int32Array(0);
  factNums = new Float64Array(0);
  factNext = new Int32Array(0);
  liveFacts = 0;

  /** Makes room for `segments` at once, rather than growing the columns while they are applied. */
  reserve(segments: readonly FactSegment[]): void {
    let traces = 0;
    let facts = 0;
    for (const s of segments) {
      traces += s.traceIds.length;
      facts += s.factIds.length;
    }
    this.reserveTraces(this.traceSlots + traces);
    this.reserveFacts(this.factSlots + facts);
  }

  /** Merges a segment written after everything applied so far. */
  apply(s: FactSegment): void {
    const table = this.strings;
    const refs = Int32Array.from(s.strings, (x) => table.ref(x));
    const mapRef = (r: number) => (r < 0 ? -1 : (refs[r] as number));
    const slots = this.applyTraces(s, mapRef);
    // The newest call of each of the segment's traces before it: only those calls can be replaced (a segment holds
    // each call once).
    const before = slots.map((slot) => this.traceFirstFact[slot] as number);
    const facts = s.factIds.length;
    this.reserveFacts(this.factSlots + facts);
    const { factNext, factIds, factRefs, factNums, traceFirstFact } = this;
    const base = this.factSlots;
    let known: Map<number, Map<string, number>> | null = null;
    let f = base;
    // Calls up to the first replaced one land at base + i: their numbers are copied below in one block.
    let inOrder = facts;
    for (let i = 0; i < facts; i++) {
      const local = s.factTrace[i] as number;
      const slot = slots[local] as number;
      const id = s.factIds[i] as string;
      const previous = before[local] as number;
      let at = -1;
      if (previous >= 0) {
        known ??= new Map();
        let ids = known.get(slot);
        if (!ids) {
          ids = new Map();
          for (let k = previous; k >= 0; k = factNext[k] as number) ids.set(factIds[k] as string, k);
          known.set(slot, ids);
        }
        at = ids.get(id) ?? -1;
        if (at >= 0 && inOrder === facts) inOrder = i;
      }
      if (at < 0) {
        at = f++;
        factIds[at] = id;
        factNext[at] = traceFirstFact[slot] as number;
        traceFirstFact[slot] = at;
      }
      factRefs[at * FACT_REFS] = mapRef(s.factRefs[i * FACT_REFS] as number);
      factRefs[at * FACT_REFS + 1] = mapRef(s.factRefs[i * FACT_REFS + 1] as number);
      if (i >= inOrder) {
        for (let k = 0; k < FACT_NUMS; k++) factNums[at * FACT_NUMS + k] = s.factNums[i * FACT_NUMS + k] as number;
      }
    }
    factNums.set(s.factNums.subarray(0, inOrder * FACT_NUMS), base * FACT_NUMS);
    this.liveFacts += f - base;
    this.factSlots = f;
  }

  /** The segment's traces into their slots (new ones appended); returns the slot of each. */
  private applyTraces(s: FactSegment, mapRef: (r: number) => number): Int32Array {
    const traces = s.traceIds.length;
    const slots = new Int32Array(traces);
    this.reserveTraces(this.traceSlots + traces);
    const { traceRefs, traceNums, traceTags, traceAlive, traceFirstFact, traceIds, slotOf } = this;
    for (let i = 0; i < traces; i++) {
      const id = s.traceIds[i] as string;
      let slot = slotOf.get(id);
      if (slot === undefined) {
        slot = this.traceSlots++;
        slotOf.set(id, slot);
        traceIds[slot] = id;
        traceAlive[slot] = 1;
        traceFirstFact[slot] = -1;
        this.liveTraces++;
      }
      slots[i] = slot;
      for (let k = 0; k < TRACE_REFS; k++) {
        traceRefs[slot * TRACE_REFS + k] = mapRef(s.traceRefs[i * TRACE_REFS + k] as number);
      }
      for (let k = 0; k < TRACE_NUMS; k++) traceNums[slot * TRACE_NUMS + k] = s.traceNums[i * TRACE_NUMS + k] as number;
      const from = i > 0 ? (s.tagEnds[i - 1] as number) : 0;
      const to = s.tagEnds[i] as number;
      if (to === from) traceTags[slot] = EMPTY;
      else {
        const tags: number[] = [];
        for (let k = from; k < to; k++) tags.push(mapRef(s.tagRefs[k] as number));
        traceTags[slot] = tags;
      }
    }
    return slots;
  }

  has(traceId: string): boolean {
    return this.slotOf.has(traceId);
  }

  /** Forgets a trace and its facts. */
  delete(traceId: string): void {
    const slot = this.slotOf.get(traceId);
    if (slot === undefined) return;
    this.slotOf.delete(traceId);
    this.traceAlive[slot] = 0;
    this.liveTraces--;
    // Its calls leave the trace's chain, the only way to reach them.
    for (let f = this.traceFirstFact[slot] as number; f >= 0; f = this.factNext[f] as number) this.liveFacts--;
    this.traceFirstFact[slot] = -1;
  }

  /** Live trace ids. */
  ids(): IterableIterator<string> {
    return this.slotOf.keys();
  }

  /** The live contents as segments of about `SNAPSHOT_SEGMENT_TRACES` traces each, for the snapshot. */
  toSegments(): FactSegment[] {
    const out: FactSegment[] = [];
    let slot = 0;
    while (slot < this.traceSlots) {
      const slots: number[] = [];
      for (; slot < this.traceSlots && slots.length < SNAPSHOT_SEGMENT_TRACES; slot++) {
        if (this.traceAlive[slot]) slots.push(slot);
      }
      if (slots.length > 0) out.push(this.segmentOf(slots));
    }
    return out;
  }

  private segmentOf(slots: number[]): FactSegment {
    const table = new StringTable();
    const mapRef = (r: number) => (r < 0 ? -1 : table.ref(this.strings.strings[r] as string));
    const traceRefs = new Int32Array(slots.length * TRACE_REFS);
    const traceNums = new Float64Array(slots.length * TRACE_NUMS);
    const tagEnds = new Int32Array(slots.length);
    const tagRefs: number[] = [];
    const factSlots: number[] = [];
    const factTrace: number[] = [];
    slots.forEach((slot, i) => {
      for (let k = 0; k < TRACE_REFS; k++)
        traceRefs[i * TRACE_REFS + k] = mapRef(this.traceRefs[slot * TRACE_REFS + k] as number);
      traceNums.set(this.traceNums.subarray(slot * TRACE_NUMS, (slot + 1) * TRACE_NUMS), i * TRACE_NUMS);
      for (const t of this.traceTags[slot] ?? EMPTY) tagRefs.push(mapRef(t));
      tagEnds[i] = tagRefs.length;
      // The chain runs newest first: reversed, the calls keep the order they were added in.
      const mine: number[] = [];
      for (let f = this.traceFirstFact[slot] as number; f >= 0; f = this.factNext[f] as number) mine.push(f);
      for (let k = mine.length - 1; k >= 0; k--) {
        factSlots.push(mine[k] as number);
        factTrace.push(i);
      }
    });
    const factRefs = new Int32Array(factSlots.length * FACT_REFS);
    const factNums = new Float64Array(factSlots.length * FACT_NUMS);
    factSlots.forEach((f, i) => {
      factRefs[i * FACT_REFS] = mapRef(this.factRefs[f * FACT_REFS] as number);
      factRefs[i * FACT_REFS + 1] = mapRef(this.factRefs[f * FACT_REFS + 1] as number);
      factNums.set(this.factNums.subarray(f * FACT_NUMS, (f + 1) * FACT_NUMS), i * FACT_NUMS);
    });
    return {
      strings: table.strings,
      traceIds: slots.map((s) => this.traceIds[s] as string),
      traceRefs,
      traceNums,
      tagEnds,
      tagRefs: Int32Array.from(tagRefs),
      factTrace: Int32Array.from(factTrace),
      factIds: factSlots.map((f) => this.factIds[f] as string),
      factRefs,
      factNums,
    };
  }

  private reserveTraces(n: number): void {
    this.traceRefs = grow(this.traceRefs, n * TRACE_REFS);
    this.traceNums = grow(this.traceNums, n * TRACE_NUMS);
    this.traceAlive = grow(this.traceAlive, n);
    this.traceFirstFact = grow(this.traceFirstFact, n);
  }

  private reserveFacts(n: number): void {
    this.factRefs = grow(this.factRefs, n * FACT_REFS);
    this.factNums = grow(this.factNums, n * FACT_NUMS);
    this.factNext = grow(this.factNext, n);
  }
}
