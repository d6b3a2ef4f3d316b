import { bigint, pgTable, primaryKey, smallint, uuid } from 'drizzle-orm/pg-core';
import { tenantPolicy } from './tenancy.js';

/**
 * How many times what a board card shows has changed in a shop (a move, an edit, a payment or void,
 * a photo, a customer's name), counted by triggers in the transaction of each change: the board's
 * ETag is the sum. A shop has one row per `slot` (its connection's pid modulo a few), so moves on
 * different connections do not queue on one row; the sum still grows with every committed change.
 * No foreign key to `shops`: a shop's deletion cascades into rows whose triggers count here, and the
 * check would refuse the count of a shop being deleted.
 */
export const shopChanges = pgTable(
  'shop_changes',
  {
    shopId: uuid('shop_id').notNull(),
    slot: smallint('slot').notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'shop_changes_pkey', columns: [t.shopId, t.slot] }), tenantPolicy(t.shopId)],
);
