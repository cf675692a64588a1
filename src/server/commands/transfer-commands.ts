import type { ControlOp, ControlOps, ForwardingStatus } from '@core/commands/contract';
import type { Forwarder } from '../forward/forwarder';
import type { BatchHub } from '../hub/batch-hub';
import { importFile } from './import';

/** What registering needs of the control dispatcher: one handler per op. */
export interface ControlRegistry {
  register<K extends ControlOp>(
    op: K,
    handler: (arg: ControlOps[K]['arg']) => ControlOps[K]['result'] | Promise<ControlOps[K]['result']>,
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
export function registerTransferHandlers(control: ControlRegistry, hub: BatchHub, forwarder: Forwarder | null): void {
  control.register('importFile', (request) => importFile(hub, request));
  control.register('forwardingStatus', () => forwarder?.status() ?? UNAVAILABLE);
}
