import { and, desc, eq, ilike, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { customers, repairJobs, repairWorkLines, shops } from '../../db/schema/index.js';
import type { WorkLine } from '../../domain/repair-pipeline.js';
import type { JobFilter } from '../pipeline/jobs.js';
import { paymentTotalsByJob } from '../pipeline/queries.js';
import { repairStore } from './store.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Repairs with customer, currency, payment totals and their work lines, in one query. */
export async function selectRepairs(tx: Tx, shopId: string, filter: JobFilter) {
  const j = repairJobs;
  const totals = paymentTotalsByJob(tx, repairStore, shopId);
  const pattern = filter.q ? `%${escapeLike(filter.q)}%` : undefined;
  const lines = sql<WorkLine[]>`coalesce((
      select jsonb_agg(jsonb_build_object('kind', l.kind, 'description', l.description, 'priceCents', l.price_cents) order by l.position)
      from ${repairWorkLines} l where l.repair_job_id = ${j.id}), '[]'::jsonb)`;
  return tx
    .select({
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      heldFromStage: j.heldFromStage,
      customerId: j.customerId,
      customerName: customers.name,
      itemType: j.itemType,
      description: j.description,
      notes: j.notes,
      conditionNotes: j.conditionNotes,
      declaredValueCents: j.declaredValueCents,
      rush: j.rush,
      dueDate: j.dueDate,
      quotedCents: j.quotedCents,
      finalCents: j.finalCents,
      depositCents: sql<number>`coalesce(${totals.depositCents}, 0)`.mapWith(Number),
      paidCents: sql<number>`coalesce(${totals.paidCents}, 0)`.mapWith(Number),
      refundedCents: sql<number>`coalesce(${totals.refundedCents}, 0)`.mapWith(Number),
      currency: shops.currency,
      version: j.version,
      createdAt: j.createdAt,
      updatedAt: j.updatedAt,
      stageChangedAt: j.stageChangedAt,
      trackingCode: j.trackingCode,
      workLines: lines,
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
        pattern ? or(ilike(j.reference, pattern), ilike(j.title, pattern), ilike(customers.name, pattern), ilike(j.description, pattern)) : undefined,
      ),
    )
    .orderBy(desc(j.rush), sql`${j.dueDate} asc nulls last`, desc(j.createdAt));
}

export type RepairRow = Awaited<ReturnType<typeof selectRepairs>>[number];

export async function insertRepair(tx: Tx, row: typeof repairJobs.$inferInsert) {
  const [created] = await tx.insert(repairJobs).values(row).returning({ id: repairJobs.id, reference: repairJobs.reference });
  if (!created) throw new Error('repair insert returned nothing');
  return created;
}

export async function updateRepair(tx: Tx, shopId: string, id: string, set: Partial<typeof repairJobs.$inferInsert>, at: Date) {
  await tx
    .update(repairJobs)
    .set({ ...set, version: sql`${repairJobs.version} + 1`, updatedAt: at })
    .where(and(eq(repairJobs.shopId, shopId), eq(repairJobs.id, id)));
}

/** Replaces a repair's work lines: they are edited as one list at the counter. */
export async function replaceWorkLines(tx: Tx, shopId: string, repairJobId: string, lines: readonly WorkLine[]) {
  await tx.delete(repairWorkLines).where(and(eq(repairWorkLines.shopId, shopId), eq(repairWorkLines.repairJobId, repairJobId)));
  if (lines.length === 0) return;
  await tx
    .insert(repairWorkLines)
    .values(lines.map((l, position) => ({ shopId, repairJobId, position, kind: l.kind, description: l.description ?? null, priceCents: l.priceCents })));
}
