import type { MenuCommand } from '@core/wire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useRouteStore } from '../route/route-store';
import { followMenuCommands, MENU_COMMAND_EVENT, runMenuCommand } from './menu-commands';

function fakeWindow(loupe?: unknown) {
  const target = Object.assign(new EventTarget(), { loupe });
  vi.stubGlobal('window', target);
  const events: string[] = [];
  target.addEventListener(MENU_COMMAND_EVENT, (e) => events.push((e as CustomEvent<string>).detail));
  const navigate = vi.fn();
  useRouteStore.setState({ navigate });
  return { events, navigate };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('menu commands in the page', () => {
  it('navigates to settings and connect, and passes the rest on as a window event', () => {
    const { events, navigate } = fakeWindow();
    for (const command of ['settings', 'connect', 'import', 'export-all', 'shortcuts'] as const)
      runMenuCommand(command);
    expect(navigate.mock.calls).toEqual([['#/settings'], ['#/connect']]);
    expect(events).toEqual(['import', 'export-all', 'shortcuts']);
  });

  it('follows the preload’s menu commands, and does nothing in a browser', () => {
    let deliver: ((command: MenuCommand) => void) | undefined;
    const stop = vi.fn();
    const { events } = fakeWindow({
      onMenuCommand: (callback: (command: MenuCommand) => void) => {
        deliver = callback;
        return stop;
      },
    });
    const unsubscribe = followMenuCommands();
    deliver?.('import');
    expect(events).toEqual(['import']);
    unsubscribe();
    expect(stop).toHaveBeenCalled();
    fakeWindow(undefined);
    expect(() => followMenuCommands()()).not.toThrow();
  });
});
