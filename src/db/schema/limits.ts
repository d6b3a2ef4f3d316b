import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Budgets of attempts (sign-ins, sign-ups, tracking look-ups) shared by every Loupe process on one
 * database: one row per key and window, its points taken in one atomic upsert. Not a shop's data:
 * keys name addresses and accounts, and only the schema owner reads or writes them.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    points: integer('points').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_expires_idx').on(t.expiresAt)],
);
