import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from './customers.js';
import { jobs } from './jobs.js';
import { createdAt, shops, tenantPolicy, updatedAt, users } from './tenancy.js';

export const appointmentKinds = ['consultation', 'fitting', 'collection', 'valuation'] as const;
export type AppointmentKind = (typeof appointmentKinds)[number];

/** A timed meeting with a customer: optionally about one job, optionally with one member of staff. */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: appointmentKinds }).notNull(),
    customerId: uuid('customer_id').notNull(),
    jobId: uuid('job_id'),
    staffId: uuid('staff_id'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    note: text('note'),
    /** The customer is reminded of it the day before on their channel (a reminder in the outbox, moved with it). */
    remindCustomer: boolean('remind_customer').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: 'appointments_created_by_fk', columns: [t.shopId, t.createdBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'appointments_pkey', columns: [t.shopId, t.id] }),
    index('appointments_shop_starts_idx').on(t.shopId, t.startsAt),
    index('appointments_shop_staff_idx').on(t.shopId, t.staffId, t.startsAt),
    foreignKey({ name: 'appointments_customer_fk', columns: [t.shopId, t.customerId], foreignColumns: [customers.shopId, customers.id] }).onDelete('cascade'),
    // A job's appointment goes with the job; a member of staff let go keeps their name on history, so no cascade there.
    foreignKey({ name: 'appointments_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    foreignKey({ name: 'appointments_staff_fk', columns: [t.shopId, t.staffId], foreignColumns: [users.shopId, users.id] }),
    check('appointments_kind_known', sql`${t.kind} in ('consultation', 'fitting', 'collection', 'valuation')`),
    check('appointments_duration_check', sql`${t.durationMinutes} between 5 and 720`),
    tenantPolicy(t.shopId),
  ],
);

/**
 * A member of staff's secret calendar feed (`/cal/<token>.ics`): only the token's SHA-256 is kept,
 * so a database leak hands out no feed. Revoking sets `revoked_at`; a new token is a new row.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** What the feed includes: every pipeline's due dates, appointments, and whether only the member's own appointments. */
    includeJobs: boolean('include_jobs').notNull().default(true),
    includeAppointments: boolean('include_appointments').notNull().default(true),
    onlyMine: boolean('only_mine').notNull().default(false),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'calendar_feeds_pkey', columns: [t.shopId, t.id] }),
    // The feed's address carries its token alone; a SHA-256 of 16 random bytes is unique without a key.
    index('calendar_feeds_token_hash_idx').on(t.tokenHash),
    // One live feed per member of staff.
    uniqueIndex('calendar_feeds_one_live_per_user').on(t.shopId, t.userId).where(sql`${t.revokedAt} is null`),
    foreignKey({ name: 'calendar_feeds_user_fk', columns: [t.shopId, t.userId], foreignColumns: [users.shopId, users.id] }).onDelete('cascade'),
    tenantPolicy(t.shopId),
  ],
);
