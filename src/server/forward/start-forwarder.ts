import { readFileSync, statSync, unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import type { ForwardingSettings } from '@core/commands/contract';
import type { BatchHub } from '../hub/batch-hub';
import { SETTINGS_FILE } from '../settings/credentials';
import { Forwarder } from './forwarder';

export const FORWARDING_OFF: ForwardingSettings = {
  enabled: false,
  endpoint: '',
  protocol: 'otlp-http-protobuf',
  headers: {},
};

/** The `forwarding` object of settings.json, with defaults for what is missing or of the wrong type. */
export function forwardingSettings(raw: unknown): ForwardingSettings {
  const f = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const headers: Record<string, string> = {};
  if (typeof f.headers === 'object' && f.headers !== null) {
    for (const [k, v] of Object.entries(f.headers)) if (typeof v === 'string') headers[k] = v;
  }
  return {
    enabled: f.enabled === true,
    endpoint: typeof f.endpoint === 'string' ? f.endpoint : '',
    protocol: f.protocol === 'otlp-http-json' ? 'otlp-http-json' : 'otlp-http-protobuf',
    headers,
  };
}

function readForwarding(dataDir: string): ForwardingSettings {
  try {
    const settings = JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8')) as { forwarding?: unknown };
    return forwardingSettings(settings.forwarding);
  } catch {
    return FORWARDING_OFF;
  }
}

export interface ForwarderHandle {
  forwarder: Forwarder;
  close(): Promise<void>;
}

/**
 * The forwarder of a process that owns a receiver, configured from `settings.json` in the data directory and
 * re-configured whenever the file changes (the settings screen writes it; so can a user). Its queue lives in
 * `<dataDir>/forward/`. When that cannot be opened Loupe still receives, and says why nothing is forwarded.
 */
export async function startForwarder(
  dataDir: string,
  hub: BatchHub,
  options: { pollMs?: number } = {},
): Promise<ForwarderHandle | null> {
  const path = join(dataDir, SETTINGS_FILE);
  let forwarder: Forwarder;
  try {
    forwarder = await Forwarder.open(readForwarding(dataDir), { dir: join(dataDir, 'forward') });
  } catch (error) {
    hub.notice(
      'error',
      `Forwarding is unavailable: its queue in ${join(dataDir, 'forward')} could not be opened (${(error as Error).message})`,
    );
    return null;
  }
  let seen = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const onChange = () => {
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtime === seen) return;
    seen = mtime;
    forwarder.configure(readForwarding(dataDir));
  };
  // Polling, not fs.watch: the file is replaced by rename when saved, which inotify watches lose track of.
  watchFile(path, { interval: options.pollMs ?? 1000, persistent: false }, onChange);
  return {
    forwarder,
    close: async () => {
      unwatchFile(path, onChange);
      await forwarder.close();
    },
  };
}
