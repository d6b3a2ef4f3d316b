import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgPolicy,
  pgRole,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The role every tenant transaction runs as; row-level security applies to it, not to the owner. */
export const appRole = pgRole('loupe_app').existing();

// An unset setting reads back as '' on a reused connection: no tenant, so no rows (not a cast error).
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

/** Rows of this table are visible to, and writable by, their own shop only. */
export const tenantPolicy = (shopId: { name: string }) =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`${sql.identifier(shopId.name)} = ${currentTenant}`,
    withCheck: sql`${sql.identifier(shopId.name)} = ${currentTenant}`,
  });

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const shops = pgTable(
  'shops',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    timeZone: text('time_zone').notNull(),
    locale: text('locale').notNull(),
    country: text('country').notNull(),
    /** How customers reach the shop: shown on the tracking page and the take-in slip. */
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    address: text('address'),
    openingHours: text('opening_hours'),
    logoUrl: text('logo_url'),
    /** The uploaded logo's file (a PNG Loupe made from the upload); when set, `logo_url` is its public address. */
    logoKey: text('logo_key'),
    /** The shop's name in its public addresses (`/enquire/<slug>`); set by a trigger from the name when a shop is made. */
    slug: text('slug'),
    /** The shop keeps its figures out of the network benchmark (and then sees none). */
    benchmarkOptOut: boolean('benchmark_opt_out').notNull().default(false),
    /** Each morning the owner is e-mailed the memo items past their due-back date. */
    memoOverdueEmail: boolean('memo_overdue_email').notNull().default(false),
    /** Where that morning e-mail goes; none means the shop's first owner. */
    memoOverdueTo: text('memo_overdue_to'),
    createdAt: createdAt(),
  },
  (t) => [
    check('shops_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    uniqueIndex('shops_slug_unique').on(t.slug),
    check('shops_slug_shape', sql`${t.slug} ~ '^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$'`),
    check('shops_locale_known', sql`${t.locale} in ('en-GB', 'en-AU', 'en-US')`),
    check('shops_country_iso', sql`${t.country} ~ '^[A-Z]{2}$'`),
    tenantPolicy(t.id),
  ],
);

export const staffRoles = ['owner', 'manager', 'staff'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: staffRoles }).notNull(),
    createdAt: createdAt(),
    /** Set when an owner lets the member go: they cannot sign in, and their sessions are gone. Kept for history's names. */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    unique('users_shop_id_id_unique').on(t.shopId, t.id),
    check('users_role_known', sql`${t.role} in ('owner', 'manager', 'staff')`),
    tenantPolicy(t.shopId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token: a database leak does not hand out live sessions. */
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    foreignKey({ name: 'sessions_user_id_fk', columns: [t.shopId, t.userId], foreignColumns: [users.shopId, users.id] }).onDelete('cascade'),
    tenantPolicy(t.shopId),
  ],
);

/**
 * An owner's or manager's invitation to join the staff: one e-mail, one link. Only the SHA-256 of the
 * link's token is kept (it is made when the e-mail is sent), so neither the database nor the delivery
 * log holds a live link. Accepted once, or not after it expires.
 */
export const staffInvites = pgTable(
  'staff_invites',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: staffRoles }).notNull(),
    invitedBy: uuid('invited_by'),
    tokenHash: text('token_hash'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** Set when an owner withdraws the invitation before it is used. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({ name: 'staff_invites_invited_by_fk', columns: [t.shopId, t.invitedBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ columns: [t.shopId, t.id] }),
    // The link carries its token alone; a SHA-256 of random bytes is unique without a key.
    index('staff_invites_token_idx').on(t.tokenHash),
    check('staff_invites_role_known', sql`${t.role} in ('owner', 'manager', 'staff')`),
    tenantPolicy(t.shopId),
  ],
);

/** Per-shop counters for human references (B-0042). The upsert's row lock serialises one shop's numbering. */
export const shopCounters = pgTable(
  'shop_counters',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.kind] }), tenantPolicy(t.shopId)],
);
