import { isAnthropicSdkCall } from '../conventions/anthropic-sdk';
import type { Observation, ObservationRow, TraceSummary } from '../model/types';

/**
 * One model call recorded twice: an instrumentation's span of a provider SDK call (OpenInference's `Anthropic
 * Messages`, Traceloop's `chat <model>`) with the SDK's own span of the same call as its child (the Anthropic SDK
 * emits `anthropic.messages.create` whenever a global tracer provider is registered). Both are generations with the
 * same usage, so summed as they are they double the trace's tokens and cost. ADR 0011 says why the rule is this one.
 *
 * The pair counts once, through whichever of the two was stored first: the other is stored with `sameCallAs`, the id
 * of the one that counts, and counts nowhere (trace totals, the tree's subtree totals, analysis facts; see
 * `countsTowardTotals`). A row once stored keeps what it was given, so merging stays idempotent and nothing already
 * counted, or written to the analysis facts, is ever taken back. Which one is first depends on arrival:
 * - the parent first (OTLP requests group spans by scope, and OpenInference's scope came first in the capture): the
 *   writer reads the stored parent of each incoming SDK call span (`sameCallParentKeys`) and the child is marked;
 * - the child first (it ends first, and batch processors export spans as they end): the trace summary keeps the child
 *   under its parent's id (`pendingSameCalls`) until the parent arrives, which is then marked.
 * The views find the pair by structure instead (`isSdkRecordOf`): the child is shown as the SDK's record of its
 * parent's call whichever of the two counts.
 */

/** A stored row of the same trace by id: from the store, or written earlier in the same batch. */
export type StoredRow = (id: string) => ObservationRow | undefined;

/** Whether `child` is the provider SDK's own record of the call that `parent`, a generation, records. */
export function isSdkRecordOf(
  child: Pick<ObservationRow, 'name' | 'scope'>,
  parent: Pick<ObservationRow, 'type'> | undefined,
): boolean {
  return parent?.type === 'GENERATION' && isAnthropicSdkCall(child.name, child.scope.name);
}

/** `[traceId, parentId]` of each SDK call span among `observations`: the rows to read before marking them. */
export function sameCallParentKeys(observations: readonly Observation[]): [string, string][] {
  const keys: [string, string][] = [];
  for (const o of observations) {
    if (o.parentId !== null && isAnthropicSdkCall(o.name, o.scope.name)) keys.push([o.traceId, o.parentId]);
  }
  return keys;
}

/**
 * `o` as it is to be stored: with `sameCallAs` when it records a call already counted through another observation.
 * `previous` is its stored row, `trace` its trace's summary so far, `stored` the stored rows of that trace.
 */
export function markSameCall(
  o: Observation,
  previous: ObservationRow | undefined,
  trace: TraceSummary | undefined,
  stored: StoredRow,
): Observation {
  let counted: string | undefined;
  if (previous) {
    counted = previous.sameCallAs;
  } else if (o.parentId !== null && isAnthropicSdkCall(o.name, o.scope.name)) {
    const parent = stored(o.parentId);
    if (parent && parent.sameCallAs === undefined && isSdkRecordOf(o, parent)) counted = parent.id;
  } else if (o.type === 'GENERATION') {
    counted = trace?.pendingSameCalls?.[o.id];
  }
  if (counted === o.sameCallAs) return o;
  const out = { ...o };
  if (counted === undefined) delete out.sameCallAs;
  else out.sameCallAs = counted;
  return out;
}

/**
 * The summary's `pendingSameCalls` once `next` is merged: a counted SDK call span stored before its parent waits
 * under the parent's id, unless the parent is stored already (`parentStored`); the parent's arrival, whatever its
 * type, settles it. Returns `pending` itself when unchanged.
 */
export function nextPendingSameCalls(
  pending: Readonly<Record<string, string>> | undefined,
  next: Observation,
  previous: ObservationRow | undefined,
  parentStored = false,
): Record<string, string> | undefined {
  let out = pending;
  if (out && Object.hasOwn(out, next.id)) {
    const { [next.id]: _settled, ...rest } = out;
    out = Object.keys(rest).length > 0 ? rest : undefined;
  }
  // A parent already stored has arrived: there is nothing to wait for (it was a generation, and this span was marked,
  // or it was not, and never will be).
  const waits =
    !previous &&
    !parentStored &&
    next.parentId !== null &&
    next.sameCallAs === undefined &&
    isAnthropicSdkCall(next.name, next.scope.name);
  if (waits) out = { ...out, [next.parentId as string]: next.id };
  return out;
}
