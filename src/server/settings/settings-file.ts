import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@core/commands/contract';
import { applySettingsPatch, DEFAULT_SETTINGS, settingsFromFile } from '@core/settings/settings';
import { SETTINGS_FILE } from './credentials';

type Listener = (settings: Settings) => void;

/**
 * The settings in `settings.json` in the data directory. Updates are validated as a whole, then written atomically
 * (a temporary file renamed over the old one), keeping keys this version does not know. The receiver's parts that
 * read the file themselves (keys, prices, forwarding) notice the change by its modification time. Without a data
 * directory the settings live in memory only.
 */
export class SettingsFile {
  private current: Settings;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly dataDir: string | null) {
    this.current = settingsFromFile(this.readRaw());
  }

  private get path(): string | null {
    return this.dataDir ? join(this.dataDir, SETTINGS_FILE) : null;
  }

  private readRaw(): Record<string, unknown> {
    if (!this.path) return {};
    try {
      const raw = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  /** The settings as the file says now (a hand edit is picked up). */
  get(): Settings {
    this.current = settingsFromFile(this.readRaw());
    return this.current;
  }

  /** Validates and saves a patch; throws a SettingsError naming the bad field, and then changes nothing. */
  update(patch: unknown): Settings {
    const next = applySettingsPatch(this.get(), patch);
    if (this.path) {
      const merged = { ...this.readRaw(), ...next };
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.path);
    }
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
    return next;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

export { DEFAULT_SETTINGS };
