import type { Database, Tx } from '../../db/client.js';
import type { LinkActor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, invalidField } from '../../domain/errors.js';
import { formatMoney, priceOf } from '../../domain/money.js';
import { isCalledOff, progressOf } from '../../domain/pipeline.js';
import { LINK_HOLDER_LABEL, normaliseReference, renderStages, rendersKey, stepsOf, verifierMatches } from '../../domain/tracking.js';
import { linkKey } from '../attachments/links.js';
import { type CustomerAttachment, customerAttachmentsIn } from '../attachments/service.js';
import type { PipelineEntry } from '../jobs/entry.js';
import { pipelineOf, pipelines } from '../jobs/registry.js';
import { insertMessage, messagesOf } from '../messages/queries.js';
import * as engine from '../pipeline/engine.js';
import type { JobHooks } from '../pipeline/job-hooks.js';
import { totalsOfJob } from '../pipeline/queries.js';
import { trackingMiss } from './guard.js';
import * as q from './queries.js';
import type { DecisionBody, LookupBody, QuoteDecisionBody, TrackingView } from './schemas.js';

export interface TrackingDeps {
  db: Database;
  clock: Clock;
  /** Who acts in a move's transaction (see `engine.moveStage`). */
  jobHooks: JobHooks;
  config: { publicUrl: string; secret?: string | undefined };
}

/** What a tracking link is: base64url, 24 characters for the 144 bits every job is given. */
const CODE_SHAPE = /^[A-Za-z0-9_-]{22,64}$/;

export const trackingUrlOf = (publicUrl: string, code: string) => `${publicUrl}/track/${code}`;

const linkHolder = (shopId: string): LinkActor => ({ shopId, label: LINK_HOLDER_LABEL });

/** The job a code names, from any shop: the one step taken before the shop is known. */
async function resolveCode(deps: TrackingDeps, code: string) {
  if (!CODE_SHAPE.test(code)) throw trackingMiss();
  const job = await deps.db.system((tx) => q.jobByCode(tx, code));
  const pipeline = job ? pipelineOf(job.kind) : undefined;
  if (!job || !pipeline) throw trackingMiss();
  return { id: job.id, shopId: job.shopId, pipeline };
}

/** The pipeline a typed reference belongs to, by its prefix (B-0042, R-0042). */
function pipelineOfReference(reference: string): PipelineEntry | undefined {
  return pipelines.find((p) => reference.startsWith(`${p.def.referencePrefix}-`));
}

/** The job a typed reference names, if the customer proves it is theirs by the shop's chosen verifier. */
async function resolveReference(deps: TrackingDeps, input: LookupBody) {
  const reference = normaliseReference(input.reference);
  const pipeline = pipelineOfReference(reference);
  if (!pipeline) throw trackingMiss();
  const candidates = (await deps.db.system((tx) => q.jobsByReference(tx, pipeline.kind, reference))).map((c) => ({ ...c, pipeline }));
  const matches = candidates.filter(
    (c) => (input.shop === undefined || c.shopId === input.shop) && verifierMatches(c.verifier, { name: c.customerName, postcode: c.postcode }, input.verifier),
  );
  // References are per shop. Two shops' jobs with the same reference and the same surname cannot be told
  // apart without the shop (the shop's own link to /track names it): neither is shown.
  const [only] = matches;
  if (!only || matches.length > 1) throw trackingMiss();
  return only;
}

function renders(files: readonly CustomerAttachment[]) {
  return files.filter((f) => (renderStages as readonly string[]).includes(f.stage));
}

async function viewIn(tx: Tx, deps: TrackingDeps, key: Buffer, pipeline: PipelineEntry, shopId: string, jobId: string): Promise<TrackingView> {
  // One after another: a transaction is one connection, and a connection answers one query at a time.
  const def = pipeline.def;
  const review = pipeline.designReview;
  const job = await q.customerJob(tx, shopId, jobId);
  const shop = await q.shopContact(tx, shopId);
  if (!job || !shop) throw trackingMiss();
  const settings = await q.loadTrackingSettings(tx, shopId);
  const stage = job.stage;
  const held = job.heldFromStage;
  const files = await customerAttachmentsIn(tx, deps, key, shopId, jobId);
  const totals = await totalsOfJob(tx, jobId);
  const entered = await q.enteredStages(tx, shopId, jobId);
  // Design reviews belong to pipelines whose customers approve renders, quotes to those whose customers answer one; messages to every job.
  const atReview = review !== undefined && stage === review.stage;
  const reviews = atReview ? await q.reviewsOf(tx, shopId, jobId) : [];
  const round = atReview ? await q.latestArrival(tx, shopId, jobId, review.stage) : undefined;
  const messages = await messagesOf(tx, shopId, jobId);
  const quote = pipeline.quoteDecision;
  const quoteLines = quote && stage === quote.stage ? await quote.lines(tx, shopId, jobId) : [];
  const money = (cents: number) => formatMoney(cents, shop.currency, shop.locale);
  const price = priceOf(job.quotedCents, job.finalCents);
  const balance = price - totals.paidCents;
  const shown = renders(files);
  // Decided in this round: renders sent again after the job went back (and returned) can be decided anew.
  const decided = reviews.find((r) => r.roundId === round && r.rendersKey === rendersKey(shown.map((f) => f.id)));
  return {
    shop: {
      name: shop.name,
      phone: shop.phone,
      email: shop.email,
      address: shop.address,
      openingHours: shop.openingHours,
      logoUrl: shop.logoUrl,
      locale: shop.locale,
      timeZone: shop.timeZone,
    },
    reference: job.reference,
    title: job.title,
    stage,
    stageLabel: def.customerLabels[stage] ?? stage,
    progress: progressOf(def, stage, held),
    steps: stepsOf(def, stage, held, entered),
    estimatedCompletion: job.dueDate,
    attachments: files.map((f) => ({
      id: f.id,
      caption: f.caption,
      stage: f.stage,
      contentType: f.contentType,
      width: f.width,
      height: f.height,
      url: f.url,
      thumbnailUrl: f.thumbnailUrl,
      createdAt: f.createdAt,
    })),
    // A cancelled job owes nothing: the customer is not shown the price still to pay for a piece that will not be made.
    balanceDue:
      settings.showBalance && (job.quotedCents !== null || job.finalCents !== null) && !isCalledOff(def, stage)
        ? { amountCents: balance, currency: shop.currency, formatted: money(balance) }
        : null,
    quote:
      quoteLines.length > 0
        ? {
            lines: quoteLines.map((l) => ({
              work: l.work,
              description: l.description,
              formatted: money(l.priceCents),
            })),
            totalCents: price,
            formatted: money(price),
          }
        : null,
    canMessage: true,
    approval:
      review && stage === review.stage && shown.length > 0
        ? {
            attachmentIds: shown.map((f) => f.id),
            decision: decided ? { decision: decided.decision, comment: decided.comment, at: decided.at } : null,
          }
        : null,
    messages: messages.map((m) => ({ id: m.id, from: m.direction === 'from_customer' ? 'customer' : 'shop', body: m.body, at: m.createdAt })),
    trackingUrl: trackingUrlOf(deps.config.publicUrl, job.trackingCode),
  };
}

async function view(deps: TrackingDeps, pipeline: PipelineEntry, shopId: string, jobId: string) {
  const key = await linkKey(deps);
  return deps.db.tenant(shopId, (tx) => viewIn(tx, deps, key, pipeline, shopId, jobId));
}

export async function trackByCode(deps: TrackingDeps, code: string) {
  const job = await resolveCode(deps, code);
  return view(deps, job.pipeline, job.shopId, job.id);
}

export async function trackByReference(deps: TrackingDeps, input: LookupBody) {
  const job = await resolveReference(deps, input);
  return view(deps, job.pipeline, job.shopId, job.id);
}

/**
 * A repair customer's answer to the quote. Approval moves the job from quoted to approved; a decline
 * puts it on hold with the customer's words, so the bench does not start and the shop calls them.
 */
export async function decideQuote(deps: TrackingDeps, code: string, input: QuoteDecisionBody) {
  const job = await resolveCode(deps, code);
  const quote = job.pipeline.quoteDecision;
  if (!quote) throw trackingMiss();
  const comment = input.comment?.trim() || null;
  const key = await linkKey(deps);
  return deps.db.tenant(job.shopId, async (tx) => {
    const at = deps.clock.now();
    const actor = linkHolder(job.shopId);
    const note =
      input.decision === 'approved'
        ? `Quote approved by the customer${comment ? `: ${comment}` : ''}`
        : `Quote declined by the customer${comment ? `: ${comment}` : ''}`;
    const to = input.decision === 'approved' ? quote.approvedTo : quote.declinedTo;
    try {
      const { moved } = await engine.moveStage(tx, job.pipeline.store, actor, job.id, { from: quote.stage, to, note }, { at, hooks: deps.jobHooks });
      return { decision: input.decision, moved, view: await viewIn(tx, deps, key, job.pipeline, job.shopId, job.id) };
    } catch (err) {
      if (err instanceof DomainError && err.code === 'stage_conflict') {
        throw new DomainError(
          'stage_conflict',
          'Not waiting for your answer',
          'This quote is no longer waiting for your answer; reload the page to see where your repair is.',
          err.extra,
        );
      }
      throw err;
    }
  });
}

/** The shop's own words for a decision, as the history and the staff timeline show it. */
function decisionNote(decision: DecisionBody['decision'], count: number, comment: string | null | undefined) {
  const what = `${count} render${count === 1 ? '' : 's'}`;
  return decision === 'approved' ? `Design approved by the customer (${what})${comment ? `: ${comment}` : ''}` : (comment ?? '');
}

/**
 * The customer's decision on the renders they were shown. Each version of the renders keeps one
 * decision in each round (each time the job arrives at the review stage): a second one for the same
 * files (a double click, another tab) is not recorded again.
 * Approval moves the job to setting when the shop says so; a change request sends it back to cad
 * with the customer's words as the note.
 */
export async function decide(deps: TrackingDeps, code: string, input: DecisionBody) {
  const job = await resolveCode(deps, code);
  const review = job.pipeline.designReview;
  if (!review) throw trackingMiss();
  const { store } = job.pipeline;
  const comment = input.comment?.trim() || null;
  if (input.decision === 'changes_requested' && !comment) throw invalidField('comment', 'Tell the shop what you would like changed');
  const key = await linkKey(deps);
  return deps.db.tenant(job.shopId, async (tx) => {
    const at = deps.clock.now();
    const current = await q.customerJob(tx, job.shopId, job.id);
    if (!current) throw trackingMiss();
    if (current.stage !== review.stage) {
      throw new DomainError(
        'stage_conflict',
        'Not waiting for approval',
        'This design is no longer waiting for your approval; reload the page to see where your piece is.',
        {
          currentStage: current.stage,
        },
      );
    }
    const shown = renders(await customerAttachmentsIn(tx, deps, key, job.shopId, job.id));
    const version = rendersKey(shown.map((f) => f.id));
    if (shown.length === 0 || rendersKey(input.attachmentIds) !== version) {
      throw new DomainError(
        'stage_conflict',
        'The design has changed',
        'The shop has changed the design since you opened this page; reload it to see the latest.',
        {
          currentStage: current.stage,
        },
      );
    }
    const ids = version.split(',');
    const roundId = await q.latestArrival(tx, job.shopId, job.id, review.stage);
    if (!roundId) throw new Error(`job ${job.id} is at ${review.stage} with no arrival there in its history`);
    const recorded = await q.insertReview(tx, {
      shopId: job.shopId,
      jobId: job.id,
      roundId,
      attachmentIds: ids,
      rendersKey: version,
      decision: input.decision,
      comment,
      actorLabel: LINK_HOLDER_LABEL,
      at,
    });
    let moved = false;
    if (recorded) {
      const actor = linkHolder(job.shopId);
      const note = decisionNote(input.decision, ids.length, comment);
      const settings = await q.loadTrackingSettings(tx, job.shopId);
      if (input.decision === 'changes_requested') {
        moved = (await engine.moveStage(tx, store, actor, job.id, { from: review.stage, to: review.declinedTo, note }, { at, hooks: deps.jobHooks })).moved;
      } else if (settings.approvalAdvances) {
        moved = (await engine.moveStage(tx, store, actor, job.id, { from: review.stage, to: review.approvedTo, note }, { at, hooks: deps.jobHooks })).moved;
      } else {
        // Not a move: the decision is written in the history at the stage it was made in.
        await engine.recordStageEntry(
          tx,
          store,
          actor,
          { id: job.id, reference: current.reference },
          { stage: review.stage, fromStage: review.stage, note, at },
          deps.jobHooks,
        );
      }
    }
    return { decision: input.decision, recorded: recorded !== undefined, moved, view: await viewIn(tx, deps, key, job.pipeline, job.shopId, job.id) };
  });
}

/** A short message from the customer to the shop about a job of any pipeline; staff see it on the job, unread until opened. */
export async function sendCustomerMessage(deps: TrackingDeps, code: string, body: string) {
  const job = await resolveCode(deps, code);
  return deps.db.tenant(job.shopId, async (tx) => {
    const at = deps.clock.now();
    const text = body.trim();
    const id = await insertMessage(tx, { shopId: job.shopId, jobId: job.id, direction: 'from_customer', body: text, readAt: null, createdAt: at });
    return { id, from: 'customer' as const, body: text, at };
  });
}
