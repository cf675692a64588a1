import { LEVELS, type Level, OBSERVATION_TYPES, type ObservationType } from '../model/types';
import { LEVEL_INDEX, type SkeletonRow, stringTable, TYPE_INDEX } from './skeleton';

/**
 * A trace's skeleton log: what the writer stored of each observation that the skeleton needs (`SkeletonRow`), one
 * entry per trace per transaction, in columns. Opening a trace reads its entries (one indexed range read of a few
 * records, each a handful of typed arrays and strings) and replays them, where reading its rows decodes one object
 * per observation: at 100k observations that read alone took 1.6-2.4 s (ADR 0012). An observation written again
 * later appears again later in the log; replaying keeps the last version, as the rows table does. Entries are
 * compacted into one when a trace gathers many (`compactSkeletonLog`).
 */
export interface SkeletonLogEntry {
  traceId: string;
  count: number;
  /** Row i's id then its parent's id, for every row, in one string; `textEnd[2i]` and `textEnd[2i + 1]` end them. */
  text: string;
  textEnd: Int32Array;
  /** Names, models and status messages. */
  strings: string[];
  name: Int32Array;
  /** Index into `strings`, -1 for null. */
  model: Int32Array;
  status: Int32Array;
  /** Index into OBSERVATION_TYPES and LEVELS. */
  type: Uint8Array;
  level: Uint8Array;
  /** FLAG_* bits. */
  flags: Uint8Array;
  start: Float64Array;
  /** 0 where the flags say the value is null. */
  end: Float64Array;
  firstToken: Float64Array;
  tokens: Float64Array;
  inputTokens: Float64Array;
  outputTokens: Float64Array;
  cost: Float64Array;
}

const FLAG_ROOT = 1;
const FLAG_NO_PARENT = 2;
const FLAG_OPEN = 4;
const FLAG_NO_FIRST_TOKEN = 8;
const FLAG_SDK_CALL = 16;

/** The entries of a trace above which it is worth compacting: each costs a record read and a replay pass. */
export const COMPACT_AFTER = 64;

export function encodeSkeletonLog(traceId: string, rows: readonly SkeletonRow[]): SkeletonLogEntry {
  const count = rows.length;
  const { strings, intern } = stringTable();
  const e: SkeletonLogEntry = {
    traceId,
    count,
    text: '',
    textEnd: new Int32Array(2 * count),
    strings,
    name: new Int32Array(count),
    model: new Int32Array(count),
    status: new Int32Array(count),
    type: new Uint8Array(count),
    level: new Uint8Array(count),
    flags: new Uint8Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    firstToken: new Float64Array(count),
    tokens: new Float64Array(count),
    inputTokens: new Float64Array(count),
    outputTokens: new Float64Array(count),
    cost: new Float64Array(count),
  };
  const text: string[] = new Array(2 * count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const r = rows[i] as SkeletonRow;
    text[2 * i] = r.id;
    text[2 * i + 1] = r.parentId ?? '';
    at += r.id.length;
    e.textEnd[2 * i] = at;
    at += r.parentId?.length ?? 0;
    e.textEnd[2 * i + 1] = at;
    e.name[i] = intern(r.name);
    e.model[i] = intern(r.model);
    e.status[i] = intern(r.statusMessage);
    e.type[i] = TYPE_INDEX.get(r.type) ?? 0;
    e.level[i] = LEVEL_INDEX.get(r.level) ?? 1;
    e.flags[i] =
      (r.isRoot ? FLAG_ROOT : 0) |
      (r.parentId === null ? FLAG_NO_PARENT : 0) |
      (r.endTime === null ? FLAG_OPEN : 0) |
      (r.completionStartTime === null ? FLAG_NO_FIRST_TOKEN : 0) |
      (r.sdkCall ? FLAG_SDK_CALL : 0);
    e.start[i] = r.startTime;
    e.end[i] = r.endTime ?? 0;
    e.firstToken[i] = r.completionStartTime ?? 0;
    e.tokens[i] = r.tokens;
    e.inputTokens[i] = r.inputTokens;
    e.outputTokens[i] = r.outputTokens;
    e.cost[i] = r.cost;
  }
  e.text = text.join('');
  return e;
}

/**
 * Row i of an entry read in place: its id is sliced once, every other field is read from the entry's columns when
 * asked. A million of these weigh a fraction of a million row objects, and most of opening a huge trace was
 * making and collecting those.
 */
class EntryRow implements SkeletonRow {
  readonly id: string;
  constructor(
    private readonly e: SkeletonLogEntry,
    private readonly i: number,
  ) {
    this.id = e.text.slice(i === 0 ? 0 : (e.textEnd[2 * i - 1] as number), e.textEnd[2 * i] as number);
  }
  private get flags(): number {
    return this.e.flags[this.i] as number;
  }
  private str(id: number): string | null {
    return id < 0 ? null : (this.e.strings[id] as string);
  }
  get parentId(): string | null {
    const { e, i } = this;
    return this.flags & FLAG_NO_PARENT ? null : e.text.slice(e.textEnd[2 * i], e.textEnd[2 * i + 1]);
  }
  get isRoot(): boolean {
    return (this.flags & FLAG_ROOT) !== 0;
  }
  get startTime(): number {
    return this.e.start[this.i] as number;
  }
  get endTime(): number | null {
    return this.flags & FLAG_OPEN ? null : (this.e.end[this.i] as number);
  }
  get type(): ObservationType {
    return (OBSERVATION_TYPES[this.e.type[this.i] as number] ?? 'SPAN') as ObservationType;
  }
  get level(): Level {
    return (LEVELS[this.e.level[this.i] as number] ?? 'DEFAULT') as Level;
  }
  get name(): string {
    return this.str(this.e.name[this.i] as number) ?? '';
  }
  get model(): string | null {
    return this.str(this.e.model[this.i] as number);
  }
  get statusMessage(): string | null {
    return this.str(this.e.status[this.i] as number);
  }
  get completionStartTime(): number | null {
    return this.flags & FLAG_NO_FIRST_TOKEN ? null : (this.e.firstToken[this.i] as number);
  }
  get sdkCall(): boolean {
    return (this.flags & FLAG_SDK_CALL) !== 0;
  }
  get tokens(): number {
    return this.e.tokens[this.i] as number;
  }
  get inputTokens(): number {
    return this.e.inputTokens[this.i] as number;
  }
  get outputTokens(): number {
    return this.e.outputTokens[this.i] as number;
  }
  get cost(): number {
    return this.e.cost[this.i] as number;
  }
}

/**
 * Every row of a log, entries in the order written, an observation written twice appearing twice, each read in
 * place (`EntryRow`): what `skeletonOf` reads (its tree keeps the last version of each, as `replaySkeletonLog`
 * does), without a map of a million ids to make them unique first.
 */
export function skeletonLogRows(entries: readonly SkeletonLogEntry[]): SkeletonRow[] {
  const total = entries.reduce((n, e) => n + e.count, 0);
  const rows: SkeletonRow[] = new Array(total);
  let at = 0;
  for (const e of entries) for (let i = 0; i < e.count; i++) rows[at++] = new EntryRow(e, i);
  return rows;
}

/** The rows a log holds, entries in the order written: a later entry's version of an observation replaces earlier. */
export function replaySkeletonLog(entries: readonly SkeletonLogEntry[]): SkeletonRow[] {
  const rows = skeletonLogRows(entries);
  if (entries.length === 1) return rows;
  const last = new Map<string, SkeletonRow>();
  for (const row of rows) last.set(row.id, row);
  return [...last.values()];
}

/** One entry that replays as `entries` do. */
export function compactSkeletonLog(traceId: string, entries: readonly SkeletonLogEntry[]): SkeletonLogEntry {
  return encodeSkeletonLog(traceId, replaySkeletonLog(entries));
}
