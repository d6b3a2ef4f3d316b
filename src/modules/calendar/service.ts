import { createHash, randomBytes } from 'node:crypto';
import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, invalidField, notFound } from '../../domain/errors.js';
import { isStage } from '../../domain/pipeline.js';
import type { JobKind } from '../../domain/pipelines.js';
import { queueCalendarSync } from '../calendar-sync/queue.js';
import { customerExists } from '../customers/service.js';
import { pipelineOf, pipelines } from '../jobs/registry.js';
import * as engine from '../pipeline/engine.js';
import { insertComment } from '../pipeline/queries.js';
import { wallClockFormat } from './ics.js';
import * as messages from './messages.js';
import * as q from './queries.js';
import type { AppointmentBody, AppointmentPatch, AppointmentQuery, CalendarQuery, DueDateBody, FeedSettings } from './schemas.js';
import { appointmentTitle } from './words.js';

/** The longest range one calendar question covers: six weeks of a month view and then some. */
export const MAX_RANGE_DAYS = 100;

/** Formats an instant as its `YYYY-MM-DD` in a time zone: made once for many instants. */
const dayFormat = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dayIn(timeZone: string, at: Date): string {
  return dayFormat(timeZone).format(at);
}

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

function checkRange(from: string, to: string) {
  if (dayNumber(to) < dayNumber(from)) throw invalidField('to', 'Must not be before from');
  if (dayNumber(to) - dayNumber(from) > MAX_RANGE_DAYS) throw invalidField('to', `At most ${MAX_RANGE_DAYS} days after from`);
}

/**
 * The instant a day starts in a time zone: the UTC midnight, moved by the zone's offset at that
 * moment (checked again at the result, which settles a day that starts on a DST change).
 */
export function startOfDayIn(timeZone: string, day: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const offsetAt = (t: number) => {
    const parts = wallClockFormat(timeZone).formatToParts(new Date(t));
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - t;
  };
  const first = utcMidnight - offsetAt(utcMidnight);
  return new Date(utcMidnight - offsetAt(first));
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type DueRow = Awaited<ReturnType<typeof q.selectDueJobs>>[number];

/** A due job as the calendar shows it: its pipeline's words, and whether it is late. */
export function presentDueJob(r: Omit<DueRow, 'dueDate'> & { dueDate: string | null }, today: string) {
  const pipeline = pipelineOf(r.kind);
  if (!pipeline) throw new Error(`unknown job kind ${r.kind}`);
  const { def } = pipeline;
  const finished = r.stage === def.ready || (def.archived as readonly string[]).includes(r.stage);
  return {
    kind: r.kind as JobKind,
    id: r.id,
    reference: r.reference,
    title: r.title,
    stage: r.stage,
    stageLabel: def.labels[r.stage] ?? r.stage,
    dueDate: r.dueDate,
    overdue: r.dueDate !== null && r.dueDate < today && !finished,
    customer: { id: r.customerId, name: r.customerName },
    path: `${pipeline.staffPath}/${r.id}`,
  };
}

export function presentAppointment(r: q.AppointmentRow, overlaps: readonly string[]) {
  const pipeline = r.jobKind ? pipelineOf(r.jobKind) : undefined;
  return {
    id: r.id,
    kind: r.kind,
    customer: { id: r.customerId, name: r.customerName },
    job:
      r.jobId && pipeline && r.jobReference && r.jobTitle
        ? { id: r.jobId, kind: pipeline.kind as JobKind, reference: r.jobReference, title: r.jobTitle, path: `${pipeline.staffPath}/${r.jobId}` }
        : null,
    staff: r.staffId && r.staffName ? { id: r.staffId, name: r.staffName } : null,
    startsAt: r.startsAt,
    endsAt: new Date(r.startsAt.getTime() + r.durationMinutes * 60_000),
    durationMinutes: r.durationMinutes,
    note: r.note,
    overlaps: [...overlaps],
    remindCustomer: r.remindCustomer,
    createdAt: r.createdAt,
  };
}

type DueJob = ReturnType<typeof presentDueJob> & { dueDate: string };
type PresentedAppointment = ReturnType<typeof presentAppointment>;

/**
 * The calendar's due dates and appointments as one list, the shape integrations read (`items`), from
 * the rows already read: by the shop's day, a day's due dates (in the order given) before its appointments, by time.
 */
export function calendarItems(timeZone: string, due: readonly DueJob[], appointments: readonly PresentedAppointment[]) {
  const dayOf = dayFormat(timeZone);
  const dated = [
    ...due.map((j) => ({
      day: j.dueDate,
      at: Number.NEGATIVE_INFINITY,
      item: {
        type: 'due' as const,
        jobKind: j.kind,
        jobId: j.id,
        reference: j.reference,
        title: j.title,
        date: j.dueDate,
        stage: j.stage,
        stageLabel: j.stageLabel,
        overdue: j.overdue,
      },
    })),
    ...appointments.map((a) => ({
      day: dayOf.format(a.startsAt),
      at: a.startsAt.getTime(),
      item: {
        type: 'appointment' as const,
        id: a.id,
        kind: a.kind,
        title: appointmentTitle(a.kind, a.customer.name),
        start: a.startsAt,
        end: a.endsAt,
        customerId: a.customer.id,
        ...(a.job ? { jobId: a.job.id } : {}),
        ...(a.staff ? { staffId: a.staff.id } : {}),
      },
    })),
  ];
  // Stable: due dates of a day keep their order (by reference), appointments theirs (by time).
  dated.sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : x.at === y.at ? 0 : x.at < y.at ? -1 : 1));
  return dated.map((d) => d.item);
}

async function appointmentsIn(tx: Tx, shopId: string, filter: q.AppointmentFilter) {
  const rows = await q.selectAppointments(tx, shopId, filter);
  const overlaps = await q.overlapsOf(
    tx,
    shopId,
    rows.filter((r) => r.staffId).map((r) => r.id),
  );
  return rows.map((r) => presentAppointment(r, overlaps.get(r.id) ?? []));
}

async function appointmentIn(tx: Tx, shopId: string, id: string) {
  const [found] = await appointmentsIn(tx, shopId, { id });
  if (!found) throw notFound('Appointment');
  return found;
}

/** One appointment as its own pages show it: with the customer's confirmation and reminder. */
async function appointmentDetailIn(tx: Tx, shopId: string, id: string) {
  const found = await appointmentIn(tx, shopId, id);
  return { ...found, customerMessages: await messages.messagesOf(tx, shopId, id) };
}

/** What the customer's messages about an appointment name: the appointment, its time and its job. */
const queuedOf = (a: ReturnType<typeof presentAppointment>) => ({
  id: a.id,
  startsAt: a.startsAt,
  remindCustomer: a.remindCustomer,
  jobId: a.job?.id ?? null,
  jobKind: a.job?.kind ?? null,
  jobReference: a.job?.reference ?? null,
});

/** The instants a range of days covers in the shop's time zone. */
async function instantsOf(tx: Tx, shopId: string, from: string, to: string) {
  const { timeZone } = await q.shopTimeZone(tx, shopId);
  return { timeZone, after: startOfDayIn(timeZone, from), before: startOfDayIn(timeZone, addDays(to, 1)) };
}

/** Every pipeline's due dates and the appointments in a range of days: the calendar screen's one question. */
export function calendarOf(deps: { db: Database; clock: Clock }, actor: Actor, query: CalendarQuery) {
  checkRange(query.from, query.to);
  const kinds = query.pipelines ?? pipelines.map((p) => p.kind);
  const stage = query.stage;
  if (
    stage !== undefined &&
    !kinds.some((k) => {
      const def = pipelineOf(k)?.def;
      return def !== undefined && isStage(def, stage);
    })
  ) {
    throw invalidField('stage', 'Not a stage of the chosen pipelines');
  }
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { timeZone, after, before } = await instantsOf(tx, actor.shopId, query.from, query.to);
    const today = dayIn(timeZone, deps.clock.now());
    const due = await q.selectDueJobs(tx, actor.shopId, { from: query.from, to: query.to, kinds, stage: query.stage });
    // A stage filter is about jobs: appointments have none, so they are left out when one is asked for.
    const appointments = query.stage ? [] : await appointmentsIn(tx, actor.shopId, { after, before, staffId: query.staffId });
    const jobs = due.map((r) => ({ ...presentDueJob(r, today), dueDate: r.dueDate as string }));
    return { timeZone, today, items: calendarItems(timeZone, jobs, appointments), jobs, appointments };
  });
}

const longDay = (d: string | null) =>
  d === null
    ? 'none'
    : new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${d}T00:00:00Z`));

/**
 * Moves (or sets, or clears) a job's due date, whatever its pipeline, and records it in the job's
 * activity as a comment by whoever moved it, at that time. Setting the date it already has changes nothing.
 */
export function moveDueDate(deps: { db: Database; clock: Clock }, actor: Actor, id: string, body: DueDateBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const kind = await q.findJobKind(tx, actor.shopId, id);
    const pipeline = kind ? pipelineOf(kind) : undefined;
    if (!pipeline) throw notFound('Job');
    // The row lock: two moves at once land one after the other, each recorded against what it replaced.
    await engine.loadJob(tx, pipeline.store, actor, id, true);
    const job = await q.jobForCalendar(tx, actor.shopId, id);
    if (!job) throw notFound('Job');
    const { timeZone } = await q.shopTimeZone(tx, actor.shopId);
    const at = deps.clock.now();
    const moved = job.dueDate !== body.dueDate;
    if (moved) {
      await q.setDueDate(tx, actor.shopId, id, body.dueDate, at);
      const what =
        job.dueDate === null
          ? `Due date set to ${longDay(body.dueDate)}`
          : body.dueDate === null
            ? `Due date cleared (was ${longDay(job.dueDate)})`
            : `Due date moved from ${longDay(job.dueDate)} to ${longDay(body.dueDate)}`;
      await insertComment(tx, { shopId: actor.shopId, jobId: id, authorId: actor.userId, body: what, createdAt: at });
      await queueCalendarSync(tx, actor.shopId, { kind: 'job', id });
    }
    const row = await q.jobForCalendar(tx, actor.shopId, id);
    if (!row) throw notFound('Job');
    return { job: presentDueJob(row, dayIn(timeZone, at)), moved };
  });
}

// Appointments.

async function checkReferences(
  tx: Tx,
  actor: Actor,
  input: { customerId?: string | undefined; jobId?: string | null | undefined; staffId?: string | null | undefined },
  customerId: string,
) {
  if (input.customerId !== undefined && !(await customerExists(tx, actor, input.customerId))) throw invalidField('customerId', 'No such customer in this shop');
  if (input.staffId && !(await q.staffExists(tx, actor.shopId, input.staffId))) throw invalidField('staffId', 'No such member of staff in this shop');
  if (input.jobId) {
    const job = await q.jobOfCustomer(tx, actor.shopId, input.jobId);
    if (!job) throw invalidField('jobId', 'No such job in this shop');
    if (job.customerId !== customerId) throw invalidField('jobId', "Not one of this customer's jobs");
  }
}

export function createAppointment(deps: { db: Database; clock: Clock }, actor: Actor, input: AppointmentBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    await checkReferences(tx, actor, input, input.customerId);
    const at = deps.clock.now();
    const id = await q.insertAppointment(tx, {
      shopId: actor.shopId,
      kind: input.kind,
      customerId: input.customerId,
      jobId: input.jobId ?? null,
      staffId: input.staffId ?? null,
      startsAt: new Date(input.startsAt),
      durationMinutes: input.durationMinutes,
      note: input.note || null,
      remindCustomer: input.remindCustomer,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    });
    await queueCalendarSync(tx, actor.shopId, { kind: 'appointment', id });
    const made = queuedOf(await appointmentIn(tx, actor.shopId, id));
    if (input.sendConfirmation) await messages.queueConfirmation(tx, actor.shopId, made, at);
    await messages.scheduleReminder(tx, actor.shopId, made, at);
    return appointmentDetailIn(tx, actor.shopId, id);
  });
}

export function listAppointments(deps: { db: Database }, actor: Actor, query: AppointmentQuery) {
  checkRange(query.from, query.to);
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { after, before } = await instantsOf(tx, actor.shopId, query.from, query.to);
    return { items: await appointmentsIn(tx, actor.shopId, { after, before, staffId: query.staffId, customerId: query.customerId, jobId: query.jobId }) };
  });
}

export function getAppointment(deps: { db: Database }, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, (tx) => appointmentDetailIn(tx, actor.shopId, id));
}

export function updateAppointment(deps: { db: Database; clock: Clock }, actor: Actor, id: string, input: AppointmentPatch) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const before = await appointmentIn(tx, actor.shopId, id);
    const customerId = input.customerId ?? before.customer.id;
    // A new customer with the old job would pair a job with someone else's appointment: check the pair.
    const jobId = input.jobId === undefined ? before.job?.id : input.jobId;
    await checkReferences(tx, actor, { ...input, jobId }, customerId);
    const set: Record<string, unknown> = { updatedAt: deps.clock.now() };
    if (input.kind !== undefined) set.kind = input.kind;
    if (input.customerId !== undefined) set.customerId = input.customerId;
    if (input.jobId !== undefined) set.jobId = input.jobId;
    if (input.staffId !== undefined) set.staffId = input.staffId;
    if (input.startsAt !== undefined) set.startsAt = new Date(input.startsAt);
    if (input.durationMinutes !== undefined) set.durationMinutes = input.durationMinutes;
    if (input.note !== undefined) set.note = input.note || null;
    if (input.remindCustomer !== undefined) set.remindCustomer = input.remindCustomer;
    await q.updateAppointment(tx, actor.shopId, id, set);
    await queueCalendarSync(tx, actor.shopId, { kind: 'appointment', id });
    const after = queuedOf(await appointmentIn(tx, actor.shopId, id));
    // The reminder follows the time (and the job whose log shows it); a change of note leaves it be.
    const moved = after.startsAt.getTime() !== before.startsAt.getTime() || after.jobId !== (before.job?.id ?? null);
    if (moved || after.remindCustomer !== before.remindCustomer) await messages.scheduleReminder(tx, actor.shopId, after, deps.clock.now());
    if (input.sendConfirmation) await messages.queueConfirmation(tx, actor.shopId, after, deps.clock.now());
    return appointmentDetailIn(tx, actor.shopId, id);
  });
}

export function deleteAppointment(deps: { db: Database }, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await q.deleteAppointment(tx, actor.shopId, id))) throw notFound('Appointment');
    // After the delete has the row's lock: a move that queued a reminder just before is seen and cancelled too.
    await messages.cancelAppointmentMessages(tx, actor.shopId, id);
    await queueCalendarSync(tx, actor.shopId, { kind: 'appointment', id });
  });
}

// The feed's address.

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** 128 random bits, base64url: 22 characters. */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

const feedUrl = (publicUrl: string, token: string) => new URL(`/cal/${token}.ics`, publicUrl).toString();

const stateOf = (row: { createdAt: Date; includeJobs: boolean; includeAppointments: boolean; onlyMine: boolean } | undefined) => ({
  active: row !== undefined,
  createdAt: row?.createdAt ?? null,
  includeJobs: row?.includeJobs ?? true,
  includeAppointments: row?.includeAppointments ?? true,
  onlyMine: row?.onlyMine ?? false,
});

export function feedOf(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => stateOf(await q.liveFeedOf(tx, actor.shopId, actor.userId)));
}

/**
 * A new secret address for the member's feed, with its id: the old one stops working at once (a member
 * has one feed; only a token's hash is kept, so an old address could not be shown again anyway).
 */
export function newFeedAddress(deps: { db: Database; clock: Clock; config: { publicUrl: string } }, actor: Actor, settings: FeedSettings) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const at = deps.clock.now();
    await q.revokeFeeds(tx, actor.shopId, actor.userId, at);
    const token = randomBytes(16).toString('base64url');
    const row = await q.insertFeed(tx, { shopId: actor.shopId, userId: actor.userId, tokenHash: hashToken(token), createdAt: at, ...settings });
    return { ...stateOf(row), id: row.id, url: feedUrl(deps.config.publicUrl, token) };
  });
}

export function revokeFeed(deps: { db: Database; clock: Clock }, actor: Actor) {
  return deps.db.tenant(actor.shopId, (tx) => q.revokeFeeds(tx, actor.shopId, actor.userId, deps.clock.now()));
}

/** Revokes one of the member's live feeds by its id; another member's, another shop's or one already revoked is "not found". */
export function revokeFeedById(deps: { db: Database; clock: Clock }, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await q.revokeFeed(tx, actor.shopId, actor.userId, id, deps.clock.now()))) throw notFound('Calendar feed');
  });
}

/** The live feed a token from the address opens, or nothing (unknown, revoked, malformed, or its member let go). */
export async function feedForToken(deps: { db: Database }, token: string) {
  if (!TOKEN.test(token)) return undefined;
  return q.findLiveFeedByHash(deps.db.raw, hashToken(token));
}

export const feedError = () => new DomainError('not_found', 'Not found', 'No such calendar');
