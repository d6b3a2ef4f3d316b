import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';

/** A job changed: `{ shopId, kind, id }`, sent by the database's own triggers (migration 0003). */
export const JOBS_CHANNEL = 'loupe_jobs';
/** A session ended: its id (the hash the sessions table keeps, never the cookie's token). */
export const SESSIONS_CHANNEL = 'loupe_sessions';

/**
 * Tells every process that these sessions have ended, so each closes their event streams (and
 * forgets them from its session cache) at once. Call it in the transaction that deletes the
 * sessions' rows: NOTIFY is delivered on commit, and not at all on rollback. Sign-out ends one
 * session; revoking a member's sessions, or all of a user's on a password change, would pass theirs.
 */
export async function announceEndedSessions(tx: Tx, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  for (const id of sessionIds) await tx.execute(sql`select pg_notify(${SESSIONS_CHANNEL}, ${id})`);
}
