import { formatBytes } from '@core/otlp/truncate';

/** The spool reached its size cap: the sender should retry once the store has caught up. */
export class SpoolFullError extends Error {
  constructor(
    readonly usedBytes: number,
    readonly maxBytes: number,
    /** Seconds after which a retry has a fair chance. */
    readonly retryAfterSeconds: number,
  ) {
    super(
      `Loupe's spool of batches not yet stored is full (${formatBytes(usedBytes)} of ${formatBytes(maxBytes)}): ` +
        'open a Loupe window or page so it can store them, or raise the cap (--spool-max-bytes)',
    );
  }
}
