import { and, eq, gte, ilike, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { customers } from '../../db/schema/index.js';
import type { PipelineStore } from '../pipeline/store.js';

export interface AllJobsFilter {
  activeOnly: boolean;
  q?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  customerId?: string | undefined;
}

/** The core of every pipeline's jobs in one list: the hub, the calendar and search read it. */
export async function selectAllJobs(tx: Tx, stores: readonly PipelineStore[], shopId: string, filter: AllJobsFilter) {
  const pattern = filter.q ? containing(filter.q) : undefined;
  const parts = stores.map((store) => {
    const j = store.jobs;
    const where: (SQL | undefined)[] = [
      eq(j.shopId, shopId),
      filter.activeOnly ? notInArray(j.stage, [...store.def.archived]) : undefined,
      filter.dueFrom ? gte(j.dueDate, filter.dueFrom) : undefined,
      filter.dueTo ? lte(j.dueDate, filter.dueTo) : undefined,
      filter.customerId ? eq(j.customerId, filter.customerId) : undefined,
      pattern ? or(ilike(j.reference, pattern), ilike(j.title, pattern), ilike(customers.name, pattern)) : undefined,
    ];
    return tx
      .select({
        kind: sql<string>`${store.def.kind}::text`.as('kind'),
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
      .where(and(...where));
  });
  const [first, second, ...rest] = parts;
  if (!first) return [];
  const query = second ? unionAll(first, second, ...rest) : first;
  return query.orderBy(sql`due_date asc nulls last`, sql`created_at desc`).limit(5000);
}
