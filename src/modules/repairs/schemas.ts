import { z } from 'zod';
import { MAX_MONEY_CENTS } from '../../domain/money.js';
import { estimateOf, repairItemTypes, repairStages, repairWorkKinds } from '../../domain/repair-pipeline.js';
import { cents, id, isoDate, optionalText } from '../../http/schemas.js';
import { jobBase } from '../pipeline/schemas.js';

export const workLine = z.object({
  kind: z.enum(repairWorkKinds),
  description: optionalText(300),
  priceCents: cents,
});

const workLines = z
  .array(workLine)
  .max(30)
  // The estimate is their sum, and an amount like any other; judged once every line is itself valid.
  .refine((lines) => estimateOf(lines) <= MAX_MONEY_CENTS, {
    message: 'The lines add up to more than the largest amount',
    when: (payload) => payload.issues.length === 0,
  });

const editable = {
  customerId: id,
  itemType: z.enum(repairItemTypes),
  title: z.string().trim().max(200).optional(),
  description: optionalText(10_000),
  workLines: workLines.min(1, 'At least one line of work'),
  conditionNotes: optionalText(5_000),
  declaredValueCents: cents.nullish(),
  dueDate: isoDate.nullish(),
  finalCents: cents.nullish(),
  rush: z.boolean().optional(),
  notes: optionalText(10_000),
};

export const createBody = z.object(editable);
/** A repair asked for on the website: the piece is not seen yet, so its type is "other" and its work lines come when it does. */
export const fromEnquiryBody = createBody.extend({ itemType: editable.itemType.default('other'), workLines: workLines.default([]) });
export const patchBody = z.object(editable).partial().strict();

export const job = jobBase(repairStages).extend({
  itemType: z.enum(repairItemTypes),
  workLines: z.array(workLine.extend({ description: z.string().nullable() })),
  conditionNotes: z.string().nullable(),
  declaredValueCents: cents.nullable(),
  rush: z.boolean(),
});

export type CreateInput = z.infer<typeof createBody>;
export type PatchInput = z.infer<typeof patchBody>;
