// Types of build-if-stale.mjs, for the TypeScript that imports it.

export interface BuildIfStaleOptions {
  /** The directory to build into (absolute, or relative to the repository root). */
  outDir: string;
  /** Files the build makes, relative to `outDir`; the build is stale when one is missing or older than the newest source. */
  outputs: string[];
  /**
   * When set, the build is killed after this long, and waiting for another process's build gives up after this
   * long; by default both wait as long as they take.
   */
  timeoutMs?: number;
  /** Called just before a build starts. */
  onBuild?: () => void;
}

/**
 * Builds into `outDir` when one of `outputs` is missing or older than the sources (src/, electron.vite.config.ts,
 * package.json), holding the lock `<outDir>/.build-lock` meanwhile. Throws when the build fails or does not produce
 * every output.
 */
export function buildIfStale(options: BuildIfStaleOptions): Promise<void>;
