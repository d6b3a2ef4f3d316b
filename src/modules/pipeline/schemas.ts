import { z } from 'zod';
import { paymentKinds } from '../../db/schema/ledger.js';
import { cents, nonBlank, optionalText, positiveCents, timestamp } from '../../http/schemas.js';
import { attachment } from '../attachments/schemas.js';

/** Request and response shapes every pipeline's routes share. */

/**
 * A stage word as the OpenAPI documents it: a string. The schema lets any value through and the
 * engine checks it against the pipeline's own words, so whatever is not one of them (another word,
 * a number, null, nothing at all, a very long string) gets that pipeline's 422 `invalid_stage`.
 */
export const stageWord = z.unknown().optional().meta({ type: 'string', maxLength: 64 });

export const moveBody = z
  .object({
    to: stageWord,
    from: z.string().max(64).optional(),
    note: optionalText(2000),
  })
  // Absent, `to` is still the engine's to refuse; the document says it is required.
  .meta({ required: ['to'] });

export const commentBody = z.object({ body: nonBlank(5000) });

export const paymentBody = z.object({
  kind: z.enum(paymentKinds),
  amountCents: positiveCents,
  method: optionalText(40),
  note: optionalText(500),
});

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const stageEntry = z.object({
  id: z.uuid(),
  stage: z.string(),
  fromStage: z.string().nullable(),
  actor: person,
  actorLabel: z.string().nullable(),
  note: z.string().nullable(),
  at: timestamp,
});

export const financials = z.object({
  quotedCents: cents.nullable(),
  finalCents: cents.nullable(),
  depositCents: cents,
  paidCents: z.number().int(),
  refundedCents: cents,
  balanceOwingCents: z.number().int(),
});

export const comment = z.object({ id: z.uuid(), body: z.string(), author: person, createdAt: timestamp });

export const payment = z.object({
  id: z.uuid(),
  kind: z.enum(paymentKinds),
  amountCents: cents,
  method: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: timestamp,
  voided: z
    .object({ at: timestamp, by: z.string().nullable(), reason: z.string() })
    .nullable()
    .describe('Set once a manager or owner voids the payment: it stays listed and no longer counts'),
});

export const voidBody = z.object({ reason: nonBlank(500) });

export const notification = z.object({
  id: z.uuid(),
  event: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  channel: z.string().nullable(),
  to: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  manual: z.boolean(),
  requestedBy: z.string().nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});

/** What a move onto the ready stage did about telling the customer. */
export const readyMessageNotice = z
  .object({
    status: z.enum(['scheduled', 'not_sent']),
    sendAt: timestamp.nullable().describe('`scheduled`: when the message goes, unless the job is moved back from ready first'),
    delayMinutes: z.number().int().nullable().describe("`scheduled`: the shop's undo window"),
    reason: z.string().nullable().describe('`not_sent`: why the customer will not be told, in words for the shop'),
  })
  .nullable();

/** What a move to the ready stage would do now: for the move form to warn before it happens. */
export const readyOutlookView = z.object({
  willSend: z.boolean(),
  delayMinutes: z.number().int().optional(),
  reason: z.string().optional(),
});

export type MoveBody = z.infer<typeof moveBody>;
export type PaymentBody = z.infer<typeof paymentBody>;
export type VoidBody = z.infer<typeof voidBody>;

/** The fields every pipeline's job answers with; a pipeline extends it with its own. */
export function jobBase<const S extends readonly [string, ...string[]]>(stages: S) {
  return z.object({
    id: z.uuid(),
    kind: z.string(),
    reference: z.string(),
    title: z.string(),
    stage: z.enum(stages),
    stageLabel: z.string(),
    heldFromStage: z.enum(stages).nullable(),
    progress: z.number().int().min(0).max(100),
    customer: z.object({ id: z.uuid(), name: z.string() }),
    description: z.string().nullable(),
    notes: z.string().nullable(),
    dueDate: z.string().nullable(),
    quotedCents: cents.nullable(),
    finalCents: cents.nullable(),
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
}

/** A job's detail page: the job with its history, money, files, comments and messages. */
export function jobDetailOf<J extends z.ZodObject>(job: J) {
  return job.extend({
    stages: z.array(stageEntry),
    financials,
    attachments: z.array(attachment),
    comments: z.array(comment),
    payments: z.array(payment),
    notifications: z.array(notification),
    readyOutlook: readyOutlookView,
  });
}

/**
 * A board card: what the kanban draws of a job, with short keys and nothing that is empty (no key for
 * null, and none for a deposit or payments of zero), because a board is thousands of them. Stage
 * labels, progress and the balance follow from the stage words and the sums. The pipeline adds its
 * own card columns (`own`), typed as its job's fields.
 */
export function cardOf(job: z.ZodObject, own: readonly string[]) {
  const stage = job.shape.stage as z.ZodEnum;
  const ownFields = Object.fromEntries(own.map((k) => [k, optionalWhenNull(job.shape[k] as z.ZodType)]));
  return z
    .object({
      id: z.uuid(),
      ref: z.string().describe('The reference, such as B-0042'),
      title: z.string(),
      stage,
      held: stage.optional().describe('On hold: the stage it was in (the card shows that stage’s progress)'),
      customer: z.string().describe('The customer’s name'),
      due: z.string().optional().describe('Due date, YYYY-MM-DD'),
      quoted: cents.optional(),
      final: cents.optional().describe('The final price, once set: it is what is owed rather than the quote'),
      deposit: cents.optional().describe('Deposits taken (voided ones not counted); absent when none'),
      paid: z.number().int().optional().describe('Taken less refunded; absent when nothing. The balance owing is the final price (else the quote) less this'),
      photo: z.uuid().optional().describe('The latest photo; its thumbnail is `/api/v1/attachments/{photo}/file?variant=thumb`'),
      ...ownFields,
    })
    .strict();
}

/** A job field as a card carries it: a null is left out rather than sent. */
function optionalWhenNull(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodNullable ? (field.unwrap() as z.ZodType).optional() : field;
}

/** The board's answer. */
export const boardOf = (card: z.ZodObject) => z.object({ items: z.array(card) });

/** The board's first screen: the active columns' heads, and each one's first cards. */
export const firstScreenOf = (card: z.ZodObject) =>
  z.object({
    columns: z
      .array(
        z.object({
          stage: card.shape.stage as z.ZodEnum,
          count: z.number().int().describe('Active jobs in the stage'),
          cents: cents.describe('Their money: each one’s final price, else its quote'),
        }),
      )
      .describe('Each active stage that has jobs, in no order; a stage that is not here has none'),
    items: z.array(card).describe('Each column’s first cards (at most `per`) in the kanban’s order: urgent first, then soonest due, then newest'),
  });

export const firstScreenQuery = z.object({
  per: z.coerce.number().int().min(1).max(50).default(8).describe('Cards per column'),
});
