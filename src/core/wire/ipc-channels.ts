/** IPC channel names shared by main and preload (Electron). Payload types live in ./protocol. */
export const IPC = {
  /** preload → main: open a store port for this window (a reload asks again; the old port is dropped). */
  openStorePort: 'loupe:open-store-port',
  /** main → preload: the store port, transferred; the preload hands it to the page, which gives it to its store worker. */
  storePort: 'loupe:store-port',
  /** preload → main (invoke): a command of src/core/commands/contract.ts; answers `{result}` or `{error}`. */
  command: 'loupe:command',
  /** main → preload: a MenuCommand chosen in the application menu. */
  menuCommand: 'loupe:menu-command',
  /** preload → main: an ErrorTraceReport, for the badge, the tray and notifications. */
  errorTraces: 'loupe:error-traces',
} as const;

/** `window.postMessage` data with which the preload hands the store port to the page (the port is in `ports`). */
export const STORE_PORT_MESSAGE = 'loupe:store-port';
