import { z } from 'zod';
import { memoDirections, memoItemKinds, memoItemStatuses, memoStatuses } from '../../db/schema/memos.js';
import { cents, id, isoDate, nonBlank, optionalText, positiveCents, timestamp } from '../../http/schemas.js';

const text = (max: number) => optionalText(max).transform((v) => (v ? v : null));

/** A vendor or consignee, new with the record. */
export const contactInput = z
  .object({
    name: nonBlank(120),
    company: text(120),
    email: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
      z.string().trim().toLowerCase().pipe(z.email('Not a valid e-mail address').max(254)).nullish(),
    ),
    phone: text(40),
    address: text(500),
  })
  .strict();

export const itemInput = z
  .object({
    kind: z.enum(memoItemKinds),
    /** A stone's kind: Diamond, Sapphire... (required for a stone). */
    stoneType: text(60),
    shape: text(60),
    carat: z.number({ message: 'Must be a number of carats' }).min(0, 'Must not be negative').max(100_000, 'Too large').nullish(),
    colour: text(40),
    clarity: text(40),
    measurements: text(80),
    certificateLab: text(60),
    certificateNumber: text(60),
    /** What a piece is (required for a piece); a stone's note. */
    description: text(1000),
    costCents: cents.nullish(),
    retailCents: cents.nullish(),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.kind === 'stone' && !item.stoneType)
      ctx.addIssue({ code: 'custom', path: ['stoneType'], message: 'Say what the stone is (Diamond, Sapphire...)' });
    if (item.kind === 'piece' && !item.description) ctx.addIssue({ code: 'custom', path: ['description'], message: 'Describe the piece' });
  });
export type ItemInput = z.infer<typeof itemInput>;

const datesAgree = (v: { receivedOn?: string; dueBackOn?: string | null }) => !v.receivedOn || !v.dueBackOn || v.dueBackOn >= v.receivedOn;
const dueMessage = { path: ['dueBackOn'], message: 'Due back must be on or after the day received' };

export const createMemoBody = z
  .object({
    direction: z.enum(memoDirections),
    /** An existing contact of the shop's, or `contact` to add one. */
    contactId: id.optional(),
    contact: contactInput.optional(),
    receivedOn: isoDate,
    dueBackOn: isoDate.nullish(),
    terms: text(2000),
    notes: text(2000),
    items: z.array(itemInput).min(1, 'Add at least one item').max(100, 'At most 100 items on one record'),
  })
  .strict()
  .refine((v) => (v.contactId === undefined) !== (v.contact === undefined), { path: ['contact'], message: 'Choose a contact or add a new one (not both)' })
  .refine(datesAgree, dueMessage);
export type CreateMemoBody = z.infer<typeof createMemoBody>;

export const patchMemoBody = z
  .object({
    receivedOn: isoDate.optional(),
    dueBackOn: isoDate.nullish(),
    terms: text(2000),
    notes: text(2000),
  })
  .strict()
  .refine(datesAgree, dueMessage);
export type PatchMemoBody = z.infer<typeof patchMemoBody>;

export const reconcileBody = z
  .object({
    outcome: z.enum(['returned', 'sold', 'expired', 'lost']),
    /**
     * A consignment piece sold: the price it sold at, what the consignee owes the shop (kept as `soldCents`,
     * beside its asking price); left out, its asking price is the one (a piece with none needs it).
     */
    priceCents: positiveCents.optional(),
  })
  .strict()
  .refine((v) => v.priceCents === undefined || v.outcome === 'sold', { path: ['priceCents'], message: 'Only a sale has a price' });
export type ReconcileBody = z.infer<typeof reconcileBody>;

/** Words to find; a NUL cannot be stored or searched for in PostgreSQL text. */
const search = z
  .string()
  .trim()
  .max(100, 'At most 100 characters')
  .refine((s) => !s.includes('\0'), 'Not a searchable text')
  .optional();

export const listQuery = z.object({
  status: z.enum(memoStatuses).optional(),
  direction: z.enum(memoDirections).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: search,
});
export type ListQuery = z.infer<typeof listQuery>;

export const itemParams = z.object({ id, itemId: id });

export const contactSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  company: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});

const jobRef = z.object({ kind: z.string(), id: z.uuid(), reference: z.string(), title: z.string(), staffPath: z.string() });

export const memoItem = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: z.enum(memoItemKinds),
  stoneType: z.string().nullable(),
  shape: z.string().nullable(),
  carat: z.number().nullable(),
  colour: z.string().nullable(),
  clarity: z.string().nullable(),
  measurements: z.string().nullable(),
  certificateLab: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  description: z.string().nullable(),
  costCents: z.number().int().nullable(),
  retailCents: z.number().int().nullable(),
  /** A consignment piece sold: what it sold for, the amount the consignee owes. */
  soldCents: z.number().int().nullable(),
  status: z.enum(memoItemStatuses),
  settledAt: timestamp.nullable(),
  overdue: z.boolean(),
  /** A one-line description: "Diamond, oval, 1.02 ct, F VS1, GIA 2141438167". */
  label: z.string(),
  job: jobRef.nullable(),
});

export const memoSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  direction: z.enum(memoDirections),
  contact: contactSchema,
  receivedOn: z.string(),
  dueBackOn: z.string().nullable(),
  status: z.enum(memoStatuses),
  itemCount: z.number().int(),
  activeCount: z.number().int(),
  overdue: z.boolean(),
  costCents: z.number().int(),
  retailCents: z.number().int(),
  createdAt: timestamp,
});

export const memoDetail = memoSummary.extend({
  terms: z.string().nullable(),
  notes: z.string().nullable(),
  items: z.array(memoItem),
});

export const memoList = z.object({ items: z.array(memoSummary), today: z.string() });

/** A lent item with the record it is on: the hub's overdue list and a job's linked items. */
export const memoItemWithRecord = memoItem.extend({
  memo: z.object({ id: z.uuid(), reference: z.string(), direction: z.enum(memoDirections), contactName: z.string(), dueBackOn: z.string().nullable() }),
});

export const overdueList = z.object({ items: z.array(memoItemWithRecord), today: z.string() });
export const linkedList = z.object({ items: z.array(memoItemWithRecord) });

export const contactList = z.object({ items: z.array(contactSchema) });
export const contactQuery = z.object({ q: search });

const emailAddress = z.string().trim().toLowerCase().pipe(z.email('Not a valid e-mail address').max(254));

export const memoSettings = z.object({
  overdueEmail: z.boolean(),
  /** Where the morning e-mail goes; null: to the shop's owner. */
  recipient: z.string().nullable(),
  /** Who gets it when no recipient is set: the shop's first owner. */
  ownerEmail: z.string().nullable(),
});
export const memoSettingsBody = z
  .object({
    overdueEmail: z.boolean(),
    /** An address to send it to instead of the owner; null (or empty) sends it to the owner again; left out, unchanged. */
    recipient: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), emailAddress.nullable()).optional(),
  })
  .strict();
export type MemoSettingsBody = z.infer<typeof memoSettingsBody>;
