import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import { type BespokeStage, bespokePipeline } from '../../domain/bespoke-pipeline.js';
import type { Clock } from '../../domain/clock.js';
import { invalidField, notFound } from '../../domain/errors.js';
import { financialsOf } from '../../domain/money.js';
import { isArchived, parseStage, progressOf } from '../../domain/pipeline.js';
import { attachmentsOfJob } from '../attachments/service.js';
import { customerExists } from '../customers/service.js';
import * as engine from '../pipeline/engine.js';
import { presentComment, presentStage } from '../pipeline/present.js';
import type { MoveBody, PaymentBody } from '../pipeline/schemas.js';
import * as q from './queries.js';
import type { CreateInput, ListQuery, PatchInput } from './schemas.js';
import { bespokeStore } from './store.js';

type Links = { config: { publicUrl: string } };

// Every column written out rather than `...row` then extra keys: adding keys to a spread copy turns
// each object into a slow dictionary, which made building and serialising a 2,000-job board ~10× slower.
// `satisfies` keeps it honest: a column added to selectJobs and not listed here fails to compile.
function present(row: q.JobRow, links: Links) {
  const stage = row.stage as BespokeStage;
  const held = row.heldFromStage as BespokeStage | null;
  const f = financialsOf(row.quotedCents, row.finalCents, row);
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    stage,
    heldFromStage: held,
    customerId: row.customerId,
    customerName: row.customerName,
    jewelleryType: row.jewelleryType,
    description: row.description,
    notes: row.notes,
    metal: row.metal,
    stones: row.stones,
    dueDate: row.dueDate,
    quotedCents: row.quotedCents,
    finalCents: row.finalCents,
    budgetCents: row.budgetCents,
    depositCents: f.depositCents,
    paidCents: f.paidCents,
    refundedCents: row.refundedCents,
    currency: row.currency,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    stageChangedAt: row.stageChangedAt,
    trackingCode: row.trackingCode,
    thumbnailUrl: row.thumbnailUrl,
    stageLabel: bespokePipeline.labels[stage],
    progress: progressOf(bespokePipeline, stage, held),
    customer: { id: row.customerId, name: row.customerName },
    balanceOwingCents: f.balanceOwingCents,
    tracking: { code: row.trackingCode, url: `${links.config.publicUrl}/track/${row.trackingCode}` },
  } satisfies Record<keyof q.JobRow, unknown> & Record<string, unknown>;
}

async function jobIn(tx: Tx, actor: Actor, id: string, links: Links) {
  const [row] = await q.selectJobs(tx, actor.shopId, { id });
  if (!row) throw notFound('Bespoke job');
  return present(row, links);
}

async function requireCustomer(tx: Tx, actor: Actor, customerId: string) {
  if (!(await customerExists(tx, actor, customerId))) throw invalidField('customerId', 'No such customer in this shop');
}

export function createJob(deps: { db: Database; clock: Clock } & Links, actor: Actor, input: CreateInput) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    await requireCustomer(tx, actor, input.customerId);
    const at = deps.clock.now();
    const identity = await engine.newJobIdentity(tx, bespokeStore, actor.shopId);
    const created = await q.insertJob(tx, {
      ...input,
      ...identity,
      shopId: actor.shopId,
      stage: bespokePipeline.initial,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      stageChangedAt: at,
    });
    await engine.recordStageEntry(tx, bespokeStore, actor, created, { stage: bespokePipeline.initial, fromStage: null, at });
    return jobIn(tx, actor, created.id, deps);
  });
}

export function listJobs(deps: { db: Database } & Links, actor: Actor, query: ListQuery) {
  const archived = query.archived === 'true' || query.archived === '1';
  const stage = query.stage === undefined || query.stage === '' ? undefined : parseStage(bespokePipeline, query.stage);
  return deps.db.tenant(actor.shopId, async (tx) => {
    const rows = await q.selectJobs(tx, actor.shopId, {
      ...(stage ? { stages: [stage] } : {}),
      // Asking for an archived stage by name is asking to see it.
      ...(archived || (stage && isArchived(bespokePipeline, stage)) ? {} : { excludeStages: bespokePipeline.archived }),
      ...(query.q ? { q: query.q } : {}),
    });
    return { items: rows.map((r) => present(r, deps)) };
  });
}

export function getJob(deps: { db: Database } & Links, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const job = await jobIn(tx, actor, id, deps);
    const t = await engine.jobTimeline(tx, bespokeStore, job);
    return {
      ...job,
      stages: t.stages.map(presentStage),
      financials: t.financials,
      attachments: await attachmentsOfJob(tx, bespokeStore, actor.shopId, id),
      comments: t.comments.map(presentComment),
      payments: t.payments,
      notifications: t.notifications,
    };
  });
}

export function updateJob(deps: { db: Database; clock: Clock } & Links, actor: Actor, id: string, input: PatchInput) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    await engine.loadJob(tx, bespokeStore, actor, id);
    if (input.customerId) await requireCustomer(tx, actor, input.customerId);
    if (Object.keys(input).length > 0) await q.updateJob(tx, actor.shopId, id, input, deps.clock.now());
    return jobIn(tx, actor, id, deps);
  });
}

export function moveJob(deps: { db: Database; clock: Clock } & Links, actor: Actor, id: string, input: MoveBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { moved } = await engine.moveStage(tx, bespokeStore, actor, id, input, deps.clock.now());
    return { job: await jobIn(tx, actor, id, deps), moved };
  });
}

export function addComment(deps: { db: Database; clock: Clock }, actor: Actor, id: string, body: string) {
  return deps.db.tenant(actor.shopId, async (tx) => presentComment(await engine.addComment(tx, bespokeStore, actor, id, body, deps.clock.now())));
}

export function recordPayment(deps: { db: Database; clock: Clock }, actor: Actor, id: string, input: PaymentBody) {
  return deps.db.tenant(actor.shopId, (tx) => engine.recordPayment(tx, bespokeStore, actor, id, input, deps.clock.now()));
}
