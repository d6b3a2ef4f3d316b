import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { customers, designReviews, jobStages, jobs, shops, trackingSettings } from '../../db/schema/index.js';

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
      roundId: designReviews.roundId,
      decision: designReviews.decision,
      comment: designReviews.comment,
      actorLabel: designReviews.actorLabel,
      at: designReviews.at,
    })
    .from(designReviews)
    .where(and(eq(designReviews.shopId, shopId), eq(designReviews.jobId, jobId)))
    .orderBy(asc(designReviews.seq));
}

/**
 * The job's latest arrival at a stage by a move (its history row), which opens a design review's round.
 * A decision written at the stage without a move (from the stage to itself) is not an arrival.
 */
export async function latestArrival(tx: Tx, shopId: string, jobId: string, stage: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: jobStages.id })
    .from(jobStages)
    .where(
      and(
        eq(jobStages.shopId, shopId),
        eq(jobStages.jobId, jobId),
        eq(jobStages.stage, stage),
        sql`${jobStages.fromStage} is distinct from ${jobStages.stage}`,
      ),
    )
    .orderBy(desc(jobStages.seq))
    .limit(1);
  return row?.id;
}

/** The stages the job has entered, by its history: the customer's stepper leaves out those it skipped. */
export async function enteredStages(tx: Tx, shopId: string, jobId: string): Promise<Set<string>> {
  const rows = await tx
    .selectDistinct({ stage: jobStages.stage })
    .from(jobStages)
    .where(and(eq(jobStages.shopId, shopId), eq(jobStages.jobId, jobId)));
  return new Set(rows.map((r) => r.stage));
}

export async function insertReview(tx: Tx, row: typeof designReviews.$inferInsert) {
  // A decision already recorded for this version (a double click, two tabs) stays the one decision.
  const [created] = await tx.insert(designReviews).values(row).onConflictDoNothing().returning({ id: designReviews.id });
  return created?.id;
}
