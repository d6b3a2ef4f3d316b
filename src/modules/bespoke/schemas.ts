import { z } from 'zod';
import { bespokeStages } from '../../domain/bespoke-pipeline.js';
import { cents, id, isoDate, nonBlank, optionalText } from '../../http/schemas.js';
import { jobBase } from '../pipeline/schemas.js';

const editable = {
  title: nonBlank(200),
  customerId: id,
  jewelleryType: optionalText(60),
  description: optionalText(10_000),
  dueDate: isoDate.nullish(),
  quotedCents: cents.nullish(),
  finalCents: cents.nullish(),
  budgetCents: cents.nullish(),
  metal: optionalText(120),
  stones: optionalText(500),
  notes: optionalText(10_000),
};

export const createBody = z.object(editable);

export const patchBody = z.object(editable).partial().strict();

export const job = jobBase(bespokeStages).extend({
  jewelleryType: z.string().nullable(),
  metal: z.string().nullable(),
  stones: z.string().nullable(),
  budgetCents: cents.nullable(),
});

export const moveAnswer = z.object({ job, moved: z.boolean() });

export type CreateInput = z.infer<typeof createBody>;
export type PatchInput = z.infer<typeof patchBody>;
