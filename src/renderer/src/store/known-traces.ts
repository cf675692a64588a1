/**
 * The traces a writer stored, or found stored, lately: a group of spans whose traces are all missing from it is
 * written without waiting for the stored summaries first (applyBatch's guess). The summaries are still read in the
 * same transaction, ahead of the writes, and when one turns out stored after all (written by another tab's worker,
 * or before this one started) the transaction is abandoned and the batch written the careful way. Measured on a
 * backlog drained under load, the read before the writes was a fifth of each transaction's time: IndexedDB answers
 * a transaction's first request only after the one before it finished.
 *
 * Only a hint: a trace deleted since is still "known" (its spans are then written the careful way, which is correct),
 * and past MAX_KNOWN the set starts again (the guesses it then makes are checked).
 */

/** Trace ids held at most: 40 bytes or so each. */
const MAX_KNOWN = 200_000;

export class KnownTraces {
  private readonly ids = new Set<string>();

  /** Whether every one of `traceIds` is unknown, so that writing them as new traces is worth a guess. */
  allUnknown(traceIds: readonly string[]): boolean {
    return traceIds.every((id) => !this.ids.has(id));
  }

  add(traceIds: readonly string[]): void {
    if (this.ids.size + traceIds.length > MAX_KNOWN) this.ids.clear();
    for (const id of traceIds) this.ids.add(id);
  }
}

/** Thrown inside the transaction to abandon it: a trace guessed new was stored already. */
export class GuessedWrong extends Error {
  override name = 'GuessedWrong';
}
