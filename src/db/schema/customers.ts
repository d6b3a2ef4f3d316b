import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, shops, tenantPolicy, updatedAt, users } from './tenancy.js';

export const channels = ['email', 'sms', 'whatsapp'] as const;
export type Channel = (typeof channels)[number];

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    /** E.164, normalised with the shop's country as the default region. */
    phone: text('phone'),
    preferredChannel: text('preferred_channel', { enum: channels }).notNull(),
    postcode: text('postcode'),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'customers_pkey', columns: [t.shopId, t.id] }),
    index('customers_shop_name_idx').on(t.shopId, t.name),
    check('customers_channel_known', sql`${t.preferredChannel} in ('email', 'sms', 'whatsapp')`),
    check('customers_phone_e164', sql`${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
    tenantPolicy(t.shopId),
  ],
);

/**
 * One customer record merged into another: the merged record is deleted once its jobs and payments
 * have moved, so this row keeps who it was, who merged it, when, and what moved.
 */
export const customerMerges = pgTable(
  'customer_merges',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** The merged record's id: it no longer exists, so no foreign key. */
    mergedId: uuid('merged_id').notNull(),
    mergedName: text('merged_name').notNull(),
    mergedEmail: text('merged_email'),
    mergedPhone: text('merged_phone'),
    intoId: uuid('into_id').notNull(),
    mergedBy: uuid('merged_by'),
    jobsMoved: integer('jobs_moved').notNull(),
    paymentsMoved: integer('payments_moved').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'customer_merges_merged_by_fk', columns: [t.shopId, t.mergedBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'customer_merges_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'customer_merges_into_fk', columns: [t.shopId, t.intoId], foreignColumns: [customers.shopId, customers.id] }).onDelete('cascade'),
    index('customer_merges_into_idx').on(t.shopId, t.intoId),
    tenantPolicy(t.shopId),
  ],
);
