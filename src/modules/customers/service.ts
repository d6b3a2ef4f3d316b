import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import { type Channel, channelProblem, defaultChannel, toE164 } from '../../domain/contact.js';
import { DomainError, type FieldError, invalidField, notFound } from '../../domain/errors.js';
import { queueCalendarSync } from '../calendar-sync/queue.js';
import * as q from './queries.js';
import type { CustomerInput, CustomerPatch, MergeInput } from './schemas.js';

/** The access helper: a customer of this shop, or "not found" (another shop's customer looks absent). */
export async function loadCustomer(tx: Tx, actor: Actor, id: string) {
  const row = await q.findCustomer(tx, actor.shopId, id);
  if (!row) throw notFound('Customer');
  return row;
}

/** Validates contact details together: the phone is normalised, the channel must be able to reach them. */
async function contactFields(tx: Tx, actor: Actor, input: CustomerPatch, current?: { email: string | null; phone: string | null; preferredChannel: string }) {
  const errors: FieldError[] = [];
  let phone = current?.phone ?? null;
  if (input.phone !== undefined) {
    phone = input.phone ? toE164(input.phone, await q.shopCountry(tx, actor.shopId)) : null;
    if (input.phone && !phone) errors.push({ path: 'phone', message: 'Not a valid phone number' });
  }
  const email = input.email !== undefined ? (input.email ?? null) : (current?.email ?? null);
  const channel: Channel = input.preferredChannel ?? (current?.preferredChannel as Channel | undefined) ?? defaultChannel({ email, phone });
  const problem = channelProblem(channel, { email, phone });
  // Refuse a channel chosen now that cannot reach them, or a change that cuts off the channel they had.
  const breaksWorkingChannel = current !== undefined && channelProblem(channel, current) === null;
  if (problem && errors.length === 0 && (input.preferredChannel !== undefined || breaksWorkingChannel)) {
    errors.push({ path: input.preferredChannel !== undefined ? 'preferredChannel' : channel === 'email' ? 'email' : 'phone', message: problem });
  }
  if (errors.length > 0) throw new DomainError('validation_failed', 'Validation failed', errors.map((e) => e.message).join('; '), { errors });
  return { email, phone, preferredChannel: channel };
}

export function createCustomer(deps: { db: Database }, actor: Actor, input: CustomerInput) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const contact = await contactFields(tx, actor, input);
    return q.insertCustomer(tx, {
      shopId: actor.shopId,
      name: input.name,
      postcode: input.postcode ?? null,
      notes: input.notes ?? null,
      ...contact,
    });
  });
}

export function updateCustomer(deps: { db: Database }, actor: Actor, id: string, input: CustomerPatch) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const current = await loadCustomer(tx, actor, id);
    const contact = await contactFields(tx, actor, input, current);
    await q.updateCustomer(tx, actor.shopId, id, { ...input, ...contact });
    // Appointments' events on the shop's calendars carry the customer's name (due dates do not): push them again.
    if (input.name !== undefined && input.name !== current.name) await resyncAppointments(tx, actor.shopId, await q.appointmentIdsOf(tx, actor.shopId, id));
    return loadCustomer(tx, actor, id);
  });
}

export function searchCustomers(deps: { db: Database }, actor: Actor, query: { q?: string | undefined }) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const asPhone = query.q ? toE164(query.q, await q.shopCountry(tx, actor.shopId)) : null;
    return { items: await q.searchCustomers(tx, actor.shopId, query.q || undefined, asPhone) };
  });
}

export function getCustomer(deps: { db: Database }, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const customer = await loadCustomer(tx, actor, id);
    const jobs = await q.customerJobs(tx, actor.shopId, id);
    const payments = await q.customerPayments(tx, actor.shopId, id);
    const merges = await q.mergesInto(tx, actor.shopId, id);
    return { ...customer, jobs, payments, merges };
  });
}

/**
 * Merges a duplicate customer record into another (a manager's act): its jobs, payments and
 * appointments, and so their messages, move over; contact details the kept record lacks are taken from it, its notes are
 * added; the duplicate is deleted and a merge row records who it was, who merged it and what moved.
 */
export function mergeCustomer(deps: { db: Database }, actor: Actor, id: string, input: MergeInput) {
  return deps.db
    .tenant(actor.shopId, async (tx) => {
      if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can merge customers');
      if (input.intoId === id) throw invalidField('intoId', 'A customer cannot be merged into itself');
      const locked = await q.lockCustomers(tx, actor.shopId, [id, input.intoId]);
      const from = locked.find((c) => c.id === id);
      if (!from) throw notFound('Customer');
      const into = locked.find((c) => c.id === input.intoId);
      if (!into) throw notFound('Customer');
      const { appointmentIds, ...moved } = await q.moveCustomerRecords(tx, actor.shopId, id, input.intoId);
      await q.insertMerge(tx, {
        shopId: actor.shopId,
        mergedId: from.id,
        mergedName: from.name,
        mergedEmail: from.email,
        mergedPhone: from.phone,
        intoId: into.id,
        mergedBy: actor.userId,
        ...moved,
      });
      // Their appointments now name the kept record.
      if (from.name !== into.name) await resyncAppointments(tx, actor.shopId, appointmentIds);
      await q.deleteCustomer(tx, actor.shopId, id);
      const notes = [into.notes, from.notes].filter((n): n is string => Boolean(n?.trim())).join('\n\n');
      await q.updateCustomer(tx, actor.shopId, into.id, {
        email: into.email ?? from.email,
        phone: into.phone ?? from.phone,
        postcode: into.postcode ?? from.postcode,
        notes: notes || null,
      });
    })
    .then(() => getCustomer(deps, actor, input.intoId));
}

async function resyncAppointments(tx: Tx, shopId: string, ids: readonly string[]) {
  for (const id of ids) await queueCalendarSync(tx, shopId, { kind: 'appointment', id });
}

/** For other modules that refer to a customer: does this shop have them? */
export async function customerExists(tx: Tx, actor: Actor, id: string): Promise<boolean> {
  return (await q.findCustomer(tx, actor.shopId, id)) !== undefined;
}
