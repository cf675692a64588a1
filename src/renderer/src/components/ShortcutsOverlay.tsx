import { useEffect, useState } from 'react';
import { useTraceFilterStore } from '../features/trace-list/trace-list-store';
import { isTypingTarget } from '../lib/keys';
import { MENU_COMMAND_EVENT } from '../lib/menu-commands';

const SHORTCUTS: [string, string][] = [
  ['j / ↓', 'next trace or observation'],
  ['k / ↑', 'previous trace or observation'],
  ['← / →', 'fold or unfold (tree focused)'],
  ['Enter', 'open the selected trace'],
  ['/', 'search'],
  ['Esc', 'close, clear the search, or back to the list'],
  ['[ / ]', 'previous / next view: tree, timeline, graph'],
  ['?', 'this overlay'],
];

/** `?` shows the keys; `/` focuses the search of the current page; Esc closes the overlay or clears a search. */
export function ShortcutsOverlay() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape' && open) {
        setOpen(false);
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape' && e.target instanceof HTMLInputElement && e.target.dataset.testid === 'trace-search') {
        useTraceFilterStore.getState().setFilter('search', '');
        e.target.blur();
        e.preventDefault();
        return;
      }
      if (isTypingTarget(e.target)) return;
      if (e.key === '?') {
        setOpen((o) => !o);
        e.preventDefault();
      } else if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>(
          '[data-testid="tree-search"], [data-testid="trace-search"]',
        );
        if (search) {
          search.focus();
          e.preventDefault();
        }
      }
    };
    // Capture phase: the overlay closes before the page's own Esc (back to the list) sees the key.
    // Help → Keyboard shortcuts in the desktop app's menu.
    const onMenu = (e: Event) => {
      if ((e as CustomEvent<string>).detail === 'shortcuts') setOpen(true);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener(MENU_COMMAND_EVENT, onMenu);
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener(MENU_COMMAND_EVENT, onMenu);
    };
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay" data-overlay-open="" role="dialog" aria-label="Keyboard shortcuts">
      <div className="overlay-panel">
        <div className="overlay-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
        <dl className="shortcut-list">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
