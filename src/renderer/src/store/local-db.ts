import { openDb } from './db';

/** The one database this window reads; every write to it happens in the store worker (store-worker.ts). */
export const db = openDb();
