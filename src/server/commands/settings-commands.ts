import type { Credentials } from '../settings/credentials';
import type { SettingsStore } from '../settings/settings-file';
import type { Control } from './commands';
import { sendSampleTrace } from './sample-trace';

export interface SettingsHandlerOptions {
  settings: SettingsStore;
  /** Where the receiver listens (`http://127.0.0.1:4318`); null when it could not start. */
  endpoint: () => string | null;
  /** The keys senders must present now (flags or settings), for the self-test's own request. */
  credentials: () => Credentials | null;
}

/** `getSettings`, `updateSettings` and `sendSampleTrace`. */
export function registerSettingsHandlers(control: Control, options: SettingsHandlerOptions): void {
  control.register('getSettings', () => options.settings.get());
  control.register('updateSettings', (patch) => options.settings.update(patch));
  control.register('sendSampleTrace', () => sendSampleTrace(options.endpoint(), options.credentials()));
}
