import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops, tenantPolicy } from './tenancy.js';

/**
 * One row per `Idempotency-Key` a shop's staff sent with a write: claimed before the write runs,
 * then holding its answer, so the same key and body within 24 hours answers the first result.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** The method, path and body the key was first used with. */
    fingerprint: text('fingerprint').notNull(),
    /** Null while the first request is still being answered. */
    status: integer('status'),
    contentType: text('content_type'),
    body: text('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.key] }), tenantPolicy(t.shopId)],
);
