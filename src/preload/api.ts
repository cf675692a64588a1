import type { CommandOp } from '@core/commands/contract';
import { IPC } from '@core/wire/ipc-channels';
import {
  type ErrorTraceReport,
  type IngestBatch,
  MENU_COMMANDS,
  type MenuCommand,
  type Notice,
  type ServerInfo,
} from '@core/wire/protocol';
import type { IpcRenderer } from 'electron';

type Unsubscribe = () => void;
export type WriteBatch = (batch: IngestBatch) => Promise<{ traceIds: string[] }>;

/** Notices kept for a page that subscribes late: main replays its history as soon as the preload says ready. */
const NOTICE_HISTORY = 100;

/**
 * The preload's side of the bridge: writes each batch from main with the Dexie writer, acks it once committed (nacks
 * it with the error otherwise), and tells the page. Returns the object exposed as `window.loupe`: one function per
 * operation, never ipcRenderer itself.
 */
export function createLoupeApi(ipc: Pick<IpcRenderer, 'on' | 'removeListener' | 'send' | 'invoke'>, write: WriteBatch) {
  const storedListeners = new Set<(traceIds: string[]) => void>();
  const noticeListeners = new Set<(notice: Notice) => void>();
  const notices: Notice[] = [];
  // One batch at a time, in arrival order: main sends in seq order and a later version of a span must land last.
  let writes: Promise<void> = Promise.resolve();

  const store = async (batch: IngestBatch) => {
    let traceIds: string[];
    try {
      ({ traceIds } = await write(batch));
    } catch (error) {
      ipc.send(IPC.nack, batch.seq, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      return;
    }
    ipc.send(IPC.ack, batch.seq);
    for (const listener of [...storedListeners]) listener(traceIds);
  };

  ipc.on(IPC.batch, (_event, batch: IngestBatch) => {
    writes = writes.then(() => store(batch));
  });
  ipc.on(IPC.notice, (_event, notice: Notice) => {
    notices.push(notice);
    if (notices.length > NOTICE_HISTORY) notices.shift();
    for (const listener of [...noticeListeners]) listener(notice);
  });

  const api = {
    /** Called after each committed batch with the ids of the traces it touched. */
    onStored(callback: (traceIds: string[]) => void): Unsubscribe {
      storedListeners.add(callback);
      return () => {
        storedListeners.delete(callback);
      };
    },
    /** Called with every notice, starting with those that arrived before subscribing. */
    onNotice(callback: (notice: Notice) => void): Unsubscribe {
      noticeListeners.add(callback);
      for (const notice of notices) callback(notice);
      return () => {
        noticeListeners.delete(callback);
      };
    },
    /** Where Loupe listens; null when the receiver could not start (a notice says why). */
    getServerInfo(): Promise<ServerInfo | null> {
      return ipc.invoke(IPC.serverInfo) as Promise<ServerInfo | null>;
    },
    /** Runs a command in main (see src/core/commands/contract.ts); answers `{result}` or `{error}`. */
    runCommand(op: CommandOp, arg: unknown): Promise<{ result: unknown } | { error: string }> {
      return ipc.invoke(IPC.command, op, arg) as Promise<{ result: unknown } | { error: string }>;
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
