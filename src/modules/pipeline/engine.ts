import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client.js';
import { type Actor, isStaff, type JobActor } from '../../domain/actor.js';
import { DomainError, invalidField, notFound } from '../../domain/errors.js';
import { financialsOf, type PaymentKind, paymentAllowed, refundAllowed } from '../../domain/money.js';
import { type MovePlan, parseStage, planMove } from '../../domain/pipeline.js';
import { formatReference } from '../../domain/reference.js';
import { insertOutbox, notificationsOf } from '../notifications/outbox-queries.js';
import type { JobHooks } from './job-hooks.js';
import * as q from './queries.js';
import { cancelWaitingReadyMessages, queueReadyMessage, type ReadyNotice } from './ready-message.js';
import type { PipelineStore } from './store.js';

/**
 * The pipeline engine: the one implementation of stage moves, history, payments, comments and the
 * ready notification, for every pipeline. Each function runs inside the caller's tenant transaction.
 */

/** The access helper: this shop's job, or "not found" (another shop's job looks absent). */
export async function loadJob(tx: Tx, store: PipelineStore, actor: Pick<JobActor, 'shopId'>, id: string, lock = false) {
  const job = await q.findJobCore(tx, store, actor.shopId, id, lock);
  if (!job) throw notFound(`${store.def.noun[0]?.toUpperCase()}${store.def.noun.slice(1)} job`);
  return job;
}

/** A new job's shop-unique reference and its customer's tracking secret. */
export async function newJobIdentity(tx: Tx, store: PipelineStore, shopId: string) {
  const n = await q.nextReferenceNumber(tx, shopId, store.def.kind);
  return { reference: formatReference(store.def.referencePrefix, n), trackingCode: q.newTrackingCode() };
}

export interface StageEntry {
  stage: string;
  fromStage: string | null;
  note?: string | null | undefined;
  at: Date;
}

/** The history row's who and why, from the actor: a member of staff, or a customer or the system by label. */
const historyFields = (actor: JobActor, entry: StageEntry): q.HistoryFields => ({
  actorId: isStaff(actor) ? actor.userId : null,
  actorLabel: isStaff(actor) ? null : actor.label,
  note: entry.note ?? null,
  at: entry.at,
});

/** Writes the history row for a stage entered, queues the customer-ready message when it is the ready stage, and tells the hooks. */
export async function recordStageEntry(
  tx: Tx,
  store: PipelineStore,
  actor: JobActor,
  job: { id: string; reference: string },
  entry: StageEntry,
  hooks: JobHooks,
) {
  const historyId = await q.insertHistory(tx, store, {
    shopId: actor.shopId,
    jobId: job.id,
    stage: entry.stage,
    fromStage: entry.fromStage,
    ...historyFields(actor, entry),
  });
  if (entry.stage === store.def.ready) await queueReadyMessage(tx, store, actor.shopId, job, historyId, entry.at);
  await hooks.stageEntered(tx, { store, shopId: actor.shopId, job, stage: entry.stage, by: isStaff(actor) ? actor.userId : null, at: entry.at });
  return historyId;
}

export interface MoveInput {
  /** Any value, or none: what is not one of the pipeline's stage words is refused with `invalid_stage`. */
  to?: unknown;
  from?: string | undefined;
  note?: string | null | undefined;
}

/** When a move happens, and who else acts in its transaction (a passport's event, the calendars). */
export interface MoveContext {
  at: Date;
  hooks: JobHooks;
}

/**
 * Moves a job. Already in `to`: a quiet no-op. In neither `from` nor `to`: a conflict. Otherwise
 * the move lands with one history row, a move to ready queues exactly one customer message, and a
 * move into the stage the pipeline names for passports adds the linked passport's event, once.
 */
export interface MoveResult {
  moved: boolean;
  /** For a move onto the ready stage: when the customer will be told, or why they will not be. */
  readyMessage: ReadyNotice | null;
}

export async function moveStage(tx: Tx, store: PipelineStore, actor: JobActor, jobId: string, input: MoveInput, ctx: MoveContext): Promise<MoveResult> {
  const to = parseStage(store.def, input.to);
  const expected = input.from === undefined ? undefined : parseStage(store.def, input.from);
  if (expected !== undefined) {
    // The board always says where the job is. Plan the move as if that were true and try it straight
    // away: the conditional UPDATE is the check, and a round trip is saved. If it was not true (or there
    // is no such job), nothing was written and the full path below decides: not found, no-op or conflict.
    const assumed = planMove(store.def, expected, to, expected);
    if (assumed.kind === 'move') {
      const landed = await landMove(tx, store, actor, jobId, assumed, input.note, ctx);
      if (landed) return { moved: true, readyMessage: landed.readyMessage };
    }
  }
  const job = await loadJob(tx, store, actor, jobId);
  const plan = planMove(store.def, job.stage, to, expected, job.heldFromStage);
  if (plan.kind === 'noop') return { moved: false, readyMessage: null };

  const landed = await landMove(tx, store, actor, jobId, plan, input.note, ctx);
  if (!landed) {
    // Another move landed between our read and our write: judge the request against what landed.
    const now = await loadJob(tx, store, actor, jobId);
    const replan: MovePlan<string> = planMove(store.def, now.stage, to, plan.from);
    if (replan.kind === 'noop') return { moved: false, readyMessage: null };
    throw new DomainError('stage_conflict', 'Stage conflict', `The job is now in ${now.stage}; reload it and try again.`, { currentStage: now.stage });
  }
  return { moved: true, readyMessage: landed.readyMessage };
}

/**
 * The move, if the job is still where the plan says: the update and its history row as one
 * statement (which holds the job's row to the end of the transaction), then the ready message when
 * it is due (or, leaving ready, the cancelling of one still waiting out its undo window), the
 * hooks (a passport's event, the calendars). Null when the job was not there (nothing written).
 */
async function landMove(
  tx: Tx,
  store: PipelineStore,
  actor: JobActor,
  jobId: string,
  plan: { from: string; to: string; heldFrom: string | null },
  note: string | null | undefined,
  { at, hooks }: MoveContext,
): Promise<{ readyMessage: ReadyNotice | null } | null> {
  const historyId = randomUUID();
  const h = historyFields(actor, { stage: plan.to, fromStage: plan.from, note, at });
  const landed = await q.moveIfAt(tx, store, actor.shopId, jobId, { expected: plan.from, to: plan.to, heldFrom: plan.heldFrom, historyId }, h);
  if (!landed) return null;
  if (plan.from === store.def.ready) await cancelWaitingReadyMessages(tx, actor.shopId, jobId);
  await hooks.stageEntered(tx, { store, shopId: actor.shopId, job: landed, stage: plan.to, by: isStaff(actor) ? actor.userId : null, at });
  if (plan.to !== store.def.ready) return { readyMessage: null };
  return { readyMessage: await queueReadyMessage(tx, store, actor.shopId, landed, historyId, at) };
}

export interface PaymentInput {
  kind: PaymentKind;
  amountCents: number;
  method?: string | null | undefined;
  note?: string | null | undefined;
}

export async function recordPayment(tx: Tx, store: PipelineStore, actor: Actor, jobId: string, input: PaymentInput, at: Date) {
  // The job row's lock serialises money on one job: the sums it carries (kept by a trigger on payments)
  // are the ones the rules judge and cannot change while it is held, so concurrent refunds never give back more than was paid and deposits never pass the largest amount.
  const job = await loadJob(tx, store, actor, jobId, true);
  if (!paymentAllowed(job, input.kind, input.amountCents)) {
    throw invalidField('amountCents', 'More than one job can take: its payments would add up past the largest amount');
  }
  if (input.kind === 'refund' && !refundAllowed(job, input.amountCents)) {
    throw new DomainError('refund_exceeds_paid', 'Refund exceeds payments', 'A refund cannot be larger than what has been paid on this job', {
      errors: [{ path: 'amountCents', message: 'More than has been paid' }],
    });
  }
  const payment = await q.insertPayment(tx, {
    shopId: actor.shopId,
    customerId: job.customerId,
    jobId,
    kind: input.kind,
    amountCents: input.amountCents,
    method: input.method ?? null,
    note: input.note ?? null,
    recordedBy: actor.userId,
    createdAt: at,
  });
  const totals = await q.totalsOfJob(tx, jobId);
  return {
    id: payment.id,
    kind: payment.kind,
    amountCents: payment.amountCents,
    method: payment.method,
    note: payment.note,
    recordedBy: actor.name,
    createdAt: payment.createdAt,
    voided: null,
    financials: financialsOf(job.quotedCents, job.finalCents, totals),
  };
}

/** A payment row as the API shows it: voided ones say who voided them, when and why. */
export function presentPayment(p: Awaited<ReturnType<typeof q.paymentsOf>>[number]) {
  const { voidedAt, voidedBy, voidReason, ...rest } = p;
  return { ...rest, voided: voidedAt ? { at: voidedAt, by: voidedBy, reason: voidReason ?? '' } : null };
}

/**
 * Voids a payment taken in error: a manager's or owner's act, with a reason. The row stays (marked)
 * and stops counting. Under the job row's lock, like recording one, so two voids, or a void and a
 * refund, are judged one after the other: the second void of one payment is a conflict, and a void
 * that would leave more refunded than paid is refused (void the refund first).
 */
export async function voidPayment(tx: Tx, store: PipelineStore, actor: Actor, jobId: string, paymentId: string, reason: string, at: Date) {
  if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can void a payment');
  const job = await loadJob(tx, store, actor, jobId, true);
  const payment = await q.findPayment(tx, actor.shopId, jobId, paymentId);
  if (!payment) throw notFound('Payment');
  if (payment.voidedAt) throw new DomainError('already_voided', 'Already voided', 'This payment has already been voided');
  if (payment.kind !== 'refund') {
    if (job.paidCents - payment.amountCents < 0) {
      throw new DomainError(
        'refund_exceeds_paid',
        'Refund exceeds payments',
        'Voiding this payment would leave more refunded than paid on this job: void the refund first',
      );
    }
  }
  if (!(await q.markPaymentVoided(tx, actor.shopId, paymentId, actor.userId, reason, at))) {
    throw new DomainError('already_voided', 'Already voided', 'This payment has already been voided');
  }
  const [row] = await q.paymentsOf(tx, jobId, paymentId);
  if (!row) throw new Error('voided payment vanished');
  const totals = await q.totalsOfJob(tx, jobId);
  return { ...presentPayment(row), financials: financialsOf(job.quotedCents, job.finalCents, totals) };
}

export async function addComment(tx: Tx, store: PipelineStore, actor: Actor, jobId: string, body: string, at: Date) {
  await loadJob(tx, store, actor, jobId);
  const id = await q.insertComment(tx, { shopId: actor.shopId, jobId, authorId: actor.userId, body, createdAt: at });
  const [comment] = await q.commentsOf(tx, jobId, [id]);
  if (!comment) throw new Error('comment vanished');
  return comment;
}

/** What a job's detail page shows beside the job itself. */
export async function jobTimeline(tx: Tx, job: { id: string; quotedCents: number | null; finalCents: number | null }) {
  // One after another: a transaction is one connection, and a connection answers one query at a time.
  const stages = await q.historyOf(tx, job.id);
  const totals = await q.totalsOfJob(tx, job.id);
  const comments = await q.commentsOf(tx, job.id);
  const payments = await q.paymentsOf(tx, job.id);
  const notifications = await notificationsOf(tx, job.id);
  return { stages, financials: financialsOf(job.quotedCents, job.finalCents, totals), comments, payments: payments.map(presentPayment), notifications };
}

/** A message staff send on purpose (a re-send): a new row with its own key, recorded as theirs. */
/** Messages that tell the customer the piece is waiting for them: true only while the job is at its ready stage. */
const saysReady: ReadonlySet<string> = new Set(['customer_ready', 'pickup_reminder']);

export async function queueManualMessage(tx: Tx, store: PipelineStore, actor: Actor, jobId: string, event: string) {
  const job = await loadJob(tx, store, actor, jobId);
  if (saysReady.has(event) && job.stage !== store.def.ready) {
    const at = store.def.labels[job.stage] ?? job.stage;
    throw new DomainError('stage_conflict', 'Not ready to collect', `That message tells the customer their piece is ready, and the job is at ${at}.`, {
      currentStage: job.stage,
    });
  }
  const id = randomUUID();
  await insertOutbox(tx, {
    id,
    shopId: actor.shopId,
    topic: event,
    jobKind: store.def.kind,
    jobId,
    idempotencyKey: `${event}:${store.def.kind}:manual:${id}`,
    payload: { jobKind: store.def.kind, jobId, reference: job.reference, manual: true },
    manual: true,
    requestedBy: actor.userId,
  });
  const [queued] = (await notificationsOf(tx, jobId)).filter((m) => m.id === id);
  if (!queued) throw new Error('queued message vanished');
  return queued;
}
