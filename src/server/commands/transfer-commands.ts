import type { CommandOp, CommandOps, ForwardingStatus } from '@core/commands/contract';
import type { Forwarder } from '../forward/forwarder';
import type { BatchHub } from '../hub/batch-hub';
import { importFile } from './import';

/** What registering needs of the commands dispatcher: one handler per op. */
export interface CommandRegistry {
  register<K extends CommandOp>(
    op: K,
    handler: (arg: CommandOps[K]['arg']) => CommandOps[K]['result'] | Promise<CommandOps[K]['result']>,
  ): void;
}

const UNAVAILABLE: ForwardingStatus = {
  enabled: false,
  endpoint: '',
  state: 'failing',
  queuedBatches: 0,
  queuedBytes: 0,
  sentBatches: 0,
  lastError: 'forwarding is unavailable: its queue directory could not be opened (see the notices)',
  lastSuccessAt: null,
};

/** `importFile` and `forwardingStatus`, for the process that owns the receiver (Electron main or headless serve). */
export function registerTransferHandlers(commands: CommandRegistry, hub: BatchHub, forwarder: Forwarder | null): void {
  commands.register('importFile', (request) => importFile(hub, request));
  commands.register('forwardingStatus', () => forwarder?.status() ?? UNAVAILABLE);
}
