import { STORE_PORT_MESSAGE } from '@core/wire/ipc-channels';
import { contextBridge, ipcRenderer } from 'electron';
import { createLoupeApi } from './api';

const api = createLoupeApi(ipcRenderer, (port) => {
  // Only this window's own page listens for it; the port is transferred, so nothing else can use it.
  window.postMessage({ type: STORE_PORT_MESSAGE }, '*', [port]);
});
contextBridge.exposeInMainWorld('loupe', api);
