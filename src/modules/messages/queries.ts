import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { jobMessages, jobs, users } from '../../db/schema/index.js';

/** A job's messages with its customer, oldest first, whatever its pipeline. */
export async function messagesOf(tx: Tx, shopId: string, jobId: string) {
  return tx
    .select({
      id: jobMessages.id,
      direction: jobMessages.direction,
      body: jobMessages.body,
      authorId: jobMessages.authorId,
      authorName: users.name,
      readAt: jobMessages.readAt,
      createdAt: jobMessages.createdAt,
    })
    .from(jobMessages)
    .leftJoin(users, eq(users.id, jobMessages.authorId))
    .where(and(eq(jobMessages.shopId, shopId), eq(jobMessages.jobId, jobId)))
    .orderBy(asc(jobMessages.seq));
}

export interface NewMessage {
  shopId: string;
  jobId: string;
  direction: (typeof jobMessages.$inferInsert)['direction'];
  body: string;
  authorId?: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export async function insertMessage(tx: Tx, row: NewMessage) {
  const [created] = await tx.insert(jobMessages).values(row).returning({ id: jobMessages.id });
  if (!created) throw new Error('message insert returned nothing');
  return created.id;
}

const unreadOn = (shopId: string, jobId: string) => and(eq(jobMessages.shopId, shopId), eq(jobMessages.jobId, jobId), isNull(jobMessages.readAt));

/** Marks the customer's unread messages on a job as read; answers how many were. */
export async function markRead(tx: Tx, shopId: string, jobId: string, at: Date) {
  const rows = await tx.update(jobMessages).set({ readAt: at }).where(unreadOn(shopId, jobId)).returning({ id: jobMessages.id });
  return rows.length;
}

export async function unreadOfJob(tx: Tx, shopId: string, jobId: string) {
  const [row] = await tx.select({ n: count() }).from(jobMessages).where(unreadOn(shopId, jobId));
  return row?.n ?? 0;
}

/** Jobs of every pipeline with unread customer messages, newest first: the board's and the hub's badges. */
export async function unreadByJob(tx: Tx, shopId: string) {
  return tx
    .select({
      kind: jobs.kind,
      jobId: jobs.id,
      reference: jobs.reference,
      unread: count(),
      latestAt: sql<Date>`max(${jobMessages.createdAt})`.mapWith((v) => new Date(v)),
    })
    .from(jobMessages)
    .innerJoin(jobs, and(eq(jobs.shopId, jobMessages.shopId), eq(jobs.id, jobMessages.jobId)))
    .where(and(eq(jobMessages.shopId, shopId), isNull(jobMessages.readAt)))
    .groupBy(jobs.id, jobs.kind, jobs.reference)
    .orderBy(sql`max(${jobMessages.createdAt}) desc`);
}
