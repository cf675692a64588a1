import type { SettingsPatch, SettingsView } from '@core/commands/contract';
import { create } from 'zustand';
import { storeRequest } from '../../connection/connect';
import { localNotice } from '../../connection/connection-store';
import { runCommand } from '../../lib/commands';
import { usePrefsStore } from '../../lib/prefs-store';
import type { RetentionRun } from '../../store/retention';

/** Retention runs this often while the app is open, besides at start and after a quota error. */
const RETENTION_INTERVAL_MS = 5 * 60_000;

interface SettingsState {
  /** As the server last answered; null until loaded. */
  settings: SettingsView | null;
  loadError: string | null;
  /** What the last retention run removed; null before the first. */
  lastRun: RetentionRun | null;
  load(): Promise<SettingsView | null>;
  /** Saves a patch; rejects with the server's message naming the bad field. */
  save(patch: SettingsPatch): Promise<SettingsView>;
  setLastRun(run: RetentionRun): void;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  loadError: null,
  lastRun: null,
  load: async () => {
    try {
      const settings = await runCommand('getSettings', null);
      set({ settings, loadError: null });
      return settings;
    } catch (error) {
      set({ loadError: (error as Error).message });
      return null;
    }
  },
  save: async (patch) => {
    const settings = await runCommand('updateSettings', patch);
    set({ settings });
    return settings;
  },
  setLastRun: (lastRun) => set({ lastRun }),
}));

/** Applies the saved limits now; used by the schedule and by the settings screen after a save. */
export async function applyRetention(reason: RetentionRun['reason']): Promise<RetentionRun | null> {
  const settings = useSettingsStore.getState().settings ?? (await useSettingsStore.getState().load());
  if (!settings) return null;
  try {
    // Views re-query once the worker answers.
    const run = await storeRequest('retention', { limits: settings.retention, reason });
    useSettingsStore.getState().setLastRun(run);
    return run;
  } catch (error) {
    localNotice('error', `Retention could not remove old traces: ${(error as Error).message}`);
    return null;
  }
}

/**
 * Loads the settings, keeps the theme toggle and the saved theme in step (the saved one wins at start unless the
 * toggle was used before it arrived), and runs retention at start and every few minutes. Returns a stop function.
 */
export function startSettings(): () => void {
  const themeAtStart = usePrefsStore.getState().theme;
  let stopped = false;
  const unsubscribe = usePrefsStore.subscribe((prefs, previous) => {
    const saved = useSettingsStore.getState().settings;
    if (prefs.theme === previous.theme || !saved || saved.theme === prefs.theme) return;
    useSettingsStore
      .getState()
      .save({ theme: prefs.theme })
      .catch((error: Error) => localNotice('warning', `Could not save the theme: ${error.message}`));
  });
  useSettingsStore
    .getState()
    .load()
    .then((settings) => {
      if (stopped || !settings) return;
      if (usePrefsStore.getState().theme === themeAtStart) usePrefsStore.setState({ theme: settings.theme });
      void applyRetention('startup');
    });
  const timer = setInterval(() => void applyRetention('schedule'), RETENTION_INTERVAL_MS);
  return () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
  };
}
