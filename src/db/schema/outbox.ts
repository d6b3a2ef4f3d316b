import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { jobs } from './jobs.js';
import { outboxDeliveryColumns } from './notifications.js';
import { createdAt, shops, tenantPolicy } from './tenancy.js';

/** `cancelled`: a message waiting out its undo window whose cause was undone (the job left the ready stage). */
export const outboxStatuses = ['pending', 'sending', 'sent', 'skipped', 'dead', 'cancelled'] as const;

/**
 * Events written in the same transaction as the change they announce; a sender delivers them later.
 * The idempotency key names the cause (one stage move), so one cause can only ever queue one row.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
    jobKind: text('job_kind'),
    jobId: uuid('job_id'),
    /** The appointment a confirmation or reminder is about: its reminder is found again to move or cancel it. */
    appointmentId: uuid('appointment_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    ...outboxDeliveryColumns,
  },
  (t) => [
    primaryKey({ name: 'outbox_pkey', columns: [t.shopId, t.id] }),
    uniqueIndex('outbox_idempotency_key_unique').on(t.shopId, t.idempotencyKey),
    index('outbox_pending_idx').on(t.availableAt).where(sql`${t.status} = 'pending'`),
    foreignKey({ name: 'outbox_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    index('outbox_job_idx').on(t.jobId),
    index('outbox_appointment_idx').on(t.appointmentId).where(sql`${t.appointmentId} is not null`),
    check('outbox_status_known', sql`${t.status} in ('pending', 'sending', 'sent', 'skipped', 'dead', 'cancelled')`),
    index('outbox_sending_lease_idx').on(t.leaseUntil).where(sql`${t.status} = 'sending'`),
    tenantPolicy(t.shopId),
  ],
);

/**
 * Files a queued message carries (a passport's certificate), written with the message in one
 * transaction; the channels that can carry files (e-mail) attach them. Kept as base64 text: the same
 * on both drivers.
 */
export const outboxAttachments = pgTable(
  'outbox_attachments',
  {
    shopId: uuid('shop_id').notNull(),
    outboxId: uuid('outbox_id').notNull(),
    position: integer('position').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    contentBase64: text('content_base64').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.outboxId, t.position] }),
    foreignKey({ name: 'outbox_attachments_outbox_fk', columns: [t.shopId, t.outboxId], foreignColumns: [outbox.shopId, outbox.id] }).onDelete('cascade'),
    tenantPolicy(t.shopId),
  ],
);
