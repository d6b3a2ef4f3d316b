import { boolean, date, doublePrecision, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jobs } from './jobs.js';
import { tenantPolicy } from './tenancy.js';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * What the reports need of each pipeline, for the SQL that keeps `report_jobs`: the stages that start
 * the clock, the ready, hold and collected stages, and the design stage with the review stage a design
 * can be sent back from (and the stages before it). Written by the migration; a test holds it to the
 * pipelines' definitions.
 */
export const reportPipelines = pgTable('report_pipelines', {
  kind: text('kind').primaryKey(),
  startStages: text('start_stages').array().notNull(),
  ready: text('ready').notNull(),
  hold: text('hold').notNull(),
  collected: text('collected'),
  designStage: text('design_stage'),
  reviewStage: text('review_stage'),
  beforeReview: text('before_review').array().notNull(),
});

/**
 * One row per job that has a history: the instants the per-job figures read, kept by a trigger on
 * `job_stages` in the same transaction as each move, so the reports and the network benchmark read
 * one row per job instead of its whole history.
 */
export const reportJobs = pgTable(
  'report_jobs',
  {
    shopId: uuid('shop_id').notNull(),
    jobId: uuid('job_id').notNull(),
    kind: text('kind').notNull(),
    /** First entry into the start stage or any main-line stage after it. */
    startAt: at('start_at'),
    /** First entry into the ready stage. */
    readyAt: at('ready_at'),
    /** Days on hold between start and first ready. */
    holdDays: doublePrecision('hold_days').notNull().default(0),
    /** First entry into the collected stage, and the last entry into ready before it. */
    collectedAt: at('collected_at'),
    shelfReadyAt: at('shelf_ready_at'),
    designEntries: integer('design_entries').notNull().default(0),
    designFirstAt: at('design_first_at'),
    wentBack: boolean('went_back').notNull().default(false),
    /** The job's due date, kept by a trigger on `jobs`: on-time reads it here rather than join every job of the shop. */
    dueDate: date('due_date'),
  },
  (t) => [
    primaryKey({ name: 'report_jobs_pkey', columns: [t.shopId, t.jobId] }),
    foreignKey({ name: 'report_jobs_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    index('report_jobs_shop_ready_idx').on(t.shopId, t.kind, t.readyAt),
    index('report_jobs_shop_collected_idx').on(t.shopId, t.kind, t.collectedAt),
    index('report_jobs_shop_design_idx').on(t.shopId, t.kind, t.designFirstAt),
    // The network benchmark reads every shop's jobs by period.
    index('report_jobs_ready_idx').on(t.kind, t.readyAt),
    index('report_jobs_collected_idx').on(t.kind, t.collectedAt),
    index('report_jobs_design_idx').on(t.kind, t.designFirstAt),
    tenantPolicy(t.shopId),
  ],
);

/** Each stay of a job in a stage (entered with one history row, left with the next), kept with report_jobs. */
export const reportStays = pgTable(
  'report_stays',
  {
    shopId: uuid('shop_id').notNull(),
    /** The history row that entered the stage. */
    entryId: uuid('entry_id').notNull(),
    jobId: uuid('job_id').notNull(),
    kind: text('kind').notNull(),
    stage: text('stage').notNull(),
    enteredAt: at('entered_at').notNull(),
    leftAt: at('left_at'),
  },
  (t) => [
    primaryKey({ name: 'report_stays_pkey', columns: [t.shopId, t.entryId] }),
    foreignKey({ name: 'report_stays_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    // report_stays_left_idx (shop_id, kind, left_at) INCLUDE (stage, entered_at) is hand-written in the migration: time in stage reads it alone.
    tenantPolicy(t.shopId),
  ],
);

/** Per day in the shop's time zone, per pipeline and stage: jobs that entered and left it. */
export const reportStageDays = pgTable(
  'report_stage_days',
  {
    shopId: uuid('shop_id').notNull(),
    kind: text('kind').notNull(),
    day: date('day').notNull(),
    stage: text('stage').notNull(),
    entered: integer('entered').notNull().default(0),
    left: integer('left').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'report_stage_days_pkey', columns: [t.shopId, t.kind, t.day, t.stage] }), tenantPolicy(t.shopId)],
);

/** Per day in the shop's time zone, per member of staff: moves made, and how many brought a job to ready. */
export const reportStaffDays = pgTable(
  'report_staff_days',
  {
    shopId: uuid('shop_id').notNull(),
    actorId: uuid('actor_id').notNull(),
    day: date('day').notNull(),
    moves: integer('moves').notNull().default(0),
    completions: integer('completions').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'report_staff_days_pkey', columns: [t.shopId, t.actorId, t.day] }), tenantPolicy(t.shopId)],
);
