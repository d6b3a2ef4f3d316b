import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, shops, tenantPolicy, updatedAt } from './tenancy.js';

export const calendarProviders = ['caldav', 'google'] as const;
export type CalendarProviderName = (typeof calendarProviders)[number];

/**
 * Where a shop pushes its calendar: one row per provider. `target` is the CalDAV calendar's URL or
 * the Google calendar's id; `account` the CalDAV user name (or the Google account's address);
 * `secret_sealed` the app password or the refresh token, sealed with the server's key.
 */
export const calendarConnections = pgTable(
  'calendar_connections',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: calendarProviders }).notNull(),
    /** `connecting`: a Google consent under way (no token yet); `active`: changes are pushed; `revoked`: the grant was withdrawn. */
    state: text('state', { enum: ['connecting', 'active', 'revoked'] }).notNull(),
    target: text('target'),
    account: text('account'),
    secretSealed: text('secret_sealed'),
    /** SHA-256 of the OAuth `state` handed to Google with the consent screen. */
    oauthStateHash: text('oauth_state_hash'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    lastError: text('last_error'),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'calendar_connections_pk', columns: [t.shopId, t.provider] }),
    check('calendar_connections_provider_known', sql`${t.provider} in ('caldav', 'google')`),
    check('calendar_connections_state_known', sql`${t.state} in ('connecting', 'active', 'revoked')`),
    tenantPolicy(t.shopId),
  ],
);

export const syncSubjects = ['job', 'appointment'] as const;
export type SyncSubjectKind = (typeof syncSubjects)[number];

/**
 * The calendar outbox: one row per provider and Loupe record, written in the transaction that changed
 * the record. It says "make the remote event match this record now", so a change while a push is under
 * way bumps `generation`, and the sender only marks the row done if it pushed the generation it claimed.
 */
export const calendarSyncQueue = pgTable(
  'calendar_sync_queue',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: calendarProviders }).notNull(),
    subjectKind: text('subject_kind', { enum: syncSubjects }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'done', 'dead'] })
      .notNull()
      .default('pending'),
    generation: bigint('generation', { mode: 'number' }).notNull().default(1),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    claimedBy: text('claimed_by'),
    claimedGeneration: bigint('claimed_generation', { mode: 'number' }),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** What the last push did: `put` or `delete`. */
    lastAction: text('last_action'),
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'calendar_sync_queue_pk', columns: [t.shopId, t.provider, t.subjectKind, t.subjectId] }),
    index('calendar_sync_queue_due_idx').on(t.availableAt).where(sql`${t.status} = 'pending'`),
    index('calendar_sync_queue_lease_idx').on(t.leaseUntil).where(sql`${t.status} = 'sending'`),
    check('calendar_sync_queue_status_known', sql`${t.status} in ('pending', 'sending', 'done', 'dead')`),
    check('calendar_sync_queue_subject_known', sql`${t.subjectKind} in ('job', 'appointment')`),
    tenantPolicy(t.shopId),
  ],
);
