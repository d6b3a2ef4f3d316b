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

/** The most reference images one enquiry may carry. */
export const MAX_ENQUIRY_IMAGES = 5;

/** A field left blank is a field not given (and so is JSON's null). */
const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

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

export const shopSlugParams = z.object({ shopSlug: z.string().max(80) });

/**
 * An enquiry sent to the public API (JSON, or multipart with pictures): the form's fields, checked as
 * the form's are, and the solved challenge under the name the form posts it. No honeypot: an API caller
 * fills in no hidden field, and any field not listed here is refused.
 */
export const publicEnquiryBody = enquiryForm
  .omit({ website: true })
  .extend({
    consent: z
      .literal([true, 'on', 'true', 'yes'], { message: 'Tick the box so the shop may contact you' })
      .describe('The person agrees the shop may contact them about this enquiry (`true`; a multipart body sends `on`)'),
    altcha: z
      .string({ message: 'Solve the challenge and send its payload' })
      .min(1, 'Solve the challenge and send its payload')
      .max(8000)
      .describe(
        'The solved challenge from `GET /api/v1/public/shops/{shopSlug}/challenge`: base64 of the JSON `{ "challenge": <as received>, "solution": { "counter", "derivedKey" } }`, as the ALTCHA widget and `altcha-lib`’s `solveChallenge` make it. Each is spent once.',
      ),
  })
  .strict();
export type PublicEnquiryBody = z.infer<typeof publicEnquiryBody>;

export const publicEnquiryAnswer = z.object({
  id: z.uuid(),
  /** As the shop and the acknowledgement name it: ENQ-0001. */
  reference: z.string(),
});

/** An ALTCHA proof-of-work challenge (v2) for one shop's enquiries, signed; solve it and send it back as `altcha`. */
export const enquiryChallenge = z.object({
  parameters: z.object({
    algorithm: z.string(),
    cost: z.number().int(),
    /** The shop the challenge is for (signed with the rest). */
    data: z.object({ shop: z.string() }).optional(),
    expiresAt: z.number().int().optional(),
    keyLength: z.number().int(),
    keyPrefix: z.string(),
    keySignature: z.string().optional(),
    memoryCost: z.number().int().optional(),
    nonce: z.string(),
    parallelism: z.number().int().optional(),
    salt: z.string(),
  }),
  signature: z.string().optional(),
});

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
  suggestedKind: z
    .enum(jobKinds)
    .nullable()
    .describe('The pipeline the enquiry’s topic asks for, to convert it to (`valuation` asks for `appraisal`); null when none does, as for an appointment'),
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
    /** The pipeline the job is made in (`to` in api-v1.md; `kind` as the staff app sends it). */
    to: z.enum(jobKinds).optional(),
    kind: z.enum(jobKinds).optional(),
    /** The pipeline's own create fields (its title, an item type, work lines...), checked by that pipeline; the customer and description are filled in. */
    fields: z.record(z.string(), z.unknown()).default({}),
    /** An existing customer to use instead of matching by e-mail or phone. */
    customerId: id.optional(),
  })
  .strict()
  .refine((b) => (b.to ?? b.kind) !== undefined && (b.to === undefined || b.kind === undefined || b.to === b.kind), {
    path: ['to'],
    message: `Which pipeline: one of ${jobKinds.join(', ')}`,
  })
  .transform(({ to, kind, ...rest }) => ({ ...rest, kind: (to ?? kind) as (typeof jobKinds)[number] }));
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
