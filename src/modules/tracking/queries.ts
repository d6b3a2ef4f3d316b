import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { bespokeJobs, customers, designReviews, jobMessages, repairJobs, repairWorkLines, shops, trackingSettings, users } from '../../db/schema/index.js';
import type { PipelineStore } from '../pipeline/store.js';

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
export async function jobByCode(tx: Tx, stores: readonly PipelineStore[], code: string) {
  for (const store of stores) {
    const j = store.jobs;
    const [row] = await tx.select({ id: j.id, shopId: j.shopId }).from(j).where(eq(j.trackingCode, code));
    if (row) return { ...row, store };
  }
  return undefined;
}

/**
 * Across every shop: the jobs of one pipeline with this reference, each with what its shop asks a
 * customer to prove. References are unique per shop only, so there may be one per shop.
 */
export async function jobsByReference(tx: Tx, store: PipelineStore, reference: string) {
  const j = store.jobs;
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
    .where(sql`upper(${j.reference}) = upper(${reference})`)
    .limit(20);
}

/** Only the columns a customer may see, and the few the page needs to compute what they see. */
export async function customerJob(tx: Tx, store: PipelineStore, shopId: string, jobId: string) {
  const j = store.jobs;
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

/** A repair's work lines, as its quote shows them. */
export async function quoteLinesOf(tx: Tx, shopId: string, repairJobId: string) {
  return tx
    .select({ kind: repairWorkLines.kind, description: repairWorkLines.description, priceCents: repairWorkLines.priceCents })
    .from(repairWorkLines)
    .where(and(eq(repairWorkLines.shopId, shopId), eq(repairWorkLines.repairJobId, repairJobId)))
    .orderBy(repairWorkLines.position);
}

/** Everything the take-in slip and the envelope print, for a job of any pipeline. */
export async function slipJob(tx: Tx, store: PipelineStore, shopId: string, jobId: string) {
  const j = store.jobs;
  const [row] = await tx
    .select({
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      dueDate: j.dueDate,
      createdAt: j.createdAt,
      trackingCode: j.trackingCode,
      quotedCents: j.quotedCents,
      customerName: customers.name,
      customerPhone: customers.phone,
      customerEmail: customers.email,
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .where(and(eq(j.shopId, shopId), eq(j.id, jobId)));
  return row;
}

/** The lines a bench label shows under the title: what the piece is made of, or what it came in with. */
export async function envelopeDetails(tx: Tx, store: PipelineStore, shopId: string, jobId: string): Promise<[string, string | null][]> {
  if (store.def.kind === 'repair') {
    const [r] = await tx
      .select({ itemType: repairJobs.itemType, rush: repairJobs.rush, condition: repairJobs.conditionNotes })
      .from(repairJobs)
      .where(and(eq(repairJobs.shopId, shopId), eq(repairJobs.id, jobId)));
    return [
      ['Item', r?.itemType ?? null],
      ['Rush', r?.rush ? 'Yes' : null],
      ['Condition', r?.condition ?? null],
    ];
  }
  const [b] = await tx
    .select({ type: bespokeJobs.jewelleryType, metal: bespokeJobs.metal, stones: bespokeJobs.stones })
    .from(bespokeJobs)
    .where(and(eq(bespokeJobs.shopId, shopId), eq(bespokeJobs.id, jobId)));
  return [
    ['Type', b?.type ?? null],
    ['Metal', b?.metal ?? null],
    ['Stones', b?.stones ?? null],
  ];
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
    .where(and(eq(designReviews.shopId, shopId), eq(designReviews.bespokeJobId, jobId)))
    .orderBy(asc(designReviews.seq));
}

export async function insertReview(tx: Tx, row: typeof designReviews.$inferInsert) {
  // A decision already recorded for this version (a double click, two tabs) stays the one decision.
  const [created] = await tx.insert(designReviews).values(row).onConflictDoNothing().returning({ id: designReviews.id });
  return created?.id;
}

/** A job's messages with its customer, oldest first, whatever its pipeline. */
export async function messagesOf(tx: Tx, store: PipelineStore, shopId: string, jobId: string) {
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
    .where(and(eq(jobMessages.shopId, shopId), eq(jobMessages[store.jobKey], jobId)))
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

export async function insertMessage(tx: Tx, store: PipelineStore, { jobId, ...row }: NewMessage) {
  const [created] = await tx
    .insert(jobMessages)
    .values({ ...row, [store.jobKey]: jobId })
    .returning({ id: jobMessages.id });
  if (!created) throw new Error('message insert returned nothing');
  return created.id;
}

const unreadOn = (store: PipelineStore, shopId: string, jobId: string) =>
  and(eq(jobMessages.shopId, shopId), eq(jobMessages[store.jobKey], jobId), isNull(jobMessages.readAt));

/** Marks the customer's unread messages on a job as read; answers how many were. */
export async function markRead(tx: Tx, store: PipelineStore, shopId: string, jobId: string, at: Date) {
  const rows = await tx
    .update(jobMessages)
    .set({ readAt: at })
    .where(unreadOn(store, shopId, jobId))
    .returning({ id: jobMessages.id });
  return rows.length;
}

export async function unreadOfJob(tx: Tx, store: PipelineStore, shopId: string, jobId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(jobMessages)
    .where(unreadOn(store, shopId, jobId));
  return row?.n ?? 0;
}

/** Jobs of every pipeline with unread customer messages, newest first: the board's and the hub's badges. */
export async function unreadByJob(tx: Tx, stores: readonly PipelineStore[], shopId: string) {
  const parts = stores.map((store) => {
    const j = store.jobs;
    return tx
      .select({
        kind: sql<string>`${store.def.kind}::text`.as('kind'),
        jobId: j.id,
        reference: j.reference,
        unread: count().as('unread'),
        latestAt: sql<Date>`max(${jobMessages.createdAt})`.mapWith((v) => new Date(v)).as('latest_at'),
      })
      .from(jobMessages)
      .innerJoin(j, and(eq(j.shopId, jobMessages.shopId), eq(j.id, jobMessages[store.jobKey])))
      .where(and(eq(jobMessages.shopId, shopId), isNull(jobMessages.readAt)))
      .groupBy(j.id, j.reference);
  });
  const [first, second, ...rest] = parts;
  if (!first) return [];
  const query = second ? unionAll(first, second, ...rest) : first;
  return query.orderBy(sql`latest_at desc`);
}
