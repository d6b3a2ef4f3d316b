import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { repairJobs, repairWorkLines } from '../../db/schema/index.js';
import type { WorkLine } from '../../domain/repair-pipeline.js';
import type { JobFilter } from '../pipeline/jobs.js';
import { selectJobsOf } from '../pipeline/queries.js';
import { repairStore } from './store.js';

/** Repairs for the board, list and detail: the shared columns plus the repair ones and the work lines. */
export function selectRepairs(tx: Tx, shopId: string, filter: JobFilter) {
  const j = repairJobs;
  const workLines = sql<WorkLine[]>`coalesce((
      select jsonb_agg(jsonb_build_object('kind', l.kind, 'description', l.description, 'priceCents', l.price_cents) order by l.position)
      from ${repairWorkLines} l where l.repair_job_id = ${j.id}), '[]'::jsonb)`;
  const extra = { itemType: j.itemType, conditionNotes: j.conditionNotes, declaredValueCents: j.declaredValueCents, rush: j.rush, workLines };
  // Rush work first, then whatever is due soonest.
  return selectJobsOf(tx, repairStore, shopId, filter, extra, [desc(j.rush), sql`${j.dueDate} asc nulls last`, desc(j.createdAt)]);
}

export type RepairRow = Awaited<ReturnType<typeof selectRepairs>>[number];

/** Replaces a repair's work lines: they are edited as one list at the counter. */
export async function replaceWorkLines(tx: Tx, shopId: string, repairJobId: string, lines: readonly WorkLine[]) {
  await tx.delete(repairWorkLines).where(and(eq(repairWorkLines.shopId, shopId), eq(repairWorkLines.repairJobId, repairJobId)));
  if (lines.length === 0) return;
  await tx
    .insert(repairWorkLines)
    .values(lines.map((l, position) => ({ shopId, repairJobId, position, kind: l.kind, description: l.description ?? null, priceCents: l.priceCents })));
}
