import { localNotice, markStored, useConnectionStore } from './connection-store';

/** The preload's API, as the preload declares it on `window`. */
type LoupeApi = NonNullable<Window['loupe']>;

/**
 * Electron mode: the preload receives batches from main and writes them with its own Dexie instance; this
 * window only hears that something was stored, and the notices. Returns a function that unsubscribes.
 */
export function connectPreload(api: LoupeApi): () => void {
  const store = useConnectionStore.getState();
  // There is no connection to lose: IPC to main is up as long as this window exists.
  store.setStatus('connected');
  const offStored = api.onStored(() => markStored());
  const offNotice = api.onNotice((notice) => store.addNotice(notice));
  api.getServerInfo().then(
    (info) => {
      if (info) store.setServerInfo(info);
    },
    (err: unknown) => localNotice('warning', `Could not read where Loupe listens: ${String(err)}`),
  );
  // Batches the preload stored before this window subscribed are already in the database.
  markStored();
  return () => {
    offStored();
    offNotice();
  };
}
