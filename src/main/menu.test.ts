import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
}));
vi.mock('electron', () => ({
  Menu: { buildFromTemplate: electron.buildFromTemplate, setApplicationMenu: electron.setApplicationMenu },
}));

const { installMenu, menuTemplate } = await import('./menu');

type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const find = (items: Item[], label: string) => items.find((i) => i.label === label);
/** Labels and roles, the way a reader scans a menu. */
const names = (items: Item[]) => items.map((i) => i.label ?? i.role ?? i.type);

describe('application menu', () => {
  it('has the usual menus on Windows and Linux, with Settings in File', () => {
    const menu = menuTemplate({ platform: 'linux', isDev: false, send: vi.fn() });
    expect(names(menu)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(names(submenu(menu[0]))).toEqual([
      'Import…',
      'Export all…',
      'separator',
      'Connect an SDK…',
      'Settings…',
      'separator',
      'quit',
    ]);
    expect(find(submenu(menu[0]), 'Settings…')?.accelerator).toBe('CmdOrCtrl+,');
  });

  it('puts Settings in the app menu on macOS, and File closes the window there', () => {
    const menu = menuTemplate({ platform: 'darwin', isDev: false, send: vi.fn() });
    expect(names(menu)).toEqual(['appMenu', 'File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(names(submenu(menu[0]))).toContain('Settings…');
    expect(names(submenu(menu[0]))).toContain('quit');
    expect(names(submenu(menu[1]))).not.toContain('Settings…');
    expect(names(submenu(menu[1])).at(-1)).toBe('close');
  });

  it('offers reload and the developer tools only in development', () => {
    const view = (isDev: boolean) =>
      names(submenu(find(menuTemplate({ platform: 'win32', isDev, send: vi.fn() }), 'View')));
    expect(view(false)).not.toContain('toggleDevTools');
    expect(view(false)).not.toContain('reload');
    expect(view(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('sends each of Loupe’s commands to the page', () => {
    const send = vi.fn();
    const menu = menuTemplate({ platform: 'linux', isDev: false, send });
    const click = (item: Item | undefined) => (item?.click as (() => void) | undefined)?.();
    const file = submenu(menu[0]);
    for (const label of ['Import…', 'Export all…', 'Connect an SDK…', 'Settings…']) click(find(file, label));
    click(submenu(menu.at(-1))[0]);
    expect(send.mock.calls.flat()).toEqual(['import', 'export-all', 'connect', 'settings', 'shortcuts']);
  });

  it('installs the menu as the application menu', () => {
    installMenu({ platform: 'linux', isDev: false, send: vi.fn() });
    expect(electron.buildFromTemplate).toHaveBeenCalledOnce();
    expect(electron.setApplicationMenu).toHaveBeenCalledWith(electron.buildFromTemplate.mock.results[0]?.value);
  });
});
