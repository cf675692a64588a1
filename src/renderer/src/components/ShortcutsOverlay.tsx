import { useEffect, useState } from 'react';
import { useTraceFilterStore } from '../features/trace-list/trace-list-store';
import { isTypingTarget } from '../lib/keys';
import { MENU_COMMAND_EVENT } from '../lib/menu-commands';
import './shortcuts-overlay.css';

type Shortcut = [keys: string, what: string];

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = MAC ? '⌘' : 'Ctrl';

/**
 * Every key a handler reads, by where it works. Kept beside the handlers' files in mind: the list
 * (trace-list/TraceList.tsx), the trace view (trace-view/use-trace-keys.ts, ObservationTree.tsx, TreeToolbar.tsx),
 * the timeline's pointer and wheel (timeline/TimelineView.tsx), the graph (React Flow's defaults), compare
 * (compare/ComparePage.tsx), this overlay, and in the desktop app its menu's accelerators (main/menu.ts).
 */
function sections(desktop: boolean): [title: string, shortcuts: Shortcut[]][] {
  return [
    [
      'Anywhere',
      [
        ['/', 'search the list, or find in the trace'],
        ['?', 'this overlay'],
        ['Esc', 'close this overlay, clear the search, or back to the list'],
      ],
    ],
    [
      'Trace list',
      [
        ['j / ↓', 'next trace'],
        ['k / ↑', 'previous trace'],
        ['Enter', 'open the selected trace'],
        ['Delete', 'delete the selected trace (asks first)'],
      ],
    ],
    [
      'Trace view',
      [
        ['j / ↓', 'next observation'],
        ['k / ↑', 'previous observation'],
        ['← / →', 'fold or unfold (tree focused)'],
        ['[ / ]', 'previous / next view: tree, timeline, graph'],
        ['Enter', 'next match when finding in the trace'],
        ['Shift + Enter', 'previous match'],
        ['Esc', 'back to the list'],
      ],
    ],
    [
      'Timeline and graph',
      [
        [`${MOD} + wheel`, 'zoom the timeline where the pointer is'],
        ['wheel', 'scroll the timeline; zoom the graph'],
        ['drag', 'pan the timeline or the graph'],
      ],
    ],
    [
      'Compare',
      [
        ['j / ↓', 'next pair of observations'],
        ['k / ↑', 'previous pair'],
        ['↑ / ↓', 'move in the trace picker; Enter picks'],
        ['Esc', 'back, or close the picker'],
      ],
    ],
    ...(desktop
      ? ([
          [
            'Desktop app',
            [
              [`${MOD} + O`, 'import'],
              [`${MOD} + Shift + E`, 'export all'],
              [`${MOD} + ,`, 'settings'],
              [`${MOD} + = / ${MOD} + - / ${MOD} + 0`, 'zoom the window in, out, back to 100%'],
              ...(MAC ? [] : ([['F1', 'this overlay']] as Shortcut[])),
            ],
          ],
        ] as [string, Shortcut[]][])
      : []),
  ];
}

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
      <div className="overlay-panel shortcuts-panel">
        <div className="overlay-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
        <div className="shortcut-sections">
          {sections(window.loupe !== undefined).map(([title, shortcuts]) => (
            <section key={title}>
              <h3>{title}</h3>
              <dl className="shortcut-list">
                {shortcuts.map(([keys, what]) => (
                  <div key={keys + what}>
                    <dt>
                      {keys.split(' / ').map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' / '}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
