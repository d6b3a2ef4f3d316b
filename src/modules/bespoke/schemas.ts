import { z } from 'zod';
import { bespokeStages } from '../../domain/bespoke-pipeline.js';
import { cents, id, isoDate, nonBlank, optionalText, timestamp } from '../../http/schemas.js';
import { attachment } from '../attachments/schemas.js';
import { comment, financials, notification, payment, stageEntry } from '../pipeline/schemas.js';

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

export const listQuery = z.object({
  archived: z.enum(['true', 'false', '1', '0']).optional(),
  // Checked by the pipeline, so an unknown word answers `invalid_stage` like a move does.
  stage: z.string().max(64).optional(),
  q: z.string().trim().max(200).optional(),
});

export const job = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  stage: z.enum(bespokeStages),
  stageLabel: z.string(),
  heldFromStage: z.enum(bespokeStages).nullable(),
  progress: z.number().int().min(0).max(100),
  customer: z.object({ id: z.uuid(), name: z.string() }),
  jewelleryType: z.string().nullable(),
  description: z.string().nullable(),
  notes: z.string().nullable(),
  metal: z.string().nullable(),
  stones: z.string().nullable(),
  dueDate: z.string().nullable(),
  quotedCents: cents.nullable(),
  finalCents: cents.nullable(),
  budgetCents: cents.nullable(),
  depositCents: cents,
  paidCents: z.number().int(),
  balanceOwingCents: z.number().int(),
  currency: z.string(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  stageChangedAt: timestamp,
  tracking: z.object({ code: z.string(), url: z.string() }),
  thumbnailUrl: z.string().nullable().describe('The latest photo’s thumbnail (staff session), or null'),
});

export const jobDetail = job.extend({
  stages: z.array(stageEntry),
  financials,
  attachments: z.array(attachment),
  comments: z.array(comment),
  payments: z.array(payment),
  notifications: z.array(notification),
});

export const moveAnswer = z.object({ job, moved: z.boolean() });
export const paymentAnswer = payment.extend({ financials });

export type CreateInput = z.infer<typeof createBody>;
export type PatchInput = z.infer<typeof patchBody>;
export type ListQuery = z.infer<typeof listQuery>;
