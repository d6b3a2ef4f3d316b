import type { SQL } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.js';

/** Rows of a raw query, on either driver (both answer `{ rows }`). */
export async function rowsOf<T>(db: Database | Tx, query: SQL): Promise<T[]> {
  const runner = 'raw' in db ? db.raw : db;
  const res = (await runner.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
