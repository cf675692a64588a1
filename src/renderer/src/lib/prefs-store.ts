import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** Layout and look preferences that outlive a reload. */
interface PrefsState {
  /** Width of the tree (or timeline, or graph) pane, as a fraction of the trace view. */
  split: number;
  theme: ThemeChoice;
  setSplit(split: number): void;
  cycleTheme(): void;
}

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'dark', dark: 'light', light: 'system' };

export const usePrefsStore = create<PrefsState>()(
  persist(
    (set) => ({
      split: 0.55,
      theme: 'system',
      setSplit: (split) => set({ split: Math.min(0.8, Math.max(0.2, split)) }),
      cycleTheme: () => set((s) => ({ theme: NEXT[s.theme] })),
    }),
    { name: 'loupe.prefs', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);

/** The theme in effect: the choice, or the OS's when the choice is to follow it. */
export function effectiveTheme(choice: ThemeChoice, osDark: boolean): 'light' | 'dark' {
  if (choice === 'system') return osDark ? 'dark' : 'light';
  return choice;
}

/** Keeps `data-theme` on the document in step with the choice and, when following it, the OS. */
export function applyTheme(): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    document.documentElement.dataset.theme = effectiveTheme(usePrefsStore.getState().theme, media.matches);
  };
  apply();
  media.addEventListener('change', apply);
  const unsubscribe = usePrefsStore.subscribe(apply);
  return () => {
    media.removeEventListener('change', apply);
    unsubscribe();
  };
}
