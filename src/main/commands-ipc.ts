import { IPC } from '@core/wire/ipc-channels';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Control } from '../server/commands/commands';

export interface ControlIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  control: Control;
  /** True only for the webContents of windows this app created. */
  isOwnWindow: (contents: WebContents) => boolean;
}

/**
 * The desktop app's side of the commands: `invoke(IPC.control, op, arg)` from our own windows only. Answers
 * `{result}` or `{error}` rather than throwing, so the page shows the message itself and not Electron's wrapper.
 */
export function registerControlIpc(options: ControlIpcOptions): () => void {
  const { ipcMain, control, isOwnWindow } = options;
  ipcMain.handle(IPC.control, async (event: IpcMainInvokeEvent, op: unknown, arg: unknown) => {
    if (!isOwnWindow(event.sender)) return { error: 'only Loupe windows may send commands' };
    if (typeof op !== 'string') return { error: 'a command needs a name' };
    try {
      return { result: (await control.run(op, arg)) ?? null };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  return () => ipcMain.removeHandler(IPC.control);
}
