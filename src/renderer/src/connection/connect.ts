import type { LoupeDb } from '../store/db';
import { connectPreload } from './electron-transport';
import { connectWebSocket } from './ws-transport';

/**
 * Starts receiving data. In the desktop app the preload writes batches and tells this window; in a
 * browser (headless `serve`) this window writes them itself from a WebSocket. The views cannot tell the
 * difference: both paths end in the same Dexie tables and the same `revision` bump. Returns a function
 * that stops receiving.
 */
export function startBridge(db: LoupeDb): () => void {
  return window.loupe ? connectPreload(window.loupe) : connectWebSocket(db);
}
