import { and, eq, gte, inArray, isNull, lt, lte, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { appointments, calendarFeeds, customers, jobs, shops, users } from '../../db/schema/index.js';

/** Jobs due in a range of days, of the given pipelines: the calendar's and the feed's due dates. */
export async function selectDueJobs(tx: Tx, shopId: string, f: { from: string; to: string; kinds: readonly string[]; stage?: string | undefined }) {
  const j = jobs;
  return tx
    .select({
      kind: j.kind,
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      dueDate: j.dueDate,
      customerId: j.customerId,
      customerName: customers.name,
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .where(
      and(eq(j.shopId, shopId), inArray(j.kind, [...kinds(f.kinds)]), gte(j.dueDate, f.from), lte(j.dueDate, f.to), f.stage ? eq(j.stage, f.stage) : undefined),
    )
    .orderBy(j.dueDate, j.reference);
}

const kinds = (k: readonly string[]) => (k.length > 0 ? k : ['']);

export async function findJobKind(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select({ kind: jobs.kind })
    .from(jobs)
    .where(and(eq(jobs.shopId, shopId), eq(jobs.id, id)));
  return row?.kind;
}

export async function setDueDate(tx: Tx, shopId: string, id: string, dueDate: string | null, at: Date) {
  await tx
    .update(jobs)
    .set({ dueDate, version: sql`${jobs.version} + 1`, updatedAt: at })
    .where(and(eq(jobs.shopId, shopId), eq(jobs.id, id)));
}

export async function jobForCalendar(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select({
      kind: jobs.kind,
      id: jobs.id,
      reference: jobs.reference,
      title: jobs.title,
      stage: jobs.stage,
      dueDate: jobs.dueDate,
      customerId: jobs.customerId,
      customerName: customers.name,
    })
    .from(jobs)
    .innerJoin(customers, and(eq(customers.shopId, jobs.shopId), eq(customers.id, jobs.customerId)))
    .where(and(eq(jobs.shopId, shopId), eq(jobs.id, id)));
  return row;
}

export async function shopTimeZone(tx: Tx, shopId: string) {
  const [row] = await tx.select({ timeZone: shops.timeZone, name: shops.name }).from(shops).where(eq(shops.id, shopId));
  if (!row) throw new Error('shop vanished');
  return row;
}

const staff = alias(users, 'staff');

const appointmentColumns = {
  id: appointments.id,
  kind: appointments.kind,
  customerId: appointments.customerId,
  customerName: customers.name,
  jobId: appointments.jobId,
  jobKind: jobs.kind,
  jobReference: jobs.reference,
  jobTitle: jobs.title,
  staffId: appointments.staffId,
  staffName: staff.name,
  startsAt: appointments.startsAt,
  durationMinutes: appointments.durationMinutes,
  note: appointments.note,
  remindCustomer: appointments.remindCustomer,
  createdAt: appointments.createdAt,
};

export type AppointmentRow = Awaited<ReturnType<typeof selectAppointments>>[number];

export interface AppointmentFilter {
  id?: string;
  /** Starting before this instant. */
  before?: Date;
  /** Ending after this instant. */
  after?: Date;
  staffId?: string | undefined;
  customerId?: string | undefined;
  jobId?: string | undefined;
}

const endsAt = sql`${appointments.startsAt} + make_interval(mins => ${appointments.durationMinutes})`;

export async function selectAppointments(tx: Tx, shopId: string, f: AppointmentFilter) {
  const where: (SQL | undefined)[] = [
    eq(appointments.shopId, shopId),
    f.id ? eq(appointments.id, f.id) : undefined,
    f.before ? lt(appointments.startsAt, f.before) : undefined,
    f.after ? sql`${endsAt} > ${f.after.toISOString()}::timestamptz` : undefined,
    f.staffId ? eq(appointments.staffId, f.staffId) : undefined,
    f.customerId ? eq(appointments.customerId, f.customerId) : undefined,
    f.jobId ? eq(appointments.jobId, f.jobId) : undefined,
  ];
  return tx
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(customers, and(eq(customers.shopId, appointments.shopId), eq(customers.id, appointments.customerId)))
    .leftJoin(jobs, and(eq(jobs.shopId, appointments.shopId), eq(jobs.id, appointments.jobId)))
    .leftJoin(staff, and(eq(staff.shopId, appointments.shopId), eq(staff.id, appointments.staffId)))
    .where(and(...where))
    .orderBy(appointments.startsAt, appointments.id)
    .limit(5000);
}

/** For each of the given appointments, the other appointments of the same member of staff that overlap it. */
export async function overlapsOf(tx: Tx, shopId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string[]>();
  const other = alias(appointments, 'other');
  const rows = await tx
    .select({ id: appointments.id, otherId: other.id })
    .from(appointments)
    .innerJoin(
      other,
      and(
        eq(other.shopId, appointments.shopId),
        eq(other.staffId, appointments.staffId),
        ne(other.id, appointments.id),
        sql`${other.startsAt} < ${endsAt}`,
        sql`${appointments.startsAt} < ${other.startsAt} + make_interval(mins => ${other.durationMinutes})`,
      ),
    )
    .where(and(eq(appointments.shopId, shopId), inArray(appointments.id, [...ids])))
    .orderBy(other.startsAt);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), r.otherId]);
  return out;
}

export async function insertAppointment(tx: Tx, row: typeof appointments.$inferInsert) {
  const [made] = await tx.insert(appointments).values(row).returning({ id: appointments.id });
  if (!made) throw new Error('appointment insert returned nothing');
  return made.id;
}

export async function updateAppointment(tx: Tx, shopId: string, id: string, set: Partial<typeof appointments.$inferInsert>) {
  await tx
    .update(appointments)
    .set(set)
    .where(and(eq(appointments.shopId, shopId), eq(appointments.id, id)));
}

export async function deleteAppointment(tx: Tx, shopId: string, id: string) {
  const gone = await tx
    .delete(appointments)
    .where(and(eq(appointments.shopId, shopId), eq(appointments.id, id)))
    .returning({ id: appointments.id });
  return gone.length > 0;
}

export async function staffExists(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.shopId, shopId), eq(users.id, id), isNull(users.deactivatedAt)));
  return row !== undefined;
}

export async function jobOfCustomer(tx: Tx, shopId: string, jobId: string) {
  const [row] = await tx
    .select({ customerId: jobs.customerId })
    .from(jobs)
    .where(and(eq(jobs.shopId, shopId), eq(jobs.id, jobId)));
  return row;
}

// The feed.

export async function liveFeedOf(tx: Tx, shopId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.shopId, shopId), eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)));
  return row;
}

export async function revokeFeeds(tx: Tx, shopId: string, userId: string, at: Date) {
  await tx
    .update(calendarFeeds)
    .set({ revokedAt: at })
    .where(and(eq(calendarFeeds.shopId, shopId), eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)));
}

/** Revokes one live feed of a member's; whether there was one. */
export async function revokeFeed(tx: Tx, shopId: string, userId: string, id: string, at: Date) {
  const gone = await tx
    .update(calendarFeeds)
    .set({ revokedAt: at })
    .where(and(eq(calendarFeeds.shopId, shopId), eq(calendarFeeds.userId, userId), eq(calendarFeeds.id, id), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  return gone.length > 0;
}

export async function insertFeed(tx: Tx, row: typeof calendarFeeds.$inferInsert) {
  const [made] = await tx.insert(calendarFeeds).values(row).returning();
  if (!made) throw new Error('feed insert returned nothing');
  return made;
}

/** The feed a token opens, before the shop is known: as the schema owner, by the token's hash alone. */
export async function findLiveFeedByHash(db: Tx, tokenHash: string) {
  const [row] = await db
    .select({ shopId: calendarFeeds.shopId, userId: calendarFeeds.userId, id: calendarFeeds.id })
    .from(calendarFeeds)
    .innerJoin(users, and(eq(users.shopId, calendarFeeds.shopId), eq(users.id, calendarFeeds.userId), isNull(users.deactivatedAt)))
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)));
  return row;
}

/** What the feed shows of a shop's jobs with a due date in a range: not those done with (archived). */
export async function selectFeedJobs(tx: Tx, shopId: string, f: { from: string; to: string; excluded: SQL }) {
  const j = jobs;
  return tx
    .select({
      kind: j.kind,
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      dueDate: j.dueDate,
      version: j.version,
      updatedAt: j.updatedAt,
    })
    .from(j)
    .where(and(eq(j.shopId, shopId), gte(j.dueDate, f.from), lte(j.dueDate, f.to), sql`not (${f.excluded})`))
    .orderBy(j.dueDate, j.reference)
    .limit(20_000);
}

export async function selectFeedAppointments(tx: Tx, shopId: string, f: { after: Date; before: Date; staffId?: string | undefined }) {
  return tx
    .select({
      id: appointments.id,
      kind: appointments.kind,
      customerName: customers.name,
      jobReference: jobs.reference,
      staffName: staff.name,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
      note: appointments.note,
      updatedAt: appointments.updatedAt,
    })
    .from(appointments)
    .innerJoin(customers, and(eq(customers.shopId, appointments.shopId), eq(customers.id, appointments.customerId)))
    .leftJoin(jobs, and(eq(jobs.shopId, appointments.shopId), eq(jobs.id, appointments.jobId)))
    .leftJoin(staff, and(eq(staff.shopId, appointments.shopId), eq(staff.id, appointments.staffId)))
    .where(
      and(
        eq(appointments.shopId, shopId),
        gte(appointments.startsAt, f.after),
        lt(appointments.startsAt, f.before),
        f.staffId ? eq(appointments.staffId, f.staffId) : undefined,
      ),
    )
    .orderBy(appointments.startsAt)
    .limit(20_000);
}

export async function feedRow(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.shopId, shopId), eq(calendarFeeds.id, id)));
  return row;
}
