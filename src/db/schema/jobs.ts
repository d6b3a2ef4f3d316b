import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { allStages, type PipelineDefinition } from '../../domain/pipeline.js';
import { allPipelines, jobKinds } from '../../domain/pipelines.js';
import { customers } from './customers.js';
import { createdAt, shops, tenantPolicy, updatedAt, users } from './tenancy.js';

const quoted = (words: readonly string[]) => sql.raw(words.map((w) => `'${w}'`).join(', '));

/**
 * `(kind = 'bespoke' and stage in (...)) or (kind = 'repair' and stage in (...))`, generated from the
 * pipelines' definitions: the database refuses any word that is not a stage of the row's pipeline.
 */
export function kindStageCheck(kind: AnyPgColumn, stage: AnyPgColumn, nullable = false): SQL {
  const perKind = allPipelines.map((p) => sql`(${kind} = '${sql.raw(p.kind)}' and ${stage} in (${quoted(allStages(p))}))`);
  const any = sql.join(perKind, sql` or `);
  return nullable ? sql`${stage} is null or ${any}` : any;
}

/**
 * `kind = 'bespoke' and stage not in ('collected', 'cancelled')`: one pipeline's jobs on its active
 * board. The board's query says it in these words, the predicate of its index `jobs_board_<kind>_idx`
 * (written in migration 0032: Drizzle cannot declare its INCLUDE columns), so PostgreSQL matches them.
 */
export const activeOfKind = (p: PipelineDefinition, kind: AnyPgColumn | SQL, stage: AnyPgColumn | SQL): SQL =>
  p.archived.length > 0 ? sql`${kind} = '${sql.raw(p.kind)}' and ${stage} not in (${quoted(p.archived)})` : sql`${kind} = '${sql.raw(p.kind)}'`;

export const kindCheck = (kind: AnyPgColumn) => sql`${kind} in (${quoted(jobKinds)})`;

export const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * Every job of every pipeline: the columns the pipeline engine reads and writes. What only one
 * pipeline has lives in its details table, keyed by (shop_id, job_id).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
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
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The job's payments summed, voided ones left out: kept by a trigger on `payments` in the
     * transaction of each payment and void, so no read sums the ledger (the board reads thousands).
     */
    depositCents: money('deposit_cents').notNull().default(0),
    /** Taken less refunded. */
    paidCents: money('paid_cents').notNull().default(0),
    refundedCents: money('refunded_cents').notNull().default(0),
    /** The latest photo (not a PDF), kept by a trigger on `attachments`: the card's thumbnail. */
    photoId: uuid('photo_id'),
    /**
     * The customer's name, kept by triggers (from `customers` when the job is made or given to another
     * customer, and when the customer is renamed): a board card is read from the job row alone. The
     * default only lets the column be added and a row be written without it; the trigger overwrites it.
     */
    customerName: text('customer_name').notNull().default(''),
  },
  (t) => [
    foreignKey({ name: 'jobs_created_by_fk', columns: [t.shopId, t.createdBy], foreignColumns: [users.shopId, users.id] }),
    uniqueIndex('jobs_shop_reference_unique').on(t.shopId, t.reference),
    primaryKey({ name: 'jobs_pkey', columns: [t.shopId, t.id] }),
    // What history and files point at, so their stage words are checked against the job's own pipeline.
    unique('jobs_shop_id_id_kind_unique').on(t.shopId, t.id, t.kind),
    // The public tracking page is handed the code alone; 18 random bytes keep it unique without a key.
    index('jobs_tracking_code_idx').on(t.trackingCode),
    index('jobs_shop_kind_stage_idx').on(t.shopId, t.kind, t.stage),
    index('jobs_shop_due_idx').on(t.shopId, t.dueDate),
    index('jobs_customer_idx').on(t.shopId, t.customerId),
    foreignKey({ name: 'jobs_customer_fk', columns: [t.shopId, t.customerId], foreignColumns: [customers.shopId, customers.id] }),
    check('jobs_kind_known', kindCheck(t.kind)),
    check('jobs_stage_check', kindStageCheck(t.kind, t.stage)),
    check('jobs_held_from_stage_check', kindStageCheck(t.kind, t.heldFromStage, true)),
    check('jobs_money_check', sql`coalesce(${t.quotedCents}, 0) >= 0 and coalesce(${t.finalCents}, 0) >= 0`),
    tenantPolicy(t.shopId),
  ],
);

/** One row per stage entered: `{ stage, fromStage, actor, at, note }`. */
export const jobStages = pgTable(
  'job_stages',
  {
    id: uuid('id').notNull().defaultRandom(),
    /** Insertion order: two moves in the same millisecond still read back in the order they landed. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopId: uuid('shop_id').notNull(),
    jobId: uuid('job_id').notNull(),
    /** The job's pipeline, held by the foreign key to the job: the stage words are checked against it. */
    kind: text('kind').notNull(),
    stage: text('stage').notNull(),
    fromStage: text('from_stage'),
    actorId: uuid('actor_id'),
    /** Who moved it when no staff member did (a customer approving online, the system). */
    actorLabel: text('actor_label'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'job_stages_actor_id_fk', columns: [t.shopId, t.actorId], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'job_stages_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'job_stages_job_fk', columns: [t.shopId, t.jobId, t.kind], foreignColumns: [jobs.shopId, jobs.id, jobs.kind] }).onDelete('cascade'),
    index('job_stages_job_idx').on(t.jobId, t.seq),
    // The reports read a shop's history by period.
    index('job_stages_shop_at_idx').on(t.shopId, t.at),
    check('job_stages_stage_check', kindStageCheck(t.kind, t.stage)),
    check('job_stages_from_stage_check', kindStageCheck(t.kind, t.fromStage, true)),
    tenantPolicy(t.shopId),
  ],
);

/** A pipeline's details table's key: one row per job, gone with it. */
export function detailsKey() {
  return {
    shopId: uuid('shop_id').notNull(),
    jobId: uuid('job_id').notNull(),
  };
}

export function detailsConstraints(name: string, t: { shopId: AnyPgColumn; jobId: AnyPgColumn }) {
  return [
    primaryKey({ name: `${name}_pkey`, columns: [t.shopId, t.jobId] }),
    foreignKey({ name: `${name}_job_fk`, columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    tenantPolicy(t.shopId),
  ];
}

/** The columns every line of a job's details starts with (a repair's work, an appraisal's stones): its place in the list. */
export const detailLineKey = () => ({
  id: uuid('id').notNull().defaultRandom(),
  shopId: uuid('shop_id')
    .notNull()
    .references(() => shops.id, { onDelete: 'cascade' }),
  jobId: uuid('job_id').notNull(),
  position: integer('position').notNull(),
});

/** Lines belong to their job's details row and go with it, read in their order, in their shop only. */
export function detailLineConstraints(
  name: string,
  fkName: string,
  t: { id: AnyPgColumn; shopId: AnyPgColumn; jobId: AnyPgColumn; position: AnyPgColumn },
  details: { shopId: AnyPgColumn; jobId: AnyPgColumn },
) {
  return [
    primaryKey({ name: `${name}_pkey`, columns: [t.shopId, t.id] }),
    foreignKey({ name: fkName, columns: [t.shopId, t.jobId], foreignColumns: [details.shopId, details.jobId] }).onDelete('cascade'),
    index(`${name}_job_position_idx`).on(t.jobId, t.position),
    tenantPolicy(t.shopId),
  ];
}
