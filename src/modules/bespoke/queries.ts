import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bespokeJobs } from '../../db/schema/index.js';
import type { JobFilter } from '../pipeline/jobs.js';
import { selectJobsOf } from '../pipeline/queries.js';
import { bespokeStore } from './store.js';

/** Bespoke jobs for the board, list and detail: the shared columns plus the bespoke ones. */
export function selectJobs(tx: Tx, shopId: string, filter: JobFilter) {
  const j = bespokeJobs;
  return selectJobsOf(tx, bespokeStore, shopId, filter, { jewelleryType: j.jewelleryType, metal: j.metal, stones: j.stones, budgetCents: j.budgetCents }, [
    desc(j.createdAt),
    desc(j.reference),
  ]);
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
