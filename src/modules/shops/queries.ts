import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { jobs, memoItems, payments, sessions, shops, users } from '../../db/schema/index.js';

export const shopColumns = {
  id: shops.id,
  name: shops.name,
  currency: shops.currency,
  timeZone: shops.timeZone,
  locale: shops.locale,
  country: shops.country,
  slug: shops.slug,
  createdAt: shops.createdAt,
};

export const userColumns = { id: users.id, name: users.name, email: users.email, role: users.role, createdAt: users.createdAt };

/** What a selected column reads as: its data, or null where the column may be null. */
type ColumnData<C> = C extends { _: { data: infer D; notNull: infer N } } ? (N extends true ? D : D | null) : never;
export type ShopRow = { [K in keyof typeof shopColumns]: ColumnData<(typeof shopColumns)[K]> };
export type UserRow = { [K in keyof typeof userColumns]: ColumnData<(typeof userColumns)[K]> };

export async function findShop(tx: Tx, shopId: string): Promise<ShopRow | undefined> {
  const [row] = await tx.select(shopColumns).from(shops).where(eq(shops.id, shopId));
  return row;
}

/** Whether the shop has recorded anything priced in its currency: a job, a payment or a memo item. */
export async function holdsAmounts(tx: Tx, shopId: string): Promise<boolean> {
  const [row] = await tx
    .select({
      holds: sql<boolean>`exists (select 1 from ${jobs} where ${jobs.shopId} = ${shopId})
        or exists (select 1 from ${payments} where ${payments.shopId} = ${shopId})
        or exists (select 1 from ${memoItems} where ${memoItems.shopId} = ${shopId})`,
    })
    .from(shops)
    .where(eq(shops.id, shopId));
  return row?.holds === true;
}

export async function findUser(tx: Tx, shopId: string, userId: string): Promise<UserRow | undefined> {
  const [row] = await tx
    .select(userColumns)
    .from(users)
    .where(and(eq(users.shopId, shopId), eq(users.id, userId)));
  return row;
}

/** Across every shop: sign-in happens before anyone knows which shop the person belongs to. */
export async function findCredentials(tx: Tx, email: string) {
  const [row] = await tx
    .select({ ...userColumns, shopId: users.shopId, passwordHash: users.passwordHash })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.deactivatedAt)));
  return row;
}

export async function insertSession(tx: Tx, row: typeof sessions.$inferInsert) {
  await tx.insert(sessions).values(row);
}

export async function deleteSession(tx: Tx, id: string) {
  await tx.delete(sessions).where(eq(sessions.id, id));
}

/** The signed-in person behind a session token's hash, if the session is alive. One statement: it needs no transaction. */
export async function findSessionActor(tx: Tx | Db, sessionId: string, now: Date) {
  const [row] = await tx
    .select({ userId: users.id, shopId: users.shopId, role: users.role, name: users.name, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), isNull(users.deactivatedAt)));
  return row;
}

export const memberColumns = { ...userColumns, deactivatedAt: users.deactivatedAt };

export async function listUsers(tx: Tx, shopId: string) {
  return tx.select(memberColumns).from(users).where(eq(users.shopId, shopId)).orderBy(users.createdAt);
}

export async function findMember(tx: Tx, shopId: string, userId: string) {
  const [row] = await tx
    .select(memberColumns)
    .from(users)
    .where(and(eq(users.shopId, shopId), eq(users.id, userId)));
  return row;
}

/**
 * The shop's active owners, their rows locked until the transaction ends: two owners demoting or
 * letting each other go at once take turns, so the second sees the first's change.
 */
export async function lockActiveOwners(tx: Tx, shopId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.shopId, shopId), eq(users.role, 'owner'), isNull(users.deactivatedAt)))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((r) => r.id);
}

export async function setRole(tx: Tx, shopId: string, userId: string, role: (typeof users.$inferSelect)['role']) {
  await tx
    .update(users)
    .set({ role })
    .where(and(eq(users.shopId, shopId), eq(users.id, userId)));
}

export async function deactivate(tx: Tx, shopId: string, userId: string, at: Date) {
  await tx
    .update(users)
    .set({ deactivatedAt: at })
    .where(and(eq(users.shopId, shopId), eq(users.id, userId), isNull(users.deactivatedAt)));
}

export async function listSessionsOf(tx: Tx, shopId: string, userId: string, now: Date) {
  return tx
    .select({ id: sessions.id, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.shopId, shopId), eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(sessions.createdAt);
}

/** Deletes every session of one member; the answer is their ids, to announce. */
export async function deleteSessionsOf(tx: Tx, shopId: string, userId: string): Promise<string[]> {
  const rows = await tx
    .delete(sessions)
    .where(and(eq(sessions.shopId, shopId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}
