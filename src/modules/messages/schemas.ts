import { z } from 'zod';
import { nonBlank, timestamp } from '../../http/schemas.js';
import { jobKindSchema } from '../jobs/registry.js';

/** A job's conversation with its customer, as staff read and answer it. */

export const staffMessage = z.object({
  id: z.uuid(),
  direction: z.enum(['from_customer', 'from_staff']),
  body: z.string(),
  author: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('The member of staff who answered; null for the customer'),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const staffMessageList = z.object({ items: z.array(staffMessage), unread: z.number().int() });
export const staffReplyBody = z.object({ body: nonBlank(1000) });
export const unreadList = z.object({
  items: z.array(
    z.object({
      kind: jobKindSchema.describe('The job’s pipeline: bespoke jobs open at /bespoke/:id, repairs at /repairs/:id'),
      jobId: z.uuid(),
      reference: z.string(),
      unread: z.number().int(),
      latestAt: timestamp,
    }),
  ),
});
