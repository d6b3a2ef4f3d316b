import { sql } from 'drizzle-orm';
import { bigint, boolean, check, pgTable, text } from 'drizzle-orm/pg-core';
import { detailLineConstraints, detailLineKey, detailsConstraints, detailsKey, money } from './jobs.js';
import { createdAt } from './tenancy.js';

/** What a repair adds to a job: the item handed over, its condition and value, and whether it is rush work. */
export const repairDetails = pgTable(
  'repair_details',
  {
    ...detailsKey(),
    itemType: text('item_type').notNull(),
    /** What the customer handed over and its state: existing scratches, missing stones, stamped metal. */
    conditionNotes: text('condition_notes'),
    declaredValueCents: money('declared_value_cents'),
    rush: boolean('rush').notNull().default(false),
  },
  (t) => [
    ...detailsConstraints('repair_details', t),
    check('repair_details_item_type_known', sql`${t.itemType} in ('ring', 'necklace', 'bracelet', 'earrings', 'watch', 'brooch', 'other')`),
    check('repair_details_declared_value_check', sql`coalesce(${t.declaredValueCents}, 0) >= 0`),
  ],
);

/** The work asked for, a line each with its price; the job's estimate (quoted_cents) is their sum. */
export const repairWorkLines = pgTable(
  'repair_work_lines',
  {
    ...detailLineKey(),
    kind: text('kind').notNull(),
    description: text('description'),
    priceCents: bigint('price_cents', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    ...detailLineConstraints('repair_work_lines', 'repair_work_lines_repair_fk', t, repairDetails),
    check('repair_work_lines_kind_known', sql`${t.kind} in ('resize', 'solder', 're_tip', 're_string', 'polish', 'replace_clasp', 'set_stone', 'other')`),
    check('repair_work_lines_price_check', sql`${t.priceCents} >= 0`),
  ],
);
