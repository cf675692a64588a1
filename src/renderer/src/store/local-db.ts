import { openDb } from './db';

/** The one database this window reads (and, in headless mode, writes). */
export const db = openDb();
