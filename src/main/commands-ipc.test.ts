import { settingsView } from '@core/settings/settings';
import { IPC } from '@core/wire/ipc-channels';
import { describe, expect, it, vi } from 'vitest';
import { createCommands } from '../server/commands/commands';
import { SettingsFile } from '../server/settings/settings-file';
import { registerCommandsIpc } from './commands-ipc';

vi.mock('electron', () => ({}));

describe('commands over IPC', () => {
  it('answers our windows with {result} or {error} and refuses other senders', async () => {
    const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    const ipcMain = { handle: vi.fn((channel: string, fn) => handlers.set(channel, fn)), removeHandler: vi.fn() };
    const commands = createCommands();
    commands.register('getSettings', () => settingsView(new SettingsFile(null).get()));
    const own = { id: 1 };
    registerCommandsIpc({ ipcMain: ipcMain as never, commands, isOwnWindow: (c) => c === (own as never) });
    const invoke = handlers.get(IPC.command);
    expect(invoke).toBeDefined();
    await expect(invoke?.({ sender: own }, 'getSettings', null)).resolves.toMatchObject({ result: { port: 4318 } });
    await expect(invoke?.({ sender: own }, 'nope', null)).resolves.toEqual({ error: 'unknown command "nope"' });
    await expect(invoke?.({ sender: { id: 2 } }, 'getSettings', null)).resolves.toEqual({
      error: 'only Loupe windows may send commands',
    });
  });
});
