import { z } from 'zod';
import { channels } from '../../db/schema/customers.js';
import { cents, nonBlank, optionalText, timestamp } from '../../http/schemas.js';

const email = z.string().trim().toLowerCase().pipe(z.email('Not a valid e-mail address').max(254)).nullish();
const phone = z.string().trim().max(40, 'At most 40 characters').nullish();

export const customerBody = z.object({
  name: nonBlank(120),
  email,
  phone,
  preferredChannel: z.enum(channels).optional(),
  postcode: optionalText(20),
  notes: optionalText(4000),
});

export const customerPatchBody = customerBody.partial().strict();

export const customerQuery = z.object({ q: z.string().trim().max(200).optional() });

export const customer = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  preferredChannel: z.enum(channels),
  postcode: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const customerJob = z.object({
  id: z.uuid(),
  kind: z.string(),
  reference: z.string(),
  title: z.string(),
  stage: z.string(),
  dueDate: z.string().nullable(),
  createdAt: timestamp,
});

export const customerPayment = z.object({
  id: z.uuid(),
  jobId: z.uuid().nullable(),
  jobReference: z.string().nullable(),
  kind: z.string(),
  amountCents: cents,
  method: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: timestamp,
  voidedAt: timestamp.nullable().describe('Set when the payment was voided: it is listed and counts for nothing'),
});

export const customerMerge = z.object({
  id: z.uuid(),
  mergedId: z.uuid().describe('The merged record’s id: it no longer exists'),
  mergedName: z.string(),
  mergedEmail: z.string().nullable(),
  mergedPhone: z.string().nullable(),
  mergedBy: z.string().nullable(),
  jobsMoved: z.number().int(),
  paymentsMoved: z.number().int(),
  createdAt: timestamp,
});

export const customerDetail = customer.extend({
  jobs: z.array(customerJob),
  payments: z.array(customerPayment),
  merges: z.array(customerMerge).describe('Customer records merged into this one, newest first'),
});

export const mergeBody = z.object({ intoId: z.uuid({ message: 'Must be an id' }) });

export type CustomerInput = z.infer<typeof customerBody>;
export type MergeInput = z.infer<typeof mergeBody>;
export type CustomerPatch = z.infer<typeof customerPatchBody>;
