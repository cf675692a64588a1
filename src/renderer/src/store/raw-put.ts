import type { Transaction } from 'dexie';

/**
 * Puts `values` into the object store `name` through the transaction's own IndexedDB handle, resolving once the last
 * one is stored. For the writer's largest tables (rows and body chunks, most of a drain's records): Dexie's bulkPut
 * adds its key and change bookkeeping to each record, which only its live queries use, and the views that read these
 * tables reread them on the worker's `stored` message instead. A failed put fails the transaction, as with bulkPut.
 */
export function rawPut(tx: Transaction, name: string, values: readonly unknown[]): Promise<void> {
  if (values.length === 0) return Promise.resolve();
  const store = tx.idbtrans.objectStore(name);
  return new Promise((done, fail) => {
    const failed = (event: Event) => fail((event.target as IDBRequest).error);
    let request: IDBRequest | undefined;
    for (const value of values) {
      request = store.put(value);
      request.onerror = failed;
    }
    (request as IDBRequest).onsuccess = () => done();
  });
}
