import { isLevel } from '@core/trace/status';
import type { ReactNode } from 'react';
import {
  describeStored,
  formatCost,
  formatCount,
  formatDuration,
  formatStart,
  formatTimestamp,
  formatTokens,
  INVALID,
  type InvalidKind,
  isCost,
  isCount,
  isDuration,
  isTime,
} from '../lib/format';
import { LevelChip } from './LevelChip';

/**
 * Cells for stored values that may be anything: a value that cannot be shown as what the field means renders as a
 * muted, marked placeholder ("invalid time") whose title says what was stored, so one broken field never takes its
 * row, its list or the app down with it.
 */
export function Invalid({ kind, value }: { kind: InvalidKind; value: unknown }) {
  return (
    <span className="invalid-value" data-invalid={kind} title={`Stored value: ${describeStored(value)}`}>
      {INVALID[kind]}
    </span>
  );
}

/** A time: `precise` with milliseconds (headers, inspector), else the list's short form. */
export function TimeText({ value, precise = false }: { value: unknown; precise?: boolean }) {
  if (!isTime(value)) return <Invalid kind="time" value={value} />;
  return <>{precise ? formatTimestamp(value) : formatStart(value)}</>;
}

/* Durations, tokens and costs: null is "none" (a dash); undefined is a field the stored record lacks, and marked. */
export function DurationText({ value }: { value: unknown }) {
  if (value !== null && !isDuration(value)) return <Invalid kind="duration" value={value} />;
  return <>{formatDuration(value)}</>;
}

export function TokensText({ value }: { value: unknown }) {
  if (value !== null && !isCount(value)) return <Invalid kind="tokens" value={value} />;
  return <>{formatTokens(value)}</>;
}

export function CostText({ value }: { value: unknown }) {
  if (value !== null && !isCost(value)) return <Invalid kind="cost" value={value} />;
  return <>{formatCost(value)}</>;
}

export function CountText({ value }: { value: unknown }) {
  if (!isCount(value)) return <Invalid kind="count" value={value} />;
  return <>{formatCount(value)}</>;
}

/** A string field; `empty` is shown for null, undefined and '' (e.g. a muted dash), a placeholder for the rest. */
export function StoredText({
  value,
  kind = 'text',
  empty = null,
}: {
  value: unknown;
  kind?: InvalidKind;
  empty?: ReactNode;
}) {
  if (value === null || value === undefined || value === '') return <>{empty}</>;
  if (typeof value !== 'string') return <Invalid kind={kind} value={value} />;
  return <>{value}</>;
}

/** A level chip, or a placeholder for a level Loupe does not know. */
export function LevelText({ value, title }: { value: unknown; title?: string }) {
  if (!isLevel(value)) return <Invalid kind="level" value={value} />;
  return <LevelChip level={value} title={title} />;
}

/** Tags as chips; a list that is not a list of strings marks what it holds instead. */
export function Tags({ value, empty = null }: { value: unknown; empty?: ReactNode }) {
  if (value === null || value === undefined) return <>{empty}</>;
  if (!Array.isArray(value)) return <Invalid kind="tags" value={value} />;
  if (value.length === 0) return <>{empty}</>;
  return (
    <>
      {value.map((tag: unknown, i) =>
        typeof tag === 'string' ? (
          // Tags repeat only in a broken store; the index keeps keys unique there.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <span key={`${i}:${tag}`} className="tag">
            {tag}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: a non-string tag has no key of its own
          <Invalid key={i} kind="tags" value={tag} />
        ),
      )}
    </>
  );
}
