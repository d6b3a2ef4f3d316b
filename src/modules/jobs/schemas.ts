import { z } from 'zod';
import { cents, isoDate, timestamp } from '../../http/schemas.js';
import { jobKindSchema } from './registry.js';

export const allJobsQuery = z.object({
  archived: z.enum(['true', 'false', '1', '0']).optional(),
  q: z.string().trim().max(200).optional(),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  /** One customer's jobs, of every pipeline. */
  customerId: z.uuid({ message: 'Must be an id' }).optional(),
});

export const jobSummary = z.object({
  kind: jobKindSchema,
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  stage: z.string(),
  stageLabel: z.string(),
  progress: z.number().int(),
  customer: z.object({ id: z.uuid(), name: z.string() }),
  dueDate: z.string().nullable(),
  priceCents: cents,
  createdAt: timestamp,
  stageChangedAt: timestamp,
  /** Where the staff app shows it. */
  path: z.string(),
});

export type AllJobsQuery = z.infer<typeof allJobsQuery>;
