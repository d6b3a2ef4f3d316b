import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { appointments, customerMerges, customers, jobs, payments, shops, users } from '../../db/schema/index.js';
import { selectAllJobs } from '../jobs/queries.js';

export const customerColumns = {
  id: customers.id,
  name: customers.name,
  email: customers.email,
  phone: customers.phone,
  preferredChannel: customers.preferredChannel,
  postcode: customers.postcode,
  notes: customers.notes,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

export async function findCustomer(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.id, id)));
  return row;
}

export async function shopCountry(tx: Tx, shopId: string): Promise<string> {
  const [row] = await tx.select({ country: shops.country }).from(shops).where(eq(shops.id, shopId));
  return row?.country ?? 'GB';
}

export async function searchCustomers(tx: Tx, shopId: string, q: string | undefined, phoneQuery: string | null) {
  const pattern = q ? containing(q) : undefined;
  const digits = q?.replace(/\D/g, '');
  // Numbers are kept as +44 7911…; a number typed as dialled at home starts with its trunk 0 (07911…), which is not in it.
  const dialled = digits?.replace(/^0+/, '');
  const match = pattern
    ? or(
        ilike(customers.name, pattern),
        ilike(customers.email, pattern),
        phoneQuery ? eq(customers.phone, phoneQuery) : undefined,
        digits && dialled && digits.length >= 4 ? ilike(customers.phone, `%${dialled}%`) : undefined,
      )
    : undefined;
  return (
    tx
      .select(customerColumns)
      .from(customers)
      .where(and(eq(customers.shopId, shopId), match))
      // Found by a search: by name. Opened without one: the customers seen to most lately, who are the likeliest at the counter.
      .orderBy(...(pattern ? [customers.name] : [desc(customers.updatedAt), customers.name]))
      .limit(200)
  );
}

export async function insertCustomer(tx: Tx, row: typeof customers.$inferInsert) {
  const [created] = await tx.insert(customers).values(row).returning(customerColumns);
  if (!created) throw new Error('customer insert returned nothing');
  return created;
}

export async function updateCustomer(tx: Tx, shopId: string, id: string, set: Partial<typeof customers.$inferInsert>) {
  await tx
    .update(customers)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(customers.shopId, shopId), eq(customers.id, id)));
}

export async function customerJobs(tx: Tx, shopId: string, customerId: string) {
  const rows = await selectAllJobs(tx, shopId, { activeOnly: false, customerId });
  return rows.map((r) => ({ id: r.id, kind: r.kind, reference: r.reference, title: r.title, stage: r.stage, dueDate: r.dueDate, createdAt: r.createdAt }));
}

export async function customerPayments(tx: Tx, shopId: string, customerId: string) {
  return tx
    .select({
      id: payments.id,
      jobId: payments.jobId,
      jobReference: jobs.reference,
      kind: payments.kind,
      amountCents: payments.amountCents,
      method: payments.method,
      note: payments.note,
      createdAt: payments.createdAt,
      voidedAt: payments.voidedAt,
    })
    .from(payments)
    .leftJoin(jobs, and(eq(jobs.shopId, payments.shopId), eq(jobs.id, payments.jobId)))
    .where(and(eq(payments.shopId, shopId), eq(payments.customerId, customerId)))
    .orderBy(desc(payments.createdAt));
}

/** Both customers' rows locked, in one order whatever the request's, so two crossing merges cannot deadlock. */
export async function lockCustomers(tx: Tx, shopId: string, ids: readonly string[]) {
  return tx
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.shopId, shopId), inArray(customers.id, [...ids])))
    .orderBy(asc(customers.id))
    .for('update');
}

/** Moves every job and payment of one customer to another; answers how many of each moved. */
export async function moveCustomerRecords(tx: Tx, shopId: string, fromId: string, intoId: string) {
  const movedJobs = await tx
    .update(jobs)
    .set({ customerId: intoId })
    .where(and(eq(jobs.shopId, shopId), eq(jobs.customerId, fromId)))
    .returning({ id: jobs.id });
  const movedPayments = await tx
    .update(payments)
    .set({ customerId: intoId })
    .where(and(eq(payments.shopId, shopId), eq(payments.customerId, fromId)))
    .returning({ id: payments.id });
  // Appointments would go with the deleted record (their foreign key cascades): they move too.
  const movedAppointments = await tx
    .update(appointments)
    .set({ customerId: intoId })
    .where(and(eq(appointments.shopId, shopId), eq(appointments.customerId, fromId)))
    .returning({ id: appointments.id });
  return { jobsMoved: movedJobs.length, paymentsMoved: movedPayments.length, appointmentIds: movedAppointments.map((a) => a.id) };
}

/** The ids of a customer's appointments: their calendar events name the customer. */
export async function appointmentIdsOf(tx: Tx, shopId: string, customerId: string) {
  const rows = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(and(eq(appointments.shopId, shopId), eq(appointments.customerId, customerId)));
  return rows.map((r) => r.id);
}

export async function deleteCustomer(tx: Tx, shopId: string, id: string) {
  await tx.delete(customers).where(and(eq(customers.shopId, shopId), eq(customers.id, id)));
}

export async function insertMerge(tx: Tx, row: typeof customerMerges.$inferInsert) {
  const [created] = await tx.insert(customerMerges).values(row).returning({ id: customerMerges.id });
  if (!created) throw new Error('merge insert returned nothing');
  return created.id;
}

/** The records merged into a customer, newest first, with who merged them. */
export async function mergesInto(tx: Tx, shopId: string, intoId: string) {
  const m = customerMerges;
  return tx
    .select({
      id: m.id,
      mergedId: m.mergedId,
      mergedName: m.mergedName,
      mergedEmail: m.mergedEmail,
      mergedPhone: m.mergedPhone,
      mergedBy: users.name,
      jobsMoved: m.jobsMoved,
      paymentsMoved: m.paymentsMoved,
      createdAt: m.createdAt,
    })
    .from(m)
    .leftJoin(users, eq(users.id, m.mergedBy))
    .where(and(eq(m.shopId, shopId), eq(m.intoId, intoId)))
    .orderBy(desc(m.createdAt));
}
