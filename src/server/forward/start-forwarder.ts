import { join } from 'node:path';
import type { BatchHub } from '../hub/batch-hub';
import type { SettingsFile } from '../settings/settings-file';
import { Forwarder } from './forwarder';

export interface ForwarderHandle {
  forwarder: Forwarder;
  close(): Promise<void>;
}

/**
 * The forwarder of a process that owns a receiver, configured from the `forwarding` settings and re-configured
 * whenever they change (the settings screen saves them; so can a user, by hand). Its queue lives in
 * `<dataDir>/forward/`. When that cannot be opened Loupe still receives, and says why nothing is forwarded.
 */
export async function startForwarder(
  dataDir: string,
  hub: BatchHub,
  settings: SettingsFile,
): Promise<ForwarderHandle | null> {
  let forwarder: Forwarder;
  try {
    forwarder = await Forwarder.open(settings.get().forwarding, { dir: join(dataDir, 'forward') });
  } catch (error) {
    hub.notice(
      'error',
      `Forwarding is unavailable: its queue in ${join(dataDir, 'forward')} could not be opened (${(error as Error).message})`,
    );
    return null;
  }
  let current = settings.get().forwarding;
  const stop = settings.onChange(({ forwarding }) => {
    if (JSON.stringify(forwarding) === JSON.stringify(current)) return;
    current = forwarding;
    forwarder.configure(forwarding);
  });
  return {
    forwarder,
    close: async () => {
      stop();
      await forwarder.close();
    },
  };
}
