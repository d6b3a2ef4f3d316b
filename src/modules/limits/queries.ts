import { lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rateLimits } from '../../db/schema/index.js';

export interface Taken {
  /** Points in the window after this take, this one included. */
  points: number;
  /** How long until the window closes, in milliseconds. */
  msLeft: number;
}

/**
 * Adds `points` to the key's current window (opening a new one when the last has closed) and reads
 * the result, in one statement: the row lock makes concurrent takes count one after another.
 */
export async function take(db: Db, key: string, points: number, windowSeconds: number): Promise<Taken> {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, points, expiresAt: sql`now() + ${window}` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        points: sql`case when ${rateLimits.expiresAt} <= now() then excluded.points else ${rateLimits.points} + excluded.points end`,
        expiresAt: sql`case when ${rateLimits.expiresAt} <= now() then excluded.expires_at else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({ points: rateLimits.points, msLeft: sql<number>`greatest(0, (extract(epoch from ${rateLimits.expiresAt} - now()) * 1000))::float8` });
  if (!row) throw new Error('rate limit upsert returned nothing');
  return { points: row.points, msLeft: Number(row.msLeft) };
}

/** Gives points back to a window still open (never below zero). */
export async function giveBack(db: Db, key: string, points: number): Promise<void> {
  await db
    .update(rateLimits)
    .set({ points: sql`greatest(0, ${rateLimits.points} - ${points})` })
    .where(sql`${rateLimits.key} = ${key} and ${rateLimits.expiresAt} > now()`);
}

/** Points in the key's open window, or 0. */
export async function pointsOf(db: Db, key: string): Promise<number> {
  const rows = await db.select({ points: rateLimits.points }).from(rateLimits).where(sql`${rateLimits.key} = ${key} and ${rateLimits.expiresAt} > now()`);
  return rows[0]?.points ?? 0;
}

export async function clear(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`);
}

export async function sweepExpired(db: Db): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.expiresAt, sql`now() - interval '1 minute'`));
}
