import type { MenuCommand } from '@core/wire/protocol';
import { useRouteStore } from '../route/route-store';

/** The event other parts of the page listen to for commands they carry out themselves (import, export). */
export const MENU_COMMAND_EVENT = 'loupe:menu-command';

const ROUTES: Partial<Record<MenuCommand, string>> = {
  settings: '#/settings',
  connect: '#/connect',
};

/** Navigates for the commands that are places; passes the others on as a window event. */
export function runMenuCommand(command: MenuCommand): void {
  const hash = ROUTES[command];
  if (hash) useRouteStore.getState().navigate(hash);
  else window.dispatchEvent(new CustomEvent<MenuCommand>(MENU_COMMAND_EVENT, { detail: command }));
}

/** Follows the application menu (desktop app only: in a browser there is none). */
export function followMenuCommands(): () => void {
  return window.loupe?.onMenuCommand?.(runMenuCommand) ?? (() => undefined);
}
