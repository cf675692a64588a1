import { readFileSync, renameSync, statSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@core/commands/contract';
import { applySettingsPatch, DEFAULT_SETTINGS, SettingsError, settingsFromFile } from '@core/settings/settings';

const SETTINGS_FILE = 'settings.json';

type Listener = (settings: Settings, raw: Readonly<Record<string, unknown>>) => void;

/** How often the file is checked for changes made by hand (polling: saving replaces it by rename, which inotify loses). */
const POLL_MS = 1000;

/**
 * `settings.json` in the data directory: the one place that reads it, notices when it changes and writes it. Keys,
 * prices, forwarding and the settings screen all read from here. A read checks the modification time, so a change
 * (the settings screen, or a hand edit) applies to the next request; `watch` also reports changes nobody asked for,
 * for the parts that must act on them (forwarding).
 *
 * A file that is not valid JSON is reported once through `onProblem`, the defaults apply, and saving is refused, so
 * the user's file is never overwritten with less than it held. Updates are validated as a whole, then written
 * atomically (a temporary file renamed over the old one), keeping keys this version does not know. Without a data
 * directory the settings live in memory only.
 */
export class SettingsFile {
  private raw: Record<string, unknown> = {};
  private settings: Settings = DEFAULT_SETTINGS;
  private seen = '';
  private problem: string | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly path: string | null;
  private polling = false;

  constructor(
    dataDir: string | null,
    private readonly onProblem: (message: string) => void = () => {},
  ) {
    this.path = dataDir ? join(dataDir, SETTINGS_FILE) : null;
    this.refresh();
  }

  /** Reads the file again when it changed since the last read; true when it did. */
  private refresh(): boolean {
    if (!this.path) return false;
    let info: ReturnType<typeof statSync>;
    let problem: string | null = null;
    try {
      info = statSync(this.path, { throwIfNoEntry: false });
    } catch (error) {
      info = undefined;
      problem = `${this.path} could not be read (${(error as Error).message})`;
    }
    const stamp = info ? `${info.mtimeMs}:${info.size}` : `none:${problem ?? ''}`;
    if (stamp === this.seen) return false;
    this.seen = stamp;
    let raw: unknown = {};
    if (info) {
      try {
        raw = JSON.parse(readFileSync(this.path, 'utf8'));
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
          problem = `${this.path} does not hold a JSON object`;
          raw = {};
        }
      } catch (error) {
        problem = `${this.path} could not be read (${(error as Error).message})`;
        raw = {};
      }
    }
    if (problem && problem !== this.problem)
      this.onProblem(`${problem}: Loupe uses its default settings until the file is fixed or removed`);
    this.problem = problem;
    this.raw = raw as Record<string, unknown>;
    this.settings = settingsFromFile(this.raw);
    return true;
  }

  /** The settings as the file says now. */
  get(): Settings {
    this.refresh();
    return this.settings;
  }

  /** The file's parsed content as it is now, keys this version does not know included. */
  read(): Readonly<Record<string, unknown>> {
    this.refresh();
    return this.raw;
  }

  /** Validates and saves a patch; throws a SettingsError naming the problem, and then changes nothing. */
  update(patch: unknown): Settings {
    this.refresh();
    if (this.problem) throw new SettingsError(`${this.problem}: fix or remove it before saving settings`);
    const next = applySettingsPatch(this.settings, patch);
    const merged = { ...this.raw, ...next };
    if (this.path) {
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.path);
      this.seen = '';
      this.refresh();
    } else {
      this.raw = merged;
      this.settings = next;
    }
    this.emit();
    return this.settings;
  }

  /** Called after every change: a save, or (once `watch` runs) an edit of the file by anyone. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Starts noticing changes made outside this process. */
  watch(pollMs = POLL_MS): void {
    if (!this.path || this.polling) return;
    this.polling = true;
    watchFile(this.path, { interval: pollMs, persistent: false }, this.onPoll);
  }

  close(): void {
    if (this.path && this.polling) unwatchFile(this.path, this.onPoll);
    this.polling = false;
  }

  private readonly onPoll = () => {
    if (this.refresh()) this.emit();
  };

  private emit(): void {
    for (const listener of [...this.listeners]) listener(this.settings, this.raw);
  }
}
