import { and, asc, desc, eq, ilike, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { jobs, memoContacts, memoItems, memos, shops, users } from '../../db/schema/index.js';
import type { MemoDirection, MemoStatus } from '../../db/schema/memos.js';

export type MemoRow = typeof memos.$inferSelect;
export type MemoItemRow = typeof memoItems.$inferSelect;
export type ContactRow = typeof memoContacts.$inferSelect;

export async function shopOf(tx: Tx, shopId: string) {
  const [row] = await tx
    .select({
      name: shops.name,
      phone: shops.contactPhone,
      email: shops.contactEmail,
      address: shops.address,
      currency: shops.currency,
      locale: shops.locale,
      timeZone: shops.timeZone,
      memoOverdueEmail: shops.memoOverdueEmail,
      memoOverdueTo: shops.memoOverdueTo,
    })
    .from(shops)
    .where(eq(shops.id, shopId));
  return row;
}

export async function setOverdueEmail(tx: Tx, shopId: string, on: boolean, to: string | null | undefined) {
  await tx
    .update(shops)
    .set({ memoOverdueEmail: on, ...(to !== undefined ? { memoOverdueTo: to } : {}) })
    .where(eq(shops.id, shopId));
}

/** The shop's first owner: who the morning list goes to when no one else is named. */
export async function firstOwner(tx: Tx, shopId: string) {
  const [owner] = await tx
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.shopId, shopId), eq(users.role, 'owner'), isNull(users.deactivatedAt)))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return owner;
}

export async function insertContact(tx: Tx, row: typeof memoContacts.$inferInsert) {
  const [made] = await tx.insert(memoContacts).values(row).returning();
  if (!made) throw new Error('contact insert returned nothing');
  return made;
}

export async function findContact(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select()
    .from(memoContacts)
    .where(and(eq(memoContacts.shopId, shopId), eq(memoContacts.id, id)));
  return row;
}

export async function listContacts(tx: Tx, shopId: string, q: string | undefined) {
  const pattern = q ? containing(q) : undefined;
  return tx
    .select()
    .from(memoContacts)
    .where(and(eq(memoContacts.shopId, shopId), pattern ? or(ilike(memoContacts.name, pattern), ilike(memoContacts.company, pattern)) : undefined))
    .orderBy(asc(memoContacts.name), asc(memoContacts.id))
    .limit(200);
}

export async function insertMemo(tx: Tx, row: typeof memos.$inferInsert) {
  const [made] = await tx.insert(memos).values(row).returning({ id: memos.id });
  if (!made) throw new Error('memo insert returned nothing');
  return made;
}

export async function insertItems(tx: Tx, rows: (typeof memoItems.$inferInsert)[]) {
  if (rows.length > 0) await tx.insert(memoItems).values(rows);
}

export async function nextPosition(tx: Tx, shopId: string, memoId: string) {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${memoItems.position}), 0)::int + 1` })
    .from(memoItems)
    .where(and(eq(memoItems.shopId, shopId), eq(memoItems.memoId, memoId)));
  return row?.n ?? 1;
}

/** Reads the record; `lock` takes its row lock, which serialises every change to it and its items. */
export async function findMemo(tx: Tx, shopId: string, id: string, lock = false) {
  const query = tx
    .select({ memo: memos, contact: memoContacts })
    .from(memos)
    .innerJoin(memoContacts, and(eq(memoContacts.shopId, memos.shopId), eq(memoContacts.id, memos.contactId)))
    .where(and(eq(memos.shopId, shopId), eq(memos.id, id)));
  const [row] = await (lock ? query.for('update', { of: memos }) : query);
  return row;
}

export async function updateMemo(tx: Tx, shopId: string, id: string, set: Partial<typeof memos.$inferInsert>) {
  await tx
    .update(memos)
    .set(set)
    .where(and(eq(memos.shopId, shopId), eq(memos.id, id)));
}

const itemColumns = { item: memoItems, jobReference: jobs.reference, jobTitle: jobs.title };

export async function itemsOf(tx: Tx, shopId: string, memoId: string) {
  return tx
    .select(itemColumns)
    .from(memoItems)
    .leftJoin(jobs, and(eq(jobs.shopId, memoItems.shopId), eq(jobs.id, memoItems.jobId)))
    .where(and(eq(memoItems.shopId, shopId), eq(memoItems.memoId, memoId)))
    .orderBy(asc(memoItems.position));
}
export type ItemWithJob = Awaited<ReturnType<typeof itemsOf>>[number];

export async function setItem(tx: Tx, shopId: string, itemId: string, set: Partial<typeof memoItems.$inferInsert>) {
  await tx
    .update(memoItems)
    .set(set)
    .where(and(eq(memoItems.shopId, shopId), eq(memoItems.id, itemId)));
}

/** Items of one record, with its direction and status, for the record's own use-cases. */
export async function statusesOf(tx: Tx, shopId: string, memoId: string) {
  const rows = await tx
    .select({ status: memoItems.status })
    .from(memoItems)
    .where(and(eq(memoItems.shopId, shopId), eq(memoItems.memoId, memoId)));
  return rows.map((r) => r.status);
}

const withRecord = {
  ...itemColumns,
  memoId: memos.id,
  direction: memos.direction,
  number: memos.number,
  dueBackOn: memos.dueBackOn,
  contactName: memoContacts.name,
};

function itemsWithRecord(tx: Tx) {
  return tx
    .select(withRecord)
    .from(memoItems)
    .innerJoin(memos, and(eq(memos.shopId, memoItems.shopId), eq(memos.id, memoItems.memoId)))
    .innerJoin(memoContacts, and(eq(memoContacts.shopId, memos.shopId), eq(memoContacts.id, memos.contactId)))
    .leftJoin(jobs, and(eq(jobs.shopId, memoItems.shopId), eq(jobs.id, memoItems.jobId)));
}
export type ItemWithRecord = Awaited<ReturnType<ReturnType<typeof itemsWithRecord>['execute']>>[number];

/** The item with its record and its job. */
export async function findItem(tx: Tx, shopId: string, itemId: string) {
  const [row] = await itemsWithRecord(tx).where(and(eq(memoItems.shopId, shopId), eq(memoItems.id, itemId)));
  return row;
}

export async function itemsOfJob(tx: Tx, shopId: string, jobId: string) {
  return itemsWithRecord(tx)
    .where(and(eq(memoItems.shopId, shopId), eq(memoItems.jobId, jobId)))
    .orderBy(asc(memos.number), asc(memoItems.position));
}

/** Items taken in on memo, still here and in no job: what a job may link. */
export async function availableItems(tx: Tx, shopId: string) {
  return itemsWithRecord(tx)
    .where(and(eq(memoItems.shopId, shopId), eq(memoItems.status, 'active'), eq(memos.direction, 'in'), isNull(memoItems.jobId)))
    .orderBy(desc(memos.number), asc(memoItems.position))
    .limit(500);
}

/** Every active item whose record was due back before `today`, soonest due first. */
export async function overdueItems(tx: Tx, shopId: string, today: string) {
  return itemsWithRecord(tx)
    .where(and(eq(memoItems.shopId, shopId), eq(memoItems.status, 'active'), isNotNull(memos.dueBackOn), lt(memos.dueBackOn, today)))
    .orderBy(asc(memos.dueBackOn), asc(memos.number), asc(memoItems.position))
    .limit(500);
}

const counts = {
  itemCount: sql<number>`(select count(*)::int from memo_items i where i.shop_id = memos.shop_id and i.memo_id = memos.id)`,
  activeCount: sql<number>`(select count(*)::int from memo_items i where i.shop_id = memos.shop_id and i.memo_id = memos.id and i.status = 'active')`,
  costCents: sql<number>`(select coalesce(sum(i.cost_cents), 0)::bigint::float8 from memo_items i where i.shop_id = memos.shop_id and i.memo_id = memos.id)`,
  retailCents: sql<number>`(select coalesce(sum(i.retail_cents), 0)::bigint::float8 from memo_items i where i.shop_id = memos.shop_id and i.memo_id = memos.id)`,
};

export async function countsOf(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select(counts)
    .from(memos)
    .where(and(eq(memos.shopId, shopId), eq(memos.id, id)));
  return row ?? { itemCount: 0, activeCount: 0, costCents: 0, retailCents: 0 };
}

export async function listMemos(
  tx: Tx,
  shopId: string,
  f: { status?: MemoStatus; direction?: MemoDirection; overdueBefore?: string; number?: number | null; q?: string },
) {
  const where: (SQL | undefined)[] = [eq(memos.shopId, shopId)];
  if (f.status) where.push(eq(memos.status, f.status));
  if (f.direction) where.push(eq(memos.direction, f.direction));
  if (f.overdueBefore) {
    where.push(
      lt(memos.dueBackOn, f.overdueBefore),
      sql`exists (select 1 from memo_items i where i.shop_id = memos.shop_id and i.memo_id = memos.id and i.status = 'active')`,
    );
  }
  if (f.q) {
    const pattern = containing(f.q);
    where.push(
      or(
        ilike(memoContacts.name, pattern),
        ilike(memoContacts.company, pattern),
        f.number ? eq(memos.number, f.number) : undefined,
        sql`exists (select 1 from memo_items i where i.shop_id = memos.shop_id and i.memo_id = memos.id
          and (i.certificate_number ilike ${pattern} or i.stone_type ilike ${pattern} or i.description ilike ${pattern}))`,
      ),
    );
  }
  return tx
    .select({ memo: memos, contact: memoContacts, ...counts })
    .from(memos)
    .innerJoin(memoContacts, and(eq(memoContacts.shopId, memos.shopId), eq(memoContacts.id, memos.contactId)))
    .where(and(...where))
    .orderBy(desc(memos.createdAt), desc(memos.number))
    .limit(500);
}

/** The job exists in this shop and pipeline: its reference and title. */
export async function findJob(tx: Tx, shopId: string, kind: string, id: string) {
  const [row] = await tx
    .select({ id: jobs.id, reference: jobs.reference, title: jobs.title })
    .from(jobs)
    .where(and(eq(jobs.shopId, shopId), eq(jobs.kind, kind), eq(jobs.id, id)));
  return row;
}
