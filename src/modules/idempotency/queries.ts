import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema/index.js';

export type Stored = typeof idempotencyKeys.$inferSelect;

/** Claims the key for this request; false when someone already holds it. */
export async function claim(tx: Tx, row: { shopId: string; key: string; fingerprint: string; at: Date }): Promise<boolean> {
  const made = await tx
    .insert(idempotencyKeys)
    .values({ ...row, createdAt: row.at })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return made.length > 0;
}

export async function find(tx: Tx, shopId: string, key: string): Promise<Stored | undefined> {
  const [row] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.shopId, shopId), eq(idempotencyKeys.key, key)));
  return row;
}

export async function complete(tx: Tx, shopId: string, key: string, answer: { status: number; contentType: string | null; body: string }) {
  await tx
    .update(idempotencyKeys)
    .set(answer)
    .where(and(eq(idempotencyKeys.shopId, shopId), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.status)));
}

/** Lets the key go unanswered (the request failed in a way a retry may mend). */
export async function release(tx: Tx, shopId: string, key: string) {
  await tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.shopId, shopId), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.status)));
}

/** Forgets keys older than `before`: past their day they may be used afresh. */
export async function forgetOlderThan(tx: Tx, shopId: string, key: string, before: Date) {
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.shopId, shopId), eq(idempotencyKeys.key, key), lt(idempotencyKeys.createdAt, sql`${before.toISOString()}::timestamptz`)));
}
