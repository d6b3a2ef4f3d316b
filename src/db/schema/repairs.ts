import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { repairPipeline } from '../../domain/repair-pipeline.js';
import { money, pipelineHistoryTable, pipelineJobColumns, pipelineJobConstraints } from './pipeline.js';
import { createdAt, shops, tenantPolicy } from './tenancy.js';

export const repairJobs = pgTable(
  'repair_jobs',
  {
    ...pipelineJobColumns(),
    itemType: text('item_type').notNull(),
    /** What the customer handed over and its state: existing scratches, missing stones, stamped metal. */
    conditionNotes: text('condition_notes'),
    declaredValueCents: money('declared_value_cents'),
    rush: boolean('rush').notNull().default(false),
  },
  (t) => [
    ...pipelineJobConstraints(repairPipeline, 'repair_jobs', t),
    check('repair_jobs_item_type_known', sql`${t.itemType} in ('ring', 'necklace', 'bracelet', 'earrings', 'watch', 'brooch', 'other')`),
    check('repair_jobs_declared_value_check', sql`coalesce(${t.declaredValueCents}, 0) >= 0`),
  ],
);

export const repairJobStages = pipelineHistoryTable(repairPipeline, 'repair_job_stages', repairJobs);

/** The work asked for, a line each with its price; the job's estimate (quoted_cents) is their sum. */
export const repairWorkLines = pgTable(
  'repair_work_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    repairJobId: uuid('repair_job_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    description: text('description'),
    priceCents: bigint('price_cents', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'repair_work_lines_job_fk', columns: [t.shopId, t.repairJobId], foreignColumns: [repairJobs.shopId, repairJobs.id] }).onDelete(
      'cascade',
    ),
    index('repair_work_lines_job_idx').on(t.repairJobId, t.position),
    check('repair_work_lines_kind_known', sql`${t.kind} in ('resize', 'solder', 're_tip', 're_string', 'polish', 'replace_clasp', 'set_stone', 'other')`),
    check('repair_work_lines_price_check', sql`${t.priceCents} >= 0`),
    tenantPolicy(t.shopId),
  ],
);
