import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { sessions, shops, users } from '../../db/schema/index.js';

export const shopColumns = {
  id: shops.id,
  name: shops.name,
  currency: shops.currency,
  timeZone: shops.timeZone,
  locale: shops.locale,
  country: shops.country,
  createdAt: shops.createdAt,
};

export const userColumns = { id: users.id, name: users.name, email: users.email, role: users.role, createdAt: users.createdAt };

export type ShopRow = { [K in keyof typeof shopColumns]: (typeof shopColumns)[K]['_']['data'] };
export type UserRow = { [K in keyof typeof userColumns]: (typeof userColumns)[K]['_']['data'] };

export async function findShop(tx: Tx, shopId: string): Promise<ShopRow | undefined> {
  const [row] = await tx.select(shopColumns).from(shops).where(eq(shops.id, shopId));
  return row;
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
    .where(sql`lower(${users.email}) = lower(${email})`);
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
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)));
  return row;
}

export async function listUsers(tx: Tx, shopId: string) {
  return tx.select(userColumns).from(users).where(eq(users.shopId, shopId)).orderBy(users.createdAt);
}
