import { openDb } from './db';
import { serveStore, type WorkerScope } from './store-worker';

// The store worker's entry (see store-worker.ts); the page starts it once, in connection/connect.ts. Its commits are
// relaxed: a batch is acked only after its transaction committed, and the server's spool keeps it until then.
const db = openDb('loupe', { chromeTransactionDurability: 'relaxed' });
// Opened (created, on a first start) while the link to the server connects, not when the first batch is written. A
// failure to open is the first write's to report.
db.open().catch(() => undefined);
serveStore(self as unknown as WorkerScope, db);
