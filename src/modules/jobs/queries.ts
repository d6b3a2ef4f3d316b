import { and, eq, gte, ilike, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { customers, jobs } from '../../db/schema/index.js';
import { allPipelines } from '../../domain/pipelines.js';

export interface AllJobsFilter {
  activeOnly: boolean;
  q?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  customerId?: string | undefined;
}

/** A job still on its pipeline's board: not in one of that pipeline's archived stages. */
const active = sql.join(
  allPipelines.map(
    (p) =>
      sql`(${jobs.kind} = ${p.kind} and ${jobs.stage} not in (${sql.join(
        p.archived.map((s) => sql`${s}`),
        sql`, `,
      )}))`,
  ),
  sql` or `,
);

/** The core of every pipeline's jobs in one list: the hub, the calendar and search read it. */
export async function selectAllJobs(tx: Tx, shopId: string, filter: AllJobsFilter) {
  const pattern = filter.q ? containing(filter.q) : undefined;
  const j = jobs;
  const where: (SQL | undefined)[] = [
    eq(j.shopId, shopId),
    filter.activeOnly ? sql`(${active})` : undefined,
    filter.dueFrom ? gte(j.dueDate, filter.dueFrom) : undefined,
    filter.dueTo ? lte(j.dueDate, filter.dueTo) : undefined,
    filter.customerId ? eq(j.customerId, filter.customerId) : undefined,
    pattern ? or(ilike(j.reference, pattern), ilike(j.title, pattern), ilike(customers.name, pattern)) : undefined,
  ];
  return tx
    .select({
      kind: j.kind,
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      heldFromStage: j.heldFromStage,
      customerId: j.customerId,
      customerName: customers.name,
      dueDate: j.dueDate,
      quotedCents: j.quotedCents,
      finalCents: j.finalCents,
      createdAt: j.createdAt,
      stageChangedAt: j.stageChangedAt,
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .where(and(...where))
    .orderBy(sql`${j.dueDate} asc nulls last`, sql`${j.createdAt} desc`)
    .limit(5000);
}
