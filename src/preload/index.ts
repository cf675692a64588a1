import { IPC } from '@core/bridge/ipc-contract';
import { contextBridge, ipcRenderer } from 'electron';
import { openDb } from '../renderer/src/store/db';
import { applyBatch } from '../renderer/src/store/writer';
import { createLoupeApi } from './api';

// The writer lives here, not in the page: batches reach IndexedDB even while the page is busy rendering, and the
// page only ever sees "these traces changed".
const db = openDb();
const api = createLoupeApi(ipcRenderer, (batch) => applyBatch(db, batch));
contextBridge.exposeInMainWorld('loupe', api);
ipcRenderer.send(IPC.ready);
