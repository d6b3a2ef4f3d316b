import { and, desc, eq, ilike, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bespokeJobs, customers, shops } from '../../db/schema/index.js';
import { latestThumbnailUrl } from '../attachments/queries.js';
import { paymentTotalsByJob } from '../pipeline/queries.js';
import { bespokeStore } from './store.js';

export interface JobFilter {
  id?: string;
  stages?: readonly string[];
  excludeStages?: readonly string[];
  q?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Jobs with their customer's name, the shop's currency and payment totals: the board's one query. */
export async function selectJobs(tx: Tx, shopId: string, filter: JobFilter) {
  const j = bespokeJobs;
  const totals = paymentTotalsByJob(tx, bespokeStore, shopId);
  const pattern = filter.q ? `%${escapeLike(filter.q)}%` : undefined;
  return tx
    .select({
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      heldFromStage: j.heldFromStage,
      customerId: j.customerId,
      customerName: customers.name,
      jewelleryType: j.jewelleryType,
      description: j.description,
      notes: j.notes,
      metal: j.metal,
      stones: j.stones,
      dueDate: j.dueDate,
      quotedCents: j.quotedCents,
      finalCents: j.finalCents,
      budgetCents: j.budgetCents,
      depositCents: sql<number>`coalesce(${totals.depositCents}, 0)`.mapWith(Number),
      paidCents: sql<number>`coalesce(${totals.paidCents}, 0)`.mapWith(Number),
      refundedCents: sql<number>`coalesce(${totals.refundedCents}, 0)`.mapWith(Number),
      currency: shops.currency,
      version: j.version,
      createdAt: j.createdAt,
      updatedAt: j.updatedAt,
      stageChangedAt: j.stageChangedAt,
      trackingCode: j.trackingCode,
      thumbnailUrl: latestThumbnailUrl(j),
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .innerJoin(shops, eq(shops.id, j.shopId))
    .leftJoin(totals, eq(totals.jobId, j.id))
    .where(
      and(
        eq(j.shopId, shopId),
        filter.id ? eq(j.id, filter.id) : undefined,
        filter.stages ? inArray(j.stage, [...filter.stages]) : undefined,
        filter.excludeStages ? notInArray(j.stage, [...filter.excludeStages]) : undefined,
        pattern ? or(ilike(j.reference, pattern), ilike(j.title, pattern), ilike(customers.name, pattern)) : undefined,
      ),
    )
    .orderBy(desc(j.createdAt), desc(j.reference));
}

export type JobRow = Awaited<ReturnType<typeof selectJobs>>[number];

export async function insertJob(tx: Tx, row: typeof bespokeJobs.$inferInsert) {
  const [created] = await tx.insert(bespokeJobs).values(row).returning({ id: bespokeJobs.id, reference: bespokeJobs.reference });
  if (!created) throw new Error('job insert returned nothing');
  return created;
}

export async function updateJob(tx: Tx, shopId: string, id: string, set: Partial<typeof bespokeJobs.$inferInsert>, at: Date) {
  await tx
    .update(bespokeJobs)
    .set({ ...set, version: sql`${bespokeJobs.version} + 1`, updatedAt: at })
    .where(and(eq(bespokeJobs.shopId, shopId), eq(bespokeJobs.id, id)));
}
