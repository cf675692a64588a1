import type { CommandAnswer, CommandOp } from '@core/commands/contract';
import { IPC } from '@core/wire/ipc-channels';
import { type ErrorTraceReport, MENU_COMMANDS, type MenuCommand } from '@core/wire/protocol';
import type { IpcRenderer, IpcRendererEvent } from 'electron';

type Unsubscribe = () => void;

/**
 * The preload's API, exposed to the page as `window.loupe`: one function per operation, never ipcRenderer itself.
 * It holds no store code: batches reach the page's store worker over a MessagePort that main transfers here and
 * `toPage` passes on (a port cannot cross the context bridge as an argument; `window.postMessage` can carry it).
 */
export function createLoupeApi(
  ipc: Pick<IpcRenderer, 'on' | 'removeListener' | 'send' | 'invoke'>,
  toPage: (port: MessagePort) => void,
) {
  ipc.on(IPC.storePort, (event: IpcRendererEvent) => {
    const [port] = event.ports;
    if (port) toPage(port);
  });

  const api = {
    /** Asks main for a store port; it arrives as a window `message` whose data is STORE_PORT_MESSAGE. */
    openStorePort(): void {
      ipc.send(IPC.openStorePort);
    },
    /** Runs a command in main (see src/core/commands/contract.ts); answers `{result}` or `{error}`. */
    runCommand(op: CommandOp, arg: unknown): Promise<CommandAnswer> {
      return ipc.invoke(IPC.command, op, arg) as Promise<CommandAnswer>;
    },
    /** Called with each application menu command the page carries out (Import…, Settings…, …). */
    onMenuCommand(callback: (command: MenuCommand) => void): Unsubscribe {
      const listener = (_event: unknown, command: unknown) => {
        if (MENU_COMMANDS.includes(command as MenuCommand)) callback(command as MenuCommand);
      };
      ipc.on(IPC.menuCommand, listener);
      return () => {
        ipc.removeListener(IPC.menuCommand, listener);
      };
    },
    /** New error traces since the window last had the focus: main shows the count as a badge and in the tray. */
    reportErrorTraces(report: ErrorTraceReport): void {
      ipc.send(IPC.errorTraces, report);
    },
  };
  return api;
}

export type LoupeApi = ReturnType<typeof createLoupeApi>;
