import type { Settings } from '@core/commands/contract';
import { IPC } from '@core/wire/ipc-channels';
import { contextBridge, ipcRenderer } from 'electron';
import { openDb } from '../renderer/src/store/db';
import { withQuotaRecovery } from '../renderer/src/store/retention';
import { applyBatch } from '../renderer/src/store/writer';
import { createLoupeApi } from './api';

// The writer lives here, not in the page: batches reach IndexedDB even while the page is busy rendering, and the
// page only ever sees "these traces changed".
const db = openDb();
// A full disk makes room (retention, or the oldest tenth) and the batch is nacked with the notice: main retries it.
const retention = async () => {
  const answer = (await ipcRenderer.invoke(IPC.command, 'getSettings', null)) as { result?: Settings };
  return answer.result?.retention ?? null;
};
const api = createLoupeApi(
  ipcRenderer,
  withQuotaRecovery(db, (batch) => applyBatch(db, batch), retention),
);
contextBridge.exposeInMainWorld('loupe', api);
ipcRenderer.send(IPC.ready);
