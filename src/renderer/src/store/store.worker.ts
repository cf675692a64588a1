import { openDb } from './db';
import { serveStore, type WorkerScope } from './store-worker';

// The store worker's entry (see store-worker.ts); the page starts it once, in connection/connect.ts. Its commits are
// relaxed: a batch is acked only after its transaction committed, and the server's spool keeps it until then.
serveStore(self as unknown as WorkerScope, openDb('loupe', { chromeTransactionDurability: 'relaxed' }));
