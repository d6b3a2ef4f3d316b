import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { jobs } from './jobs.js';
import { createdAt, shops, tenantPolicy, updatedAt, users } from './tenancy.js';

export const trackingVerifiers = ['surname', 'postcode'] as const;
export type TrackingVerifier = (typeof trackingVerifiers)[number];

/** What a shop's public tracking page asks and shows. A shop without a row gets the defaults. */
export const trackingSettings = pgTable(
  'tracking_settings',
  {
    shopId: uuid('shop_id')
      .primaryKey()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** What a customer types beside the reference at /track. */
    verifier: text('verifier', { enum: trackingVerifiers }).notNull().default('surname'),
    showBalance: boolean('show_balance').notNull().default(true),
    /** Whether a customer's approval moves the job from approval to setting by itself. */
    approvalAdvances: boolean('approval_advances').notNull().default(false),
    terms: text('terms'),
    updatedAt: updatedAt(),
  },
  (t) => [check('tracking_settings_verifier_known', sql`${t.verifier} in ('surname', 'postcode')`), tenantPolicy(t.shopId)],
);

export const designDecisions = ['approved', 'changes_requested'] as const;
export type DesignDecision = (typeof designDecisions)[number];

/**
 * A customer's decision on one version of the renders: the set of customer-visible files they were
 * shown. `renders_key` names that set, so each version keeps exactly one decision in each round.
 */
export const designReviews = pgTable(
  'design_reviews',
  {
    id: uuid('id').notNull().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id').notNull(),
    attachmentIds: uuid('attachment_ids').array().notNull(),
    rendersKey: text('renders_key').notNull(),
    /**
     * The job's arrival at the review stage this decision was made in (its history row). The same renders
     * sent again after the job went back and returned are a new round, which the customer can decide anew.
     */
    roundId: uuid('round_id').notNull(),
    decision: text('decision', { enum: designDecisions }).notNull(),
    comment: text('comment'),
    /** Who decided: there is no account behind a tracking link, only whoever holds it. */
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'design_reviews_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'design_reviews_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    uniqueIndex('design_reviews_job_round_version_unique').on(t.shopId, t.jobId, t.roundId, t.rendersKey),
    index('design_reviews_job_seq_idx').on(t.jobId, t.seq),
    check('design_reviews_decision_known', sql`${t.decision} in ('approved', 'changes_requested')`),
    check('design_reviews_comment_length', sql`length(${t.comment}) <= 2000`),
    check('design_reviews_change_has_comment', sql`${t.decision} <> 'changes_requested' or length(btrim(${t.comment})) > 0`),
    tenantPolicy(t.shopId),
  ],
);

export const messageDirections = ['from_customer', 'from_staff'] as const;
export type MessageDirection = (typeof messageDirections)[number];

/**
 * Short messages between a customer (from the tracking page) and the shop (answered on the customer's
 * channel), on a job of any pipeline.
 */
export const jobMessages = pgTable(
  'job_messages',
  {
    id: uuid('id').notNull().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id').notNull(),
    direction: text('direction', { enum: messageDirections }).notNull(),
    body: text('body').notNull(),
    authorId: uuid('author_id'),
    /** When staff first read a customer's message; null while it is unread. Staff messages are born read. */
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'job_messages_author_id_fk', columns: [t.shopId, t.authorId], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'job_messages_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'job_messages_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    index('job_messages_job_seq_idx').on(t.jobId, t.seq),
    index('job_messages_job_unread_idx').on(t.shopId, t.jobId).where(sql`${t.readAt} is null`),
    check('job_messages_direction_known', sql`${t.direction} in ('from_customer', 'from_staff')`),
    check('job_messages_body_length', sql`length(btrim(${t.body})) between 1 and 2000`),
    tenantPolicy(t.shopId),
  ],
);
