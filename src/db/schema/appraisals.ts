import { sql } from 'drizzle-orm';
import { check, date, numeric, pgTable, text } from 'drizzle-orm/pg-core';
import { appraisalItemTypes, appraisalPurposes } from '../../domain/appraisal-pipeline.js';
import { detailLineConstraints, detailLineKey, detailsConstraints, detailsKey, money } from './jobs.js';
import { createdAt } from './tenancy.js';

const quoted = (words: readonly string[]) => sql.raw(words.map((w) => `'${w}'`).join(', '));

/** What an appraisal adds to a job: the piece as examined, what the valuation is for, and its outcome. */
export const appraisalDetails = pgTable(
  'appraisal_details',
  {
    ...detailsKey(),
    itemType: text('item_type').notNull(),
    metal: text('metal'),
    hallmarks: text('hallmarks'),
    /** Grams to the milligram, as weighed on the bench. */
    weightGrams: numeric('weight_grams', { precision: 10, scale: 3, mode: 'number' }),
    purpose: text('purpose', { enum: appraisalPurposes }).notNull().default('insurance_replacement'),
    replacementValueCents: money('replacement_value_cents'),
    valuer: text('valuer'),
    valuationDate: date('valuation_date', { mode: 'string' }),
  },
  (t) => [
    ...detailsConstraints('appraisal_details', t),
    check('appraisal_details_item_type_known', sql`${t.itemType} in (${quoted(appraisalItemTypes)})`),
    check('appraisal_details_purpose_known', sql`${t.purpose} in (${quoted(appraisalPurposes)})`),
    check('appraisal_details_weight_check', sql`coalesce(${t.weightGrams}, 0) >= 0`),
    check('appraisal_details_value_check', sql`coalesce(${t.replacementValueCents}, 0) >= 0`),
  ],
);

/** The stones of an appraised piece, one row each, in the order the report lists them. */
export const appraisalStones = pgTable(
  'appraisal_stones',
  {
    ...detailLineKey(),
    kind: text('kind').notNull(),
    shape: text('shape'),
    carat: numeric('carat', { precision: 8, scale: 3, mode: 'number' }),
    colour: text('colour'),
    clarity: text('clarity'),
    measurements: text('measurements'),
    certificateLab: text('certificate_lab'),
    certificateNumber: text('certificate_number'),
    createdAt: createdAt(),
  },
  (t) => [
    ...detailLineConstraints('appraisal_stones', 'appraisal_stones_appraisal_fk', t, appraisalDetails),
    check('appraisal_stones_carat_check', sql`coalesce(${t.carat}, 0) >= 0`),
  ],
);
