import { z } from 'zod';
import { id, nonBlank, optionalText, timestamp } from '../../http/schemas.js';

/** The per-job secret: 144 random bits as base64url (24 characters); anything else is a miss. */
export const codeParams = z.object({ code: z.string().max(64) });

export const lookupBody = z.object({
  reference: z.string().trim().min(1, 'Required').max(40),
  verifier: z.string().trim().min(1, 'Required').max(120).describe("The customer's surname or postcode, whichever the shop asks for"),
  shop: id
    .optional()
    .describe('The shop, when the page was opened from its own link (`/track?shop=…`): it tells apart two shops’ jobs with the same reference and surname'),
});

const step = z.object({ stage: z.string(), label: z.string(), state: z.enum(['done', 'current', 'upcoming']) });

export const customerFile = z.object({
  id: z.uuid(),
  caption: z.string().nullable(),
  stage: z.string(),
  contentType: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string().describe('A signed link that expires'),
  thumbnailUrl: z.string().describe('A signed link that expires'),
  createdAt: timestamp,
});

const decisionWord = z.enum(['approved', 'changes_requested']);

export const customerMessage = z.object({
  id: z.uuid(),
  from: z.enum(['customer', 'shop']),
  body: z.string(),
  at: timestamp,
});

/** Everything the customer may see of their job: nothing else is ever declared, so nothing else is sent. */
export const trackingView = z.object({
  shop: z.object({
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    openingHours: z.string().nullable(),
    logoUrl: z.string().nullable(),
    locale: z.string().describe('How the shop writes dates and money: en-GB, en-AU or en-US'),
    timeZone: z.string().describe('The shop’s time zone, for showing times'),
  }),
  reference: z.string(),
  title: z.string(),
  stage: z.string().describe('The stage word of the job’s pipeline (bespoke or repair)'),
  stageLabel: z.string().describe('The customer-facing words for the stage, the same for every shop'),
  progress: z.number().int().min(0).max(100),
  steps: z.array(step),
  estimatedCompletion: z.string().nullable().describe('YYYY-MM-DD'),
  attachments: z.array(customerFile).describe('Customer-visible files only'),
  balanceDue: z
    .object({ amountCents: z.number().int(), currency: z.string(), formatted: z.string() })
    .nullable()
    .describe('Due on collection; null when the shop does not show it'),
  quote: z
    .object({
      lines: z.array(z.object({ work: z.string(), description: z.string().nullable(), formatted: z.string() })),
      totalCents: z.number().int(),
      formatted: z.string(),
    })
    .nullable()
    .describe('Present while a repair’s quote waits for the customer: approve it or decline'),
  canMessage: z.boolean().describe('Whether the customer can message the shop from this page'),
  approval: z
    .object({
      attachmentIds: z.array(z.uuid()).describe('The renders being approved: send them back with the decision'),
      decision: z.object({ decision: decisionWord, comment: z.string().nullable(), at: timestamp }).nullable(),
    })
    .nullable()
    .describe('Present while the design waits for the customer'),
  messages: z.array(customerMessage),
  trackingUrl: z.string(),
});

export const decisionBody = z.object({
  decision: decisionWord,
  comment: optionalText(2000),
  attachmentIds: z.array(id).min(1).max(50).describe('The renders the customer was shown'),
});

export const decisionAnswer = z.object({
  decision: decisionWord,
  recorded: z.boolean().describe('false when this version of the renders already had a decision (which stands)'),
  moved: z.boolean(),
  view: trackingView,
});

export const customerMessageBody = z.object({ body: nonBlank(1000) });

// Staff side.

export const trackingSettingsBody = z
  .object({
    verifier: z.enum(['surname', 'postcode']),
    showBalance: z.boolean(),
    approvalAdvances: z.boolean().describe('A customer’s approval moves the job from approval to setting by itself'),
    terms: optionalText(3000),
  })
  .partial()
  .strict();

export const trackingSettingsView = z.object({
  verifier: z.enum(['surname', 'postcode']),
  showBalance: z.boolean(),
  approvalAdvances: z.boolean(),
  terms: z.string().nullable(),
  defaultTerms: z.string(),
});

const optionalUrl = z
  .url({ protocol: /^https?$/, message: 'An http(s) address' })
  .max(500)
  .nullish();

export const shopContactBody = z
  .object({
    phone: optionalText(40),
    email: z.string().trim().toLowerCase().pipe(z.email('Not a valid e-mail address').max(254)).nullish(),
    address: optionalText(500),
    openingHours: optionalText(500),
    logoUrl: optionalUrl,
  })
  .strict();

export const shopContact = z.object({
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  openingHours: z.string().nullable(),
  logoUrl: z.string().nullable(),
});

export const designReview = z.object({
  id: z.uuid(),
  attachmentIds: z.array(z.uuid()),
  decision: decisionWord,
  comment: z.string().nullable(),
  actorLabel: z.string(),
  at: timestamp,
});
export const designReviewList = z.object({ items: z.array(designReview) });

export type LookupBody = z.infer<typeof lookupBody>;
export type DecisionBody = z.infer<typeof decisionBody>;
export type TrackingView = z.infer<typeof trackingView>;
export type TrackingSettingsInput = z.infer<typeof trackingSettingsBody>;
export type ShopContactInput = z.infer<typeof shopContactBody>;

export const quoteDecisionBody = z.object({
  decision: z.enum(['approved', 'declined']),
  comment: optionalText(2000),
});
export type QuoteDecisionBody = z.infer<typeof quoteDecisionBody>;
export const quoteDecisionAnswer = z.object({ decision: z.enum(['approved', 'declined']), moved: z.boolean(), view: trackingView });
