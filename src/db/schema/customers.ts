import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, shops, tenantPolicy, updatedAt } from './tenancy.js';

export const channels = ['email', 'sms', 'whatsapp'] as const;
export type Channel = (typeof channels)[number];

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
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
    unique('customers_shop_id_id_unique').on(t.shopId, t.id),
    index('customers_shop_name_idx').on(t.shopId, t.name),
    check('customers_channel_known', sql`${t.preferredChannel} in ('email', 'sms', 'whatsapp')`),
    check('customers_phone_e164', sql`${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
    tenantPolicy(t.shopId),
  ],
);
