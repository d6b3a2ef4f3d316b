import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, invalidField, notFound } from '../../domain/errors.js';
import { isOverdue, itemLabel, linkRefusal, memoCounter, memoReference, parseMemoReference, recordStatus, settleOrThrow } from '../../domain/memos.js';
import { dayIn } from '../calendar/service.js';
import type { PipelineEntry } from '../jobs/entry.js';
import { pipelineOf } from '../jobs/registry.js';
import { nextReferenceNumber } from '../pipeline/queries.js';
import { memoDocument } from './pdf.js';
import * as q from './queries.js';
import type { CreateMemoBody, ItemInput, ListQuery, MemoSettingsBody, PatchMemoBody, ReconcileBody } from './schemas.js';

type Deps = { db: Database; clock: Clock };

const memoNotFound = () => notFound('Memo');
const itemNotFound = () => notFound('Memo item');

async function todayOf(tx: Tx, shopId: string, clock: Clock) {
  const shop = await q.shopOf(tx, shopId);
  return dayIn(shop?.timeZone ?? 'UTC', clock.now());
}

const contactOf = (c: q.ContactRow) => ({ id: c.id, name: c.name, company: c.company, email: c.email, phone: c.phone, address: c.address });

function jobOf(item: q.MemoItemRow, reference: string | null, title: string | null) {
  if (!item.jobId || !item.jobKind) return null;
  const pipeline = pipelineOf(item.jobKind);
  return { kind: item.jobKind, id: item.jobId, reference: reference ?? '', title: title ?? '', staffPath: `${pipeline?.staffPath ?? ''}/${item.jobId}` };
}

function presentItem(r: q.ItemWithJob, dueBackOn: string | null, today: string) {
  const i = r.item;
  return {
    id: i.id,
    position: i.position,
    kind: i.kind,
    stoneType: i.stoneType,
    shape: i.shape,
    carat: i.carat,
    colour: i.colour,
    clarity: i.clarity,
    measurements: i.measurements,
    certificateLab: i.certificateLab,
    certificateNumber: i.certificateNumber,
    description: i.description,
    costCents: i.costCents,
    retailCents: i.retailCents,
    soldCents: i.soldCents,
    status: i.status,
    settledAt: i.settledAt,
    overdue: isOverdue(i.status, dueBackOn, today),
    label: itemLabel(i),
    job: jobOf(i, r.jobReference, r.jobTitle),
  };
}

function presentWithRecord(r: q.ItemWithRecord, today: string) {
  return {
    ...presentItem(r, r.dueBackOn, today),
    memo: { id: r.memoId, reference: memoReference(r.direction, r.number), direction: r.direction, contactName: r.contactName, dueBackOn: r.dueBackOn },
  };
}

function presentSummary(
  m: q.MemoRow,
  contact: q.ContactRow,
  c: { itemCount: number; activeCount: number; costCents: number; retailCents: number },
  today: string,
) {
  return {
    id: m.id,
    reference: memoReference(m.direction, m.number),
    direction: m.direction,
    contact: contactOf(contact),
    receivedOn: m.receivedOn,
    dueBackOn: m.dueBackOn,
    status: m.status,
    itemCount: c.itemCount,
    activeCount: c.activeCount,
    overdue: c.activeCount > 0 && isOverdue('active', m.dueBackOn, today),
    costCents: Number(c.costCents),
    retailCents: Number(c.retailCents),
    createdAt: m.createdAt,
  };
}

async function detailIn(tx: Tx, shopId: string, id: string, today: string) {
  const found = await q.findMemo(tx, shopId, id);
  if (!found) throw memoNotFound();
  const items = await q.itemsOf(tx, shopId, id);
  const counts = await q.countsOf(tx, shopId, id);
  return {
    ...presentSummary(found.memo, found.contact, counts, today),
    terms: found.memo.terms,
    notes: found.memo.notes,
    items: items.map((r) => presentItem(r, found.memo.dueBackOn, today)),
  };
}

const itemRow = (shopId: string, memoId: string, position: number, i: ItemInput) => ({
  shopId,
  memoId,
  position,
  kind: i.kind,
  stoneType: i.kind === 'stone' ? i.stoneType : null,
  shape: i.shape,
  carat: i.carat ?? null,
  colour: i.colour,
  clarity: i.clarity,
  measurements: i.measurements,
  certificateLab: i.certificateLab,
  certificateNumber: i.certificateNumber,
  description: i.description,
  costCents: i.costCents ?? null,
  retailCents: i.retailCents ?? null,
});

export async function listMemos(deps: Deps, actor: Actor, query: ListQuery) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const today = await todayOf(tx, actor.shopId, deps.clock);
    const rows = await q.listMemos(tx, actor.shopId, {
      status: query.status,
      direction: query.direction,
      overdueBefore: query.overdue === 'true' ? today : undefined,
      q: query.q || undefined,
      number: query.q ? parseMemoReference(query.q) : null,
    });
    return { items: rows.map((r) => presentSummary(r.memo, r.contact, r, today)), today };
  });
}

/** Takes a parcel in or sends a consignment out: the contact (found or added), the record with its next number, and its items. */
export async function createMemo(deps: Deps, actor: Actor, body: CreateMemoBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    let contactId = body.contactId;
    if (contactId) {
      if (!(await q.findContact(tx, actor.shopId, contactId))) throw invalidField('contactId', 'No such contact in your shop');
    } else if (body.contact) {
      contactId = (await q.insertContact(tx, { shopId: actor.shopId, ...body.contact, email: body.contact.email ?? null })).id;
    }
    if (!contactId) throw invalidField('contact', 'Choose a contact or add a new one');
    const number = await nextReferenceNumber(tx, actor.shopId, memoCounter(body.direction));
    const at = deps.clock.now();
    const { id } = await q.insertMemo(tx, {
      shopId: actor.shopId,
      direction: body.direction,
      number,
      contactId,
      receivedOn: body.receivedOn,
      dueBackOn: body.dueBackOn ?? null,
      terms: body.terms,
      notes: body.notes,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    });
    await q.insertItems(
      tx,
      body.items.map((i, n) => itemRow(actor.shopId, id, n + 1, i)),
    );
    return detailIn(tx, actor.shopId, id, await todayOf(tx, actor.shopId, deps.clock));
  });
}

export async function getMemo(deps: Deps, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => detailIn(tx, actor.shopId, id, await todayOf(tx, actor.shopId, deps.clock)));
}

export async function patchMemo(deps: Deps, actor: Actor, id: string, body: PatchMemoBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const found = await q.findMemo(tx, actor.shopId, id, true);
    if (!found) throw memoNotFound();
    const receivedOn = body.receivedOn ?? found.memo.receivedOn;
    const dueBackOn = body.dueBackOn === undefined ? found.memo.dueBackOn : body.dueBackOn;
    if (dueBackOn !== null && dueBackOn < receivedOn) throw invalidField('dueBackOn', 'Due back must be on or after the day received');
    await q.updateMemo(tx, actor.shopId, id, {
      receivedOn,
      dueBackOn,
      ...(body.terms !== undefined ? { terms: body.terms } : {}),
      ...(body.notes !== undefined ? { notes: body.notes } : {}),
      updatedAt: deps.clock.now(),
    });
    return detailIn(tx, actor.shopId, id, await todayOf(tx, actor.shopId, deps.clock));
  });
}

/** A stone or piece added to a record later (a second packet in the same parcel). The record becomes active again. */
export async function addItem(deps: Deps, actor: Actor, id: string, item: ItemInput) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const found = await q.findMemo(tx, actor.shopId, id, true);
    if (!found) throw memoNotFound();
    await q.insertItems(tx, [itemRow(actor.shopId, id, await q.nextPosition(tx, actor.shopId, id), item)]);
    await refreshStatus(tx, actor.shopId, id, deps.clock.now());
    return detailIn(tx, actor.shopId, id, await todayOf(tx, actor.shopId, deps.clock));
  });
}

async function refreshStatus(tx: Tx, shopId: string, memoId: string, at: Date) {
  const status = recordStatus(await q.statusesOf(tx, shopId, memoId));
  await q.updateMemo(tx, shopId, memoId, { status, updatedAt: at });
}

/**
 * What a consignment piece sold for, the amount the consignee owes: the price given, else its asking price
 * (which stays as it was, as on the printed note). A memo item taken in is bought at its cost: no sale price.
 */
function soldPriceOf(direction: q.MemoRow['direction'], retailCents: number | null, body: ReconcileBody): number | null {
  if (direction === 'in') {
    if (body.priceCents !== undefined) throw invalidField('priceCents', 'Only a consignment piece sold has a sale price; a memo item is bought at its cost');
    return null;
  }
  if (body.outcome !== 'sold') return null;
  const price = body.priceCents ?? retailCents;
  if (price === null) throw invalidField('priceCents', 'Say what it sold for: the amount the consignee owes you');
  return price;
}

/**
 * Records how a lent item ended: returned, sold (into a piece, or by the consignee), expired or lost.
 * The record's row lock serialises it with every other change to the record; the same outcome twice
 * changes nothing, another outcome of a settled item is refused.
 */
export async function reconcileItem(deps: Deps, actor: Actor, memoId: string, itemId: string, body: ReconcileBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const found = await q.findMemo(tx, actor.shopId, memoId, true);
    if (!found) throw memoNotFound();
    const item = await q.findItem(tx, actor.shopId, itemId);
    if (!item || item.memoId !== memoId) throw itemNotFound();
    if (settleOrThrow(item.item.status, body.outcome) === 'settle') {
      const soldCents = soldPriceOf(found.memo.direction, item.item.retailCents, body);
      const at = deps.clock.now();
      await q.setItem(tx, actor.shopId, itemId, { status: body.outcome, settledAt: at, settledBy: actor.userId, soldCents });
      await refreshStatus(tx, actor.shopId, memoId, at);
    }
    return detailIn(tx, actor.shopId, memoId, await todayOf(tx, actor.shopId, deps.clock));
  });
}

export async function overdue(deps: Deps, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const today = await todayOf(tx, actor.shopId, deps.clock);
    const rows = await q.overdueItems(tx, actor.shopId, today);
    return { items: rows.map((r) => presentWithRecord(r, today)), today };
  });
}

export async function availableItems(deps: Deps, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const today = await todayOf(tx, actor.shopId, deps.clock);
    return { items: (await q.availableItems(tx, actor.shopId)).map((r) => presentWithRecord(r, today)) };
  });
}

export async function listContacts(deps: { db: Database }, actor: Actor, query: { q?: string }) {
  return deps.db.tenant(actor.shopId, async (tx) => ({ items: (await q.listContacts(tx, actor.shopId, query.q || undefined)).map(contactOf) }));
}

async function jobItemsIn(tx: Tx, shopId: string, jobId: string, clock: Clock) {
  const today = await todayOf(tx, shopId, clock);
  return { items: (await q.itemsOfJob(tx, shopId, jobId)).map((r) => presentWithRecord(r, today)) };
}

const jobNotFound = (pipeline: PipelineEntry) => notFound(`${pipeline.noun[0]?.toUpperCase()}${pipeline.noun.slice(1)}`);

/** The memo items a job uses. */
export async function jobItems(deps: Deps, actor: Actor, pipeline: PipelineEntry, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await q.findJob(tx, actor.shopId, pipeline.kind, jobId))) throw jobNotFound(pipeline);
    return jobItemsIn(tx, actor.shopId, jobId, deps.clock);
  });
}

/** Links a stone or piece on memo to the job that uses it; linking it again is no change. */
export async function linkItem(deps: Deps, actor: Actor, pipeline: PipelineEntry, jobId: string, itemId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await q.findJob(tx, actor.shopId, pipeline.kind, jobId))) throw jobNotFound(pipeline);
    const peek = await q.findItem(tx, actor.shopId, itemId);
    if (!peek) throw itemNotFound();
    // The record's lock, then a fresh read: a reconcile or another link of the same item waits its turn.
    await q.findMemo(tx, actor.shopId, peek.memoId, true);
    const item = await q.findItem(tx, actor.shopId, itemId);
    if (!item) throw itemNotFound();
    const refusal = linkRefusal({ direction: item.direction, status: item.item.status, jobId: item.item.jobId }, jobId);
    if (refusal) throw new DomainError('memo_item_unavailable', 'Item cannot be linked', refusal);
    if (item.item.jobId !== jobId) await q.setItem(tx, actor.shopId, itemId, { jobId, jobKind: pipeline.kind });
    return jobItemsIn(tx, actor.shopId, jobId, deps.clock);
  });
}

/** Unlinks an item from the job (picked by mistake); its memo status is left as it is. */
export async function unlinkItem(deps: Deps, actor: Actor, pipeline: PipelineEntry, jobId: string, itemId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await q.findJob(tx, actor.shopId, pipeline.kind, jobId))) throw jobNotFound(pipeline);
    const item = await q.findItem(tx, actor.shopId, itemId);
    if (!item || item.item.jobId !== jobId) throw itemNotFound();
    await q.findMemo(tx, actor.shopId, item.memoId, true);
    await q.setItem(tx, actor.shopId, itemId, { jobId: null, jobKind: null });
    return jobItemsIn(tx, actor.shopId, jobId, deps.clock);
  });
}

async function settingsIn(tx: Tx, shopId: string) {
  const shop = await q.shopOf(tx, shopId);
  return { overdueEmail: shop?.memoOverdueEmail ?? false, recipient: shop?.memoOverdueTo ?? null, ownerEmail: (await q.firstOwner(tx, shopId))?.email ?? null };
}

export async function getSettings(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, (tx) => settingsIn(tx, actor.shopId));
}

export async function setSettings(deps: { db: Database }, actor: Actor, body: MemoSettingsBody) {
  if (actor.role !== 'owner' && actor.role !== 'manager') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change this setting');
  return deps.db.tenant(actor.shopId, async (tx) => {
    await q.setOverdueEmail(tx, actor.shopId, body.overdueEmail, body.recipient);
    return settingsIn(tx, actor.shopId);
  });
}

/** The memo document to send with the parcel (or the consignment), A4. */
export async function memoPdf(deps: Deps, actor: Actor, id: string) {
  const { detail, shop } = await deps.db.tenant(actor.shopId, async (tx) => {
    const detail = await detailIn(tx, actor.shopId, id, await todayOf(tx, actor.shopId, deps.clock));
    const shop = await q.shopOf(tx, actor.shopId);
    if (!shop) throw memoNotFound();
    return { detail, shop };
  });
  const pdf = await memoDocument({
    shop,
    reference: detail.reference,
    direction: detail.direction,
    contact: detail.contact,
    receivedOn: detail.receivedOn,
    dueBackOn: detail.dueBackOn,
    terms: detail.terms,
    items: detail.items,
    currency: shop.currency,
    locale: shop.locale,
  });
  return { pdf, fileName: `${detail.reference}.pdf` };
}
