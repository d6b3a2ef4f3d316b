import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { customers, designReviews, jobMessages, jobs, shops, trackingSettings, users } from '../../db/schema/index.js';

export type TrackingSettingsRow = typeof trackingSettings.$inferSelect;

export function defaultTrackingSettings(shopId: string): TrackingSettingsRow {
  return { shopId, verifier: 'surname', showBalance: true, approvalAdvances: false, terms: null, updatedAt: new Date(0) };
}

export async function loadTrackingSettings(tx: Tx, shopId: string): Promise<TrackingSettingsRow> {
  const [row] = await tx.select().from(trackingSettings).where(eq(trackingSettings.shopId, shopId));
  return row ?? defaultTrackingSettings(shopId);
}

export async function saveTrackingSettings(tx: Tx, row: TrackingSettingsRow, at: Date) {
  const { shopId, ...rest } = row;
  await tx
    .insert(trackingSettings)
    .values({ ...row, updatedAt: at })
    .onConflictDoUpdate({ target: trackingSettings.shopId, set: { ...rest, updatedAt: at } });
}

export const shopContactColumns = {
  name: shops.name,
  phone: shops.contactPhone,
  email: shops.contactEmail,
  address: shops.address,
  openingHours: shops.openingHours,
  logoUrl: shops.logoUrl,
};

export async function shopContact(tx: Tx, shopId: string) {
  const [row] = await tx
    .select({ ...shopContactColumns, currency: shops.currency, locale: shops.locale, timeZone: shops.timeZone })
    .from(shops)
    .where(eq(shops.id, shopId));
  return row;
}

export async function updateShopContact(tx: Tx, shopId: string, set: Partial<typeof shops.$inferInsert>) {
  await tx.update(shops).set(set).where(eq(shops.id, shopId));
}

/** Across every shop (the owner's transaction): the one job a tracking code names, in whichever pipeline. */
export async function jobByCode(tx: Tx, code: string) {
  const [row] = await tx.select({ id: jobs.id, shopId: jobs.shopId, kind: jobs.kind }).from(jobs).where(eq(jobs.trackingCode, code));
  return row;
}

/**
 * Across every shop: the jobs of one pipeline with this reference, each with what its shop asks a
 * customer to prove. References are unique per shop only, so there may be one per shop.
 */
export async function jobsByReference(tx: Tx, kind: string, reference: string) {
  const j = jobs;
  return tx
    .select({
      id: j.id,
      shopId: j.shopId,
      customerName: customers.name,
      postcode: customers.postcode,
      verifier: sql<'surname' | 'postcode'>`coalesce(${trackingSettings.verifier}, 'surname')`,
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .leftJoin(trackingSettings, eq(trackingSettings.shopId, j.shopId))
    .where(and(eq(j.kind, kind), sql`upper(${j.reference}) = upper(${reference})`))
    .limit(20);
}

/** Only the columns a customer may see, and the few the page needs to compute what they see. */
export async function customerJob(tx: Tx, shopId: string, jobId: string) {
  const j = jobs;
  const [row] = await tx
    .select({
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      heldFromStage: j.heldFromStage,
      dueDate: j.dueDate,
      quotedCents: j.quotedCents,
      finalCents: j.finalCents,
      trackingCode: j.trackingCode,
      customerName: customers.name,
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .where(and(eq(j.shopId, shopId), eq(j.id, jobId)));
  return row;
}

export async function reviewsOf(tx: Tx, shopId: string, jobId: string) {
  return tx
    .select({
      id: designReviews.id,
      attachmentIds: designReviews.attachmentIds,
      rendersKey: designReviews.rendersKey,
      decision: designReviews.decision,
      comment: designReviews.comment,
      actorLabel: designReviews.actorLabel,
      at: designReviews.at,
    })
    .from(designReviews)
    .where(and(eq(designReviews.shopId, shopId), eq(designReviews.jobId, jobId)))
    .orderBy(asc(designReviews.seq));
}

export async function insertReview(tx: Tx, row: typeof designReviews.$inferInsert) {
  // A decision already recorded for this version (a double click, two tabs) stays the one decision.
  const [created] = await tx.insert(designReviews).values(row).onConflictDoNothing().returning({ id: designReviews.id });
  return created?.id;
}

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
