import { z } from 'zod';
import { appraisalItemTypes, appraisalPurposes, appraisalStages } from '../../domain/appraisal-pipeline.js';
import { cents, id, isoDate, nonBlank, optionalText } from '../../http/schemas.js';
import { jobBase } from '../pipeline/schemas.js';

const grams = z.number().nonnegative('Must not be negative').max(100_000, 'At most 100,000');

export const stone = z.object({
  kind: nonBlank(60).describe('diamond, sapphire, pearl, …'),
  shape: optionalText(60),
  carat: z.number().nonnegative('Must not be negative').max(10_000, 'At most 10,000').nullish(),
  colour: optionalText(40),
  clarity: optionalText(40),
  measurements: optionalText(120),
  certificateLab: optionalText(60),
  certificateNumber: optionalText(60),
});

const editable = {
  customerId: id,
  itemType: z.enum(appraisalItemTypes),
  title: z.string().trim().max(200).optional(),
  description: nonBlank(10_000),
  purpose: z.enum(appraisalPurposes).optional(),
  metal: optionalText(120),
  hallmarks: optionalText(500),
  weightGrams: grams.nullish(),
  replacementValueCents: cents.nullish(),
  valuer: optionalText(120),
  valuationDate: isoDate.nullish(),
  stones: z.array(stone).max(50).optional(),
  dueDate: isoDate.nullish(),
  /** The appraisal fee. */
  quotedCents: cents.nullish(),
  finalCents: cents.nullish(),
  notes: optionalText(10_000),
};

export const createBody = z.object(editable);
/** A valuation asked for on the website: the piece is not seen yet, so its type is "other" until it comes in. */
export const fromEnquiryBody = createBody.extend({ itemType: editable.itemType.default('other') });
export const patchBody = z.object(editable).partial().strict();

const nullable = (s: z.ZodType) => s.nullable();

export const job = jobBase(appraisalStages).extend({
  itemType: z.enum(appraisalItemTypes),
  purpose: z.enum(appraisalPurposes),
  metal: z.string().nullable(),
  hallmarks: z.string().nullable(),
  weightGrams: z.number().nullable(),
  replacementValueCents: cents.nullable(),
  valuer: z.string().nullable(),
  valuationDate: z.string().nullable(),
  stones: z.array(
    z.object({
      kind: z.string(),
      shape: nullable(z.string()),
      carat: nullable(z.number()),
      colour: nullable(z.string()),
      clarity: nullable(z.string()),
      measurements: nullable(z.string()),
      certificateLab: nullable(z.string()),
      certificateNumber: nullable(z.string()),
    }),
  ),
});

export type CreateInput = z.infer<typeof createBody>;
export type PatchInput = z.infer<typeof patchBody>;
export type StoneInput = z.infer<typeof stone>;
