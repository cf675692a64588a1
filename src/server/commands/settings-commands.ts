import { settingsView } from '@core/settings/settings';
import type { Credentials } from '../settings/credentials';
import type { SettingsFile } from '../settings/settings-file';
import type { Commands } from './commands';
import { sendSampleTrace } from './sample-trace';

export interface SettingsHandlerOptions {
  settings: SettingsFile;
  /** Where the receiver listens (`http://127.0.0.1:4318`); null when it could not start. */
  endpoint: () => string | null;
  /** The keys senders must present now (flags or settings), for the self-test's own request. */
  credentials: () => Credentials | null;
}

/** `getSettings`, `updateSettings` and `sendSampleTrace`. */
export function registerSettingsHandlers(commands: Commands, options: SettingsHandlerOptions): void {
  commands.register('getSettings', () => settingsView(options.settings.get()));
  commands.register('updateSettings', async (patch) => settingsView(await options.settings.update(patch)));
  commands.register('sendSampleTrace', () => sendSampleTrace(options.endpoint(), options.credentials()));
}
