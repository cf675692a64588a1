/** IPC channel names shared by main and preload (Electron). Payload types live in ./protocol. */
export const IPC = {
  /** main → preload: an IngestBatch to write. */
  batch: 'loupe:batch',
  /** preload → main: the batch with this seq is committed. */
  ack: 'loupe:ack',
  /** preload → main: the writer failed on this seq (it stays pending and is retried). */
  nack: 'loupe:nack',
  /** preload → main: the writer is ready; send what is pending. */
  ready: 'loupe:ready',
  /** main → preload: a Notice. */
  notice: 'loupe:notice',
  /** preload → main (invoke): the ServerInfo. */
  serverInfo: 'loupe:server-info',
  /** preload → main (invoke): a command of src/core/commands/contract.ts; answers `{result}` or `{error}`. */
  command: 'loupe:command',
  /** main → preload: a MenuCommand chosen in the application menu. */
  menuCommand: 'loupe:menu-command',
  /** preload → main: an ErrorTraceReport, for the badge, the tray and notifications. */
  errorTraces: 'loupe:error-traces',
} as const;
