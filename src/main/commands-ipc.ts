import type { CommandAnswer } from '@core/commands/contract';
import { IPC } from '@core/wire/ipc-channels';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Commands } from '../server/commands/commands';

export interface CommandsIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  commands: Commands;
  /** True only for the webContents of windows this app created. */
  isOwnWindow: (contents: WebContents) => boolean;
}

/**
 * The desktop app's side of the commands: `invoke(IPC.command, op, arg)` from our own windows only. Answers
 * `{result}` or `{error}` rather than throwing, so the page shows the message itself and not Electron's wrapper.
 */
export function registerCommandsIpc(options: CommandsIpcOptions): () => void {
  const { ipcMain, commands, isOwnWindow } = options;
  ipcMain.handle(IPC.command, async (event: IpcMainInvokeEvent, op: unknown, arg: unknown): Promise<CommandAnswer> => {
    if (!isOwnWindow(event.sender)) return { error: 'only Loupe windows may send commands' };
    if (typeof op !== 'string') return { error: 'a command needs a name' };
    try {
      return { result: (await commands.run(op, arg)) ?? null };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  return () => ipcMain.removeHandler(IPC.command);
}
