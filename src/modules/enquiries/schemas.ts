import { z } from 'zod';
import { enquiryBudgets, enquiryStatuses, enquiryTopics } from '../../db/schema/enquiries.js';
import { jobKinds } from '../../domain/pipelines.js';
import { id, nonBlank, timestamp } from '../../http/schemas.js';

export const topicLabels: Record<(typeof enquiryTopics)[number], string> = {
  bespoke: 'A bespoke piece',
  repair: 'A repair',
  valuation: 'A valuation',
  appointment: 'An appointment',
};

export const budgetLabels: Record<(typeof enquiryBudgets)[number], string> = {
  unsure: 'Not sure yet',
  under_500: 'Under 500',
  '500_1000': '500 to 1,000',
  '1000_2500': '1,000 to 2,500',
  '2500_5000': '2,500 to 5,000',
  '5000_plus': 'Over 5,000',
};

/** The most reference images one enquiry may carry. */
export const MAX_ENQUIRY_IMAGES = 5;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * The public form's text fields, as posted (multipart or urlencoded strings). The contact rule (an
 * e-mail or a phone, the phone valid for the shop's country) is the use-case's, which knows the country.
 */
export const enquiryForm = z.object({
  name: nonBlank(120),
  email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().pipe(z.email('Not a valid e-mail address').max(254)).optional()),
  phone: z.preprocess(blankToUndefined, z.string().trim().max(40, 'At most 40 characters').optional()),
  topic: z.enum(enquiryTopics, { message: 'Choose what your enquiry is about' }),
  description: z.string().trim().min(1, 'Tell us a little about it').max(4000, 'At most 4,000 characters'),
  budget: z.enum(enquiryBudgets, { message: 'Choose a budget' }).default('unsure'),
  consent: z.literal(['on', 'true', 'yes'], { message: 'Tick the box so the shop may contact you' }),
  altcha: z.string().max(8000).optional(),
  /** The honeypot: hidden from people; anything in it marks the post as a robot's. */
  website: z.string().max(500).optional(),
});
export type EnquiryForm = z.infer<typeof enquiryForm>;

export const enquiryImage = z.object({
  id: z.uuid(),
  contentType: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  fileName: z.string().nullable(),
  url: z.string(),
  thumbnailUrl: z.string(),
});

export const enquiryReply = z.object({
  id: z.uuid(),
  body: z.string(),
  authorName: z.string().nullable(),
  createdAt: timestamp,
});

export const enquirySummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  topic: z.enum(enquiryTopics),
  budget: z.enum(enquiryBudgets),
  description: z.string(),
  status: z.enum(enquiryStatuses),
  unread: z.boolean(),
  imageCount: z.number().int(),
  customerId: z.uuid().nullable(),
  job: z.object({ kind: z.string(), id: z.uuid(), reference: z.string(), staffPath: z.string() }).nullable(),
  createdAt: timestamp,
});

export const enquiryDetail = enquirySummary.extend({
  images: z.array(enquiryImage),
  replies: z.array(enquiryReply),
});

export const enquiryList = z.object({ items: z.array(enquirySummary), unread: z.number().int() });

export const enquiryListQuery = z.object({ status: z.enum(enquiryStatuses).optional() });

/** Staff set new, contacted, booked, completed or spam; `converted` is only ever reached by converting. */
export const settableStatuses = ['new', 'contacted', 'booked', 'completed', 'spam'] as const;
export const statusBody = z.object({ status: z.enum(settableStatuses) }).strict();

export const replyBody = z.object({ body: nonBlank(2000) }).strict();

export const convertBody = z
  .object({
    kind: z.enum(jobKinds),
    /** The pipeline's own create fields (its title, an item type, work lines...), checked by that pipeline; the customer and description are filled in. */
    fields: z.record(z.string(), z.unknown()).default({}),
    /** An existing customer to use instead of matching by e-mail or phone. */
    customerId: id.optional(),
  })
  .strict();
export type ConvertBody = z.infer<typeof convertBody>;

export const convertAnswer = z.object({
  enquiry: enquiryDetail,
  job: z.object({ kind: z.string(), id: z.uuid(), reference: z.string(), staffPath: z.string() }),
  customer: z.object({ id: z.uuid(), name: z.string(), matched: z.boolean() }),
});

export const unreadAnswer = z.object({ unread: z.number().int() });

export const enquirySettings = z.object({
  slug: z.string(),
  formUrl: z.string(),
  /** One script tag: the form's frame, kept as tall as the form. */
  scriptSnippet: z.string(),
  /** A plain iframe, for website builders that strip scripts. */
  iframeSnippet: z.string(),
});

export const imageParams = z.object({ id, imageId: id });
export const imageQuery = z.object({ variant: z.enum(['thumb', 'display']).default('display') });
