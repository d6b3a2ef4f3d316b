import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from './customers.js';
import { jobs, money } from './jobs.js';
import { createdAt, shops, tenantPolicy, users } from './tenancy.js';

export const paymentKinds = ['deposit', 'payment', 'refund'] as const;

/** Money taken or given back. Amounts are positive; `kind` says which way it went. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').notNull().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    jobId: uuid('job_id'),
    kind: text('kind', { enum: paymentKinds }).notNull(),
    amountCents: money('amount_cents').notNull(),
    method: text('method'),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
    /** A payment taken in error is voided, never deleted: it stays in the list and stops counting. */
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidedBy: uuid('voided_by'),
    voidReason: text('void_reason'),
  },
  (t) => [
    foreignKey({ name: 'payments_voided_by_fk', columns: [t.shopId, t.voidedBy], foreignColumns: [users.shopId, users.id] }),
    foreignKey({ name: 'payments_recorded_by_fk', columns: [t.shopId, t.recordedBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'payments_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'payments_customer_fk', columns: [t.shopId, t.customerId], foreignColumns: [customers.shopId, customers.id] }),
    foreignKey({ name: 'payments_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    index('payments_job_idx').on(t.jobId),
    index('payments_customer_idx').on(t.shopId, t.customerId),
    // The reports read a shop's ledger by period.
    index('payments_shop_created_idx').on(t.shopId, t.createdAt),
    check('payments_kind_known', sql`${t.kind} in ('deposit', 'payment', 'refund')`),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
    check('payments_void_explained', sql`(${t.voidedAt} is null) = (${t.voidReason} is null)`),
    tenantPolicy(t.shopId),
  ],
);

export const comments = pgTable(
  'comments',
  {
    id: uuid('id').notNull().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id').notNull(),
    authorId: uuid('author_id'),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'comments_author_id_fk', columns: [t.shopId, t.authorId], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'comments_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'comments_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    index('comments_job_idx').on(t.jobId, t.seq),
    check('comments_body_present', sql`length(btrim(${t.body})) > 0`),
    tenantPolicy(t.shopId),
  ],
);
