import { randomBytes } from 'node:crypto';
import { and, asc, eq, getTableColumns, ilike, inArray, isNull, notInArray, or, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { preparedOn, preparedSql } from '../../db/prepared.js';
import { comments, customers, jobStages, jobs, payments, shopCounters, shops, users } from '../../db/schema/index.js';
import type { PaymentTotals } from '../../domain/money.js';
import { thumbnailUrlOf } from '../attachments/queries.js';
import type { DetailsTable, PipelineStore } from './store.js';

/** Which of a pipeline's jobs a read wants: one, some stages, none of some stages, or a search. */
export interface JobFilter {
  id?: string;
  stages?: readonly string[];
  excludeStages?: readonly string[];
  q?: string;
}

/** A filter whose id may still be a prepared statement's parameter. */
type ByIdFilter = Omit<JobFilter, 'id'> & { id?: string | Placeholder };

/** What the queries need of a pipeline: its words and its details table. */
type Store = Pick<PipelineStore, 'def' | 'details'>;

const ofKind = (store: Store, shopId: string, id: string) => and(eq(jobs.shopId, shopId), eq(jobs.id, id), eq(jobs.kind, store.def.kind));

/** `lock`: hold the job row until the transaction ends, so money checks read totals no one else is changing. */
export async function findJobCore(tx: Tx, store: Store, shopId: string, id: string, lock = false) {
  const j = jobs;
  const query = tx
    .select({
      id: j.id,
      shopId: j.shopId,
      customerId: j.customerId,
      reference: j.reference,
      stage: j.stage,
      heldFromStage: j.heldFromStage,
      quotedCents: j.quotedCents,
      finalCents: j.finalCents,
      depositCents: j.depositCents,
      paidCents: j.paidCents,
      refundedCents: j.refundedCents,
    })
    .from(j)
    .where(ofKind(store, shopId, id));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

/** Who moved a job, why, and when: the history row's own columns. */
export type HistoryFields = Pick<typeof jobStages.$inferInsert, 'actorId' | 'actorLabel' | 'note'> & { at: Date };

/**
 * A move in one statement: the conditional UPDATE (its WHERE is the stage check, its row lock the
 * concurrency control) and, only when it landed, the history row. Nothing is written when the job
 * is not in `expected`; the answer is then undefined.
 */
export async function moveIfAt(
  tx: Tx,
  store: Store,
  shopId: string,
  id: string,
  move: { expected: string; to: string; heldFrom: string | null; historyId: string },
  h: HistoryFields,
) {
  const kind = store.def.kind;
  const p = sql.placeholder;
  const statement = preparedSql<{ id: string; reference: string }>(
    tx,
    `move_${kind}`,
    () => sql`
    with moved as (
      update ${jobs} set stage = ${p('to')}, held_from_stage = ${p('heldFrom')}, version = version + 1,
             updated_at = ${p('at')}, stage_changed_at = ${p('at')}
      where shop_id = ${p('shopId')} and id = ${p('id')} and kind = ${kind} and stage = ${p('expected')}
      returning id, reference
    ), entered as (
      insert into ${jobStages} (id, shop_id, job_id, kind, stage, from_stage, actor_id, actor_label, note, at)
      select ${p('historyId')}, ${p('shopId')}, moved.id, ${kind}, ${p('to')}, ${p('expected')}, ${p('actorId')}, ${p('actorLabel')}, ${p('note')}, ${p('at')}
      from moved
    )
    select id, reference from moved`,
  );
  const res = await statement.execute({
    ...move,
    shopId,
    id,
    at: h.at,
    actorId: h.actorId ?? null,
    actorLabel: h.actorLabel ?? null,
    note: h.note ?? null,
  });
  return res.rows[0];
}

export async function insertHistory(tx: Tx, store: Store, row: Omit<typeof jobStages.$inferInsert, 'kind'>) {
  const [created] = await tx
    .insert(jobStages)
    .values({ ...row, kind: store.def.kind })
    .returning({ id: jobStages.id });
  if (!created) throw new Error('history insert returned nothing');
  return created.id;
}

/** The next number in this shop's series; the upsert's row lock serialises concurrent creates. */
export async function nextReferenceNumber(tx: Tx, shopId: string, kind: string): Promise<number> {
  const [row] = await tx
    .insert(shopCounters)
    .values({ shopId, kind, lastValue: 1 })
    .onConflictDoUpdate({ target: [shopCounters.shopId, shopCounters.kind], set: { lastValue: sql`${shopCounters.lastValue} + 1` } })
    .returning({ value: shopCounters.lastValue });
  if (!row) throw new Error('counter upsert returned nothing');
  return row.value;
}

/** 144 random bits, URL-safe: the customer's link cannot be guessed. */
export const newTrackingCode = () => randomBytes(18).toString('base64url');

export async function historyOf(tx: Tx, jobId: string) {
  const h = jobStages;
  return tx
    .select({ id: h.id, stage: h.stage, fromStage: h.fromStage, actorId: h.actorId, actorName: users.name, actorLabel: h.actorLabel, note: h.note, at: h.at })
    .from(h)
    .leftJoin(users, eq(users.id, h.actorId))
    .where(eq(h.jobId, jobId))
    .orderBy(asc(h.seq));
}

/** A job's money sums as its row keeps them (a trigger on `payments` adds each payment and takes out each void). */
export async function totalsOfJob(tx: Tx, jobId: string): Promise<PaymentTotals> {
  const [row] = await tx
    .select({ depositCents: jobs.depositCents, paidCents: jobs.paidCents, refundedCents: jobs.refundedCents })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  return row ?? { depositCents: 0, paidCents: 0, refundedCents: 0 };
}

export async function insertPayment(tx: Tx, row: typeof payments.$inferInsert) {
  const [created] = await tx.insert(payments).values(row).returning();
  if (!created) throw new Error('payment insert returned nothing');
  return created;
}

const voider = alias(users, 'voider');

/** A job's payments in the order taken, voided ones included (with who voided them, when and why). */
export async function paymentsOf(tx: Tx, jobId: string, onlyId?: string) {
  return tx
    .select({
      id: payments.id,
      kind: payments.kind,
      amountCents: payments.amountCents,
      method: payments.method,
      note: payments.note,
      recordedBy: users.name,
      createdAt: payments.createdAt,
      voidedAt: payments.voidedAt,
      voidedBy: voider.name,
      voidReason: payments.voidReason,
    })
    .from(payments)
    .leftJoin(users, eq(users.id, payments.recordedBy))
    .leftJoin(voider, eq(voider.id, payments.voidedBy))
    .where(and(eq(payments.jobId, jobId), onlyId ? eq(payments.id, onlyId) : undefined))
    .orderBy(asc(payments.seq));
}

/** One payment of one job, as it stands. */
export async function findPayment(tx: Tx, shopId: string, jobId: string, id: string) {
  const [row] = await tx
    .select({ id: payments.id, kind: payments.kind, amountCents: payments.amountCents, voidedAt: payments.voidedAt })
    .from(payments)
    .where(and(eq(payments.shopId, shopId), eq(payments.jobId, jobId), eq(payments.id, id)));
  return row;
}

/** Marks a payment voided unless it already is; answers whether this call voided it. */
export async function markPaymentVoided(tx: Tx, shopId: string, id: string, by: string, reason: string, at: Date) {
  const rows = await tx
    .update(payments)
    .set({ voidedAt: at, voidedBy: by, voidReason: reason })
    .where(and(eq(payments.shopId, shopId), eq(payments.id, id), isNull(payments.voidedAt)))
    .returning({ id: payments.id });
  return rows.length > 0;
}

export async function insertComment(tx: Tx, row: typeof comments.$inferInsert) {
  const [created] = await tx.insert(comments).values(row).returning({ id: comments.id });
  if (!created) throw new Error('comment insert returned nothing');
  return created.id;
}

export async function commentsOf(tx: Tx, jobId: string, ids?: string[]) {
  return tx
    .select({ id: comments.id, body: comments.body, authorId: comments.authorId, authorName: users.name, createdAt: comments.createdAt })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.jobId, jobId), ids ? inArray(comments.id, ids) : undefined))
    .orderBy(asc(comments.seq));
}

/** Everything a customer message about one job needs: the job, its customer and its shop. */
export async function messageContext(tx: Tx, shopId: string, jobId: string) {
  const j = jobs;
  const [row] = await tx
    .select({
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      trackingCode: j.trackingCode,
      quotedCents: j.quotedCents,
      finalCents: j.finalCents,
      customerName: customers.name,
      customerEmail: customers.email,
      customerPhone: customers.phone,
      preferredChannel: customers.preferredChannel,
      shopName: shops.name,
      currency: shops.currency,
      locale: shops.locale,
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .innerJoin(shops, eq(shops.id, j.shopId))
    .where(and(eq(j.shopId, shopId), eq(j.id, jobId)));
  return row;
}

/**
 * A pipeline's jobs with their customer, the shop's currency, money sums and latest photo (both kept
 * on the job row), plus the pipeline's own columns (`extra`): the list's and a job's one query, the
 * same for every pipeline.
 */
export function selectJobsOf<E extends SelectedFields>(tx: Tx, store: Store, shopId: string, filter: JobFilter, extra: E, orderBy: readonly SQL[]) {
  const { id, ...rest } = filter;
  if (id === undefined || Object.values(rest).some((v) => v !== undefined)) return jobsQuery(tx, store, shopId, filter, extra, orderBy).execute();
  // One job by id: the read after every move, edit and payment, and the detail page. Prepared once per connection.
  const statement = preparedOn(tx, `job_by_id_${store.def.kind}`, () =>
    jobsQuery(tx, store, sql.placeholder('shopId'), { id: sql.placeholder('id') }, extra, orderBy).prepare(`job_by_id_${store.def.kind}`),
  );
  return statement.execute({ shopId, id });
}

function jobsQuery<E extends SelectedFields>(tx: Tx, store: Store, shopId: string | Placeholder, filter: ByIdFilter, extra: E, orderBy: readonly SQL[]) {
  const j = jobs;
  const d = store.details;
  const pattern = filter.q ? containing(filter.q) : undefined;
  const core = {
    id: j.id,
    reference: j.reference,
    title: j.title,
    stage: j.stage,
    heldFromStage: j.heldFromStage,
    customerId: j.customerId,
    customerName: customers.name,
    description: j.description,
    notes: j.notes,
    dueDate: j.dueDate,
    quotedCents: j.quotedCents,
    finalCents: j.finalCents,
    depositCents: j.depositCents,
    paidCents: j.paidCents,
    refundedCents: j.refundedCents,
    currency: shops.currency,
    version: j.version,
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
    stageChangedAt: j.stageChangedAt,
    trackingCode: j.trackingCode,
    thumbnailUrl: thumbnailUrlOf(j.photoId),
  };
  return tx
    .select({ ...core, ...extra })
    .from(j)
    .innerJoin(d, and(eq(d.shopId, j.shopId), eq(d.jobId, j.id)))
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .innerJoin(shops, eq(shops.id, j.shopId))
    .where(
      and(
        eq(j.shopId, shopId),
        eq(j.kind, store.def.kind),
        filter.id ? eq(j.id, filter.id) : undefined,
        filter.stages ? inArray(j.stage, [...filter.stages]) : undefined,
        filter.excludeStages ? notInArray(j.stage, [...filter.excludeStages]) : undefined,
        pattern ? or(ilike(j.reference, pattern), ilike(j.title, pattern), ilike(customers.name, pattern), ilike(j.description, pattern)) : undefined,
      ),
    )
    .orderBy(...orderBy);
}

/**
 * A new job: its row in `jobs` and its row in the pipeline's details table. `input` holds both
 * kinds of field; those the details table has a column for go there.
 */
export async function insertJobRow(tx: Tx, store: Store, base: NewJobRow, input: object) {
  const { core, own } = splitFields(store.details, input);
  const [created] = await tx
    .insert(jobs)
    .values({ ...core, ...base, kind: store.def.kind } as typeof jobs.$inferInsert)
    .returning({ id: jobs.id, reference: jobs.reference });
  if (!created) throw new Error('job insert returned nothing');
  await tx.insert(store.details).values({ ...own, shopId: base.shopId, jobId: created.id });
  return created;
}

/** Last write wins on a job's own fields; every edit bumps its version. */
export async function updateJobRow(tx: Tx, store: Store, shopId: string, id: string, input: object, at: Date) {
  const { core, own } = splitFields(store.details, input);
  await tx
    .update(jobs)
    .set({ ...core, version: sql`${jobs.version} + 1`, updatedAt: at })
    .where(ofKind(store, shopId, id));
  if (Object.keys(own).length > 0) {
    const d = store.details;
    await tx
      .update(d)
      .set(own)
      .where(and(eq(d.shopId, shopId), eq(d.jobId, id)));
  }
}

/** The columns every new job starts with, whatever its pipeline. */
export type NewJobRow = Pick<
  typeof jobs.$inferInsert,
  'shopId' | 'reference' | 'trackingCode' | 'stage' | 'createdBy' | 'createdAt' | 'updatedAt' | 'stageChangedAt'
>;

/** Fields the details table has a column for, and the rest (the job's shared columns); unset fields are left out. */
function splitFields(details: DetailsTable, input: object) {
  const columns = getTableColumns(details);
  const core: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key in columns) own[key] = value;
    else core[key] = value;
  }
  return { core, own };
}
