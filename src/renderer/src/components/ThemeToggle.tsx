import { usePrefsStore } from '../lib/prefs-store';

const LABEL = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/** Cycles system → dark → light; the choice is remembered. */
export function ThemeToggle() {
  const theme = usePrefsStore((s) => s.theme);
  return (
    <button
      type="button"
      className="theme-toggle"
      data-testid="theme-toggle"
      title={`${LABEL[theme]} (click to change)`}
      onClick={() => usePrefsStore.getState().cycleTheme()}
    >
      {theme === 'system' ? '◐' : theme === 'dark' ? '☾' : '☀'}
      <span className="theme-label">{theme}</span>
    </button>
  );
}
