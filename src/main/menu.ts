import type { MenuCommand } from '@core/wire/protocol';
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development build: View gets Reload and the developer tools. */
  isDev: boolean;
  /** Carries a command out in the focused window's page (opening a window first if there is none). */
  send(command: MenuCommand): void;
}

/**
 * The application menu: the platform's usual roles, plus Loupe's own commands, which the page carries out (the page
 * owns navigation, the import dialog and the export). On macOS the first menu is the app menu and Settings… sits
 * there, as the platform's guidelines want; elsewhere it sits in File.
 */
export function menuTemplate({ platform, isDev, send }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => send(name),
    ...(accelerator ? { accelerator } : {}),
  });
  const settings = command('Settings…', 'settings', 'CmdOrCtrl+,');

  const appMenu: MenuItemConstructorOptions = {
    role: 'appMenu',
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      settings,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('Import…', 'import', 'CmdOrCtrl+O'),
      command('Export all…', 'export-all', 'CmdOrCtrl+Shift+E'),
      { type: 'separator' },
      command('Connect an SDK…', 'connect'),
      ...(mac ? [] : [settings]),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [command('Keyboard shortcuts', 'shortcuts', mac ? undefined : 'F1')],
  };
  return [...(mac ? [appMenu] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}
