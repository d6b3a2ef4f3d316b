import { pgTable, text } from 'drizzle-orm/pg-core';
import { detailsConstraints, detailsKey, money } from './jobs.js';

/** What bespoke work adds to a job: the piece's type, metal, stones and the customer's budget. */
export const bespokeDetails = pgTable(
  'bespoke_details',
  {
    ...detailsKey(),
    jewelleryType: text('jewellery_type'),
    budgetCents: money('budget_cents'),
    metal: text('metal'),
    stones: text('stones'),
  },
  (t) => detailsConstraints('bespoke_details', t),
);
