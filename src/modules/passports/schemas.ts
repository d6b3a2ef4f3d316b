import { z } from 'zod';
import { passportEventKinds, passportVisibilities, staffEventKinds } from '../../domain/passports.js';
import { cents, id, isoDate, nonBlank, optionalText, timestamp } from '../../http/schemas.js';

const grams = z.number({ message: 'Must be a number of grams' }).min(0, 'Must not be negative').max(100_000, 'Too large');

export const stoneBody = z.object({
  kind: nonBlank(80),
  shape: optionalText(80),
  carat: z.number({ message: 'Must be a number of carats' }).min(0, 'Must not be negative').max(10_000, 'Too large').nullish(),
  colour: optionalText(40),
  clarity: optionalText(40),
  certificateLab: optionalText(80),
  certificateNumber: optionalText(80),
  inscription: optionalText(200),
});

export const issueBody = z
  .object({
    /** Issue from this job (prefilled from it); leave out for a piece the shop did not make. */
    jobId: id.optional(),
    title: nonBlank(200),
    jewelleryType: optionalText(80),
    metal: optionalText(80),
    fineness: optionalText(40),
    hallmarks: optionalText(200),
    weightGrams: grams.nullish(),
    measurements: optionalText(200),
    maker: optionalText(120),
    madeOn: isoDate.nullish(),
    visibility: z.enum(passportVisibilities).optional(),
    showValues: z.boolean().optional(),
    owner: z.object({ name: nonBlank(120), contact: optionalText(200) }).strict(),
    stones: z.array(stoneBody.strict()).max(100, 'At most 100 stones').optional(),
    /** Chosen from the job's customer-visible photos. */
    photoIds: z.array(id).max(12, 'At most 12 photos').optional(),
  })
  .strict();

export const eventBody = z
  .object({
    kind: z.enum(staffEventKinds),
    occurredOn: isoDate.optional(),
    note: optionalText(1000),
    /** An appraisal's value, in the shop's currency: shown publicly only when the owner allows. */
    valueCents: cents.nullish(),
  })
  .strict();

export const patchBody = z
  .object({
    visibility: z.enum(passportVisibilities).optional(),
    showValues: z.boolean().optional(),
    ownerContact: optionalText(200),
  })
  .strict();

export const listQuery = z
  .object({
    /** The passport issued from this job. */
    jobId: id.optional(),
    /** By number (any part of it) or title: what the job page's search for a passport to link types. */
    q: z.string().trim().max(80).optional(),
  })
  .strict();
export const linkBody = z.object({ jobId: id }).strict();
export const linkParams = z.object({ id, jobId: id });
export const draftQuery = z.object({ jobId: id }).strict();

export const passportSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  jobId: z.uuid().nullable(),
  madeElsewhere: z.boolean(),
  visibility: z.enum(passportVisibilities),
  ownerName: z.string(),
  issuedAt: timestamp,
});

const stone = z.object({
  kind: z.string(),
  shape: z.string().nullable(),
  carat: z.number().nullable(),
  colour: z.string().nullable(),
  clarity: z.string().nullable(),
  certificateLab: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  inscription: z.string().nullable(),
});

export const passportEvent = z.object({
  seq: z.number().int(),
  kind: z.enum(passportEventKinds),
  label: z.string(),
  occurredOn: z.string(),
  note: z.string().nullable(),
  valueCents: z.number().int().nullable(),
  valueCurrency: z.string().nullable(),
  recordedAt: timestamp,
});

/** What collecting a job of a pipeline adds to its linked passport: the event and the stage that adds it. */
const adds = z.object({ kind: z.enum(passportEventKinds), label: z.string(), on: z.string(), onLabel: z.string() }).nullable();

export const linkedJob = z.object({
  jobId: z.uuid(),
  kind: z.string(),
  reference: z.string(),
  title: z.string(),
  stage: z.string(),
  stageLabel: z.string(),
  /** Where the staff app shows the job. */
  staffPath: z.string(),
  /** The history event the job added, once collected; null until then. */
  eventSeq: z.number().int().nullable(),
  linkedAt: timestamp,
  adds,
});

export const jobLink = z.object({
  jobId: z.uuid(),
  passport: z.object({ id: z.uuid(), number: z.string(), title: z.string() }).nullable(),
  eventSeq: z.number().int().nullable(),
  adds,
});

export const passportDetail = passportSummary.extend({
  jewelleryType: z.string().nullable(),
  metal: z.string().nullable(),
  fineness: z.string().nullable(),
  hallmarks: z.string().nullable(),
  weightGrams: z.number().nullable(),
  measurements: z.string().nullable(),
  maker: z.string().nullable(),
  madeOn: z.string().nullable(),
  showValues: z.boolean(),
  ownerContact: z.string().nullable(),
  issuerName: z.string(),
  stones: z.array(stone),
  photos: z.array(z.object({ id: z.uuid(), caption: z.string().nullable(), thumbnailUrl: z.string() })),
  events: z.array(passportEvent),
  owners: z.array(z.object({ seq: z.number().int(), name: z.string(), contact: z.string().nullable(), since: timestamp })),
  missing: z.enum(['stolen', 'lost']).nullable(),
  verified: z.boolean(),
  verifyUrl: z.string(),
  /** The signed passport (compact JWS): checkable with the shop's JWKS alone. */
  token: z.string(),
  openTransfer: z.object({ expiresAt: timestamp }).nullable(),
  linkedJobs: z.array(linkedJob),
});

export const draft = z.object({
  jobId: z.uuid(),
  eligible: z.boolean(),
  /** Why not, when not eligible. */
  reason: z.string().nullable(),
  existing: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  title: z.string(),
  jewelleryType: z.string().nullable(),
  metal: z.string().nullable(),
  hallmarks: z.string().nullable(),
  weightGrams: z.number().nullable(),
  maker: z.string().nullable(),
  madeOn: z.string().nullable(),
  owner: z.object({ name: z.string(), contact: z.string().nullable() }),
  photos: z.array(z.object({ id: z.uuid(), caption: z.string().nullable(), thumbnailUrl: z.string() })),
});

export const transferCode = z.object({
  /** Shown once: only its hash is kept. */
  code: z.string(),
  expiresAt: timestamp,
});

export const certificateEmailBody = z
  .object({
    /** A few words from the shop, put above the standard text. */
    note: optionalText(1000),
  })
  .strict();

export const certificateEmail = z.object({
  /** The queued message: its delivery shows in Messages. */
  id: z.uuid(),
  to: z.string(),
  fileName: z.string(),
});

/** GET /api/v1/verify/:key: the verdict, the passport as anyone may see it, and its signed events. */
export const verifyAnswer = z.object({
  number: z.string(),
  verified: z.boolean(),
  visibility: z.enum(passportVisibilities),
  /** The passport's compact JWS (public passports only). */
  token: z.string().optional(),
  passport: z.object({
    id: z.uuid(),
    number: z.string(),
    issuer: z.string(),
    shop: z
      .object({
        name: z.string(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        address: z.string().nullable(),
        logoUrl: z.string().nullable(),
        locale: z.string(),
        timeZone: z.string(),
      })
      .optional(),
    piece: passportDetail
      .pick({
        title: true,
        jewelleryType: true,
        metal: true,
        fineness: true,
        hallmarks: true,
        weightGrams: true,
        measurements: true,
        maker: true,
        madeOn: true,
        madeElsewhere: true,
      })
      .optional(),
    stones: z.array(stone).optional(),
    photos: z.array(z.object({ url: z.string(), thumbnailUrl: z.string(), caption: z.string().nullable() })).optional(),
    missing: z.enum(['stolen', 'lost']).nullable().optional(),
    owners: z.number().int().optional(),
    token: z.string().optional(),
  }),
  events: z.array(
    z.object({
      kind: z.enum(passportEventKinds),
      label: z.string(),
      occurredOn: z.string(),
      note: z.string().nullable(),
      /** The value, formatted, where the passport shows values. */
      value: z.string().nullable(),
      token: z.string(),
    }),
  ),
});

export type IssueBody = z.infer<typeof issueBody>;
export type EventBody = z.infer<typeof eventBody>;
export type PatchBody = z.infer<typeof patchBody>;
export type LinkBody = z.infer<typeof linkBody>;
export type ListQuery = z.infer<typeof listQuery>;
export type PassportDetail = z.infer<typeof passportDetail>;
