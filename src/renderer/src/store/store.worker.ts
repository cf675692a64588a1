import { openDb } from './db';
import { serveStore, type WorkerScope } from './store-worker';

// The store worker's entry (see store-worker.ts); the page starts it once, in connection/connect.ts.
serveStore(self as unknown as WorkerScope, openDb());
