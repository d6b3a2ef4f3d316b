import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, check, date, foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { PipelineDefinition } from '../../domain/pipeline.js';
import { allStages } from '../../domain/pipeline.js';
import { customers } from './customers.js';
import { createdAt, shops, tenantPolicy, updatedAt, users } from './tenancy.js';

/** `stage in ('enquiry', ...)`: the database refuses any other word, whatever the code does. */
export function stageCheck(p: PipelineDefinition, column: AnyPgColumn, nullable = false): SQL {
  const words = sql.raw(
    allStages(p)
      .map((s) => `'${s}'`)
      .join(', '),
  );
  return nullable ? sql`${column} is null or ${column} in (${words})` : sql`${column} in (${words})`;
}

export const money = (name: string) => bigint(name, { mode: 'number' });

/** The columns every pipeline's jobs share; the pipeline engine reads and writes only these. */
export function pipelineJobColumns() {
  return {
    id: uuid('id').primaryKey().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    customerId: uuid('customer_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    notes: text('notes'),
    dueDate: date('due_date', { mode: 'string' }),
    quotedCents: money('quoted_cents'),
    finalCents: money('final_cents'),
    stage: text('stage').notNull(),
    /** The stage a job on hold was in: it shows that stage's progress and goes back to it. */
    heldFromStage: text('held_from_stage'),
    trackingCode: text('tracking_code').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
  };
}

type JobColumns = ReturnType<typeof pipelineJobColumns>;
type JobTableColumns = { [K in keyof JobColumns]: AnyPgColumn };

export function pipelineJobConstraints(p: PipelineDefinition, name: string, t: JobTableColumns) {
  return [
    uniqueIndex(`${name}_shop_reference_unique`).on(t.shopId, t.reference),
    unique(`${name}_shop_id_id_unique`).on(t.shopId, t.id),
    uniqueIndex(`${name}_tracking_code_unique`).on(t.trackingCode),
    index(`${name}_shop_stage_idx`).on(t.shopId, t.stage),
    index(`${name}_customer_idx`).on(t.shopId, t.customerId),
    foreignKey({ name: `${name}_customer_fk`, columns: [t.shopId, t.customerId], foreignColumns: [customers.shopId, customers.id] }),
    check(`${name}_stage_check`, stageCheck(p, t.stage)),
    check(`${name}_held_from_stage_check`, stageCheck(p, t.heldFromStage, true)),
    check(`${name}_money_check`, sql`coalesce(${t.quotedCents}, 0) >= 0 and coalesce(${t.finalCents}, 0) >= 0`),
    tenantPolicy(t.shopId),
  ];
}

/** One row per stage entered: `{ stage, fromStage, actor, at, note }`. */
export function pipelineHistoryTable(p: PipelineDefinition, name: string, jobs: { shopId: AnyPgColumn; id: AnyPgColumn }) {
  return pgTable(
    name,
    {
      id: uuid('id').primaryKey().defaultRandom(),
      /** Insertion order: two moves in the same millisecond still read back in the order they landed. */
      seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
      shopId: uuid('shop_id').notNull(),
      jobId: uuid('job_id').notNull(),
      stage: text('stage').notNull(),
      fromStage: text('from_stage'),
      actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
      /** Who moved it when no staff member did (a customer approving online, the system). */
      actorLabel: text('actor_label'),
      note: text('note'),
      at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [
      foreignKey({ name: `${name}_job_fk`, columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
      index(`${name}_job_idx`).on(t.jobId, t.seq),
      check(`${name}_stage_check`, stageCheck(p, t.stage)),
      check(`${name}_from_stage_check`, stageCheck(p, t.fromStage, true)),
      tenantPolicy(t.shopId),
    ],
  );
}

/**
 * The pipeline engine's view of any pipeline's jobs table: only the shared columns, so one typed
 * piece of code moves bespoke and repair jobs alike. Not exported as schema: the real tables are.
 */
export const pipelineJobCore = (name: string) => pgTable(name, pipelineJobColumns());
export type PipelineJobCore = ReturnType<typeof pipelineJobCore>;
export type PipelineHistoryTable = ReturnType<typeof pipelineHistoryTable>;
