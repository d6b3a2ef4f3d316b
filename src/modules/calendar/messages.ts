import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { appointments, customers, jobs, outbox, shops } from '../../db/schema/index.js';
import type { Channel } from '../../domain/contact.js';
import { routeFor } from '../../domain/delivery.js';
import { type AppointmentEvent, appointmentEvents, firstName, type MessageChannel, render } from '../../domain/templates.js';
import type { OutgoingMessage } from '../notifications/channels/channel.js';
import { insertOutbox } from '../notifications/outbox-queries.js';
import { loadSettings, routingOf, type SettingsRow, shopPhone, templateFor } from '../notifications/settings-store.js';

/**
 * A customer's messages about an appointment, through the outbox like every other: a confirmation
 * queued in the transaction that makes (or moves) it, and a reminder that waits until a day before.
 * Moving the appointment cancels the waiting reminder and queues one for the new time; cancelling
 * the appointment cancels it. Each runs under the appointment's row lock, so one appointment has at
 * most one reminder waiting.
 */

/** How long before the appointment the customer is reminded. */
export const REMINDER_HOURS_BEFORE = 24;

export const isAppointmentTopic = (topic: string): topic is AppointmentEvent => (appointmentEvents as readonly string[]).includes(topic);

const kindWords: Record<string, string> = { consultation: 'consultation', fitting: 'fitting', collection: 'collection', valuation: 'valuation' };

interface Queued {
  id: string;
  jobId: string | null;
  jobKind: string | null;
  jobReference: string | null;
  startsAt: Date;
}

const base = (shopId: string, a: Queued, topic: AppointmentEvent) => ({
  shopId,
  topic,
  jobKind: a.jobKind,
  jobId: a.jobId,
  appointmentId: a.id,
  payload: { appointmentId: a.id, startsAt: a.startsAt.toISOString(), reference: a.jobReference },
});

/**
 * Confirms the appointment to the customer on their channel: one that cannot go (no address the shop
 * can send to) is recorded at once as not sent, with the reason. An earlier confirmation still waiting
 * is replaced, so a quick move after booking sends one message, with the new time.
 */
export async function queueConfirmation(tx: Tx, shopId: string, a: Queued, at: Date) {
  await cancelWaiting(tx, shopId, a.id, ['appointment_confirmation'], 'Not sent: a newer confirmation of this appointment replaced it.');
  const problem = await routeProblem(tx, shopId, a.id);
  await insertOutbox(tx, {
    ...base(shopId, a, 'appointment_confirmation'),
    idempotencyKey: `appointment_confirmation:${a.id}:${randomUUID()}`,
    availableAt: at,
    ...(problem ? { status: 'skipped' as const, lastError: problem } : {}),
  });
}

/**
 * The appointment's reminder as it should now be: the one waiting (if any) is cancelled, and, when the
 * customer is to be reminded and a day before is still ahead, one is queued for then.
 */
export async function scheduleReminder(tx: Tx, shopId: string, a: Queued & { remindCustomer: boolean }, now: Date) {
  await cancelWaiting(tx, shopId, a.id, ['appointment_reminder'], 'Not sent: the appointment was moved, or its reminder turned off.');
  const sendAt = new Date(a.startsAt.getTime() - REMINDER_HOURS_BEFORE * 3_600_000);
  if (!a.remindCustomer || sendAt.getTime() <= now.getTime()) return;
  await insertOutbox(tx, { ...base(shopId, a, 'appointment_reminder'), idempotencyKey: `appointment_reminder:${a.id}:${randomUUID()}`, availableAt: sendAt });
}

/** The appointment is cancelled: nothing waiting about it goes out. */
export function cancelAppointmentMessages(tx: Tx, shopId: string, appointmentId: string) {
  return cancelWaiting(tx, shopId, appointmentId, appointmentEvents, 'Not sent: the appointment was cancelled.');
}

/** Messages not yet tried (a sender that claimed one has it; it reads the appointment again before sending). */
async function cancelWaiting(tx: Tx, shopId: string, appointmentId: string, topics: readonly AppointmentEvent[], reason: string) {
  await tx
    .update(outbox)
    .set({ status: 'cancelled', lastError: reason })
    .where(
      and(
        eq(outbox.shopId, shopId),
        eq(outbox.appointmentId, appointmentId),
        inArray(outbox.topic, [...topics]),
        eq(outbox.status, 'pending'),
        sql`${outbox.attempts} = 0`,
      ),
    );
}

async function routeProblem(tx: Tx, shopId: string, appointmentId: string) {
  const ctx = await contextOf(tx, shopId, appointmentId);
  if (!ctx) return 'Not sent: the appointment was cancelled.';
  const settings = await loadSettings(tx, shopId);
  const route = routeFor(routingOf(settings), recipientOf(ctx), settings.webhookUrl);
  return route.channel === null ? route.problem : null;
}

/** What the customer has been sent, or will be, about an appointment (not what was cancelled), in the order they go. */
export async function messagesOf(tx: Tx, shopId: string, appointmentId: string) {
  const rows = await tx
    .select({
      event: outbox.topic,
      status: outbox.status,
      sendAt: outbox.availableAt,
      sentAt: outbox.sentAt,
      channel: outbox.channel,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(and(eq(outbox.shopId, shopId), eq(outbox.appointmentId, appointmentId), ne(outbox.status, 'cancelled')))
    .orderBy(asc(outbox.availableAt), asc(outbox.id));
  // Only this module queues rows with an appointment, with these topics; the sender writes only known channels.
  return rows.map((r) => ({ ...r, event: r.event as AppointmentEvent, channel: r.channel as MessageChannel | null }));
}

async function contextOf(tx: Tx, shopId: string, appointmentId: string) {
  const [row] = await tx
    .select({
      kind: appointments.kind,
      startsAt: appointments.startsAt,
      remindCustomer: appointments.remindCustomer,
      customerName: customers.name,
      customerEmail: customers.email,
      customerPhone: customers.phone,
      preferredChannel: customers.preferredChannel,
      jobReference: jobs.reference,
      jobTitle: jobs.title,
      trackingCode: jobs.trackingCode,
      shopName: shops.name,
      timeZone: shops.timeZone,
      locale: shops.locale,
    })
    .from(appointments)
    .innerJoin(customers, and(eq(customers.shopId, appointments.shopId), eq(customers.id, appointments.customerId)))
    .innerJoin(shops, eq(shops.id, appointments.shopId))
    .leftJoin(jobs, and(eq(jobs.shopId, appointments.shopId), eq(jobs.id, appointments.jobId)))
    .where(and(eq(appointments.shopId, shopId), eq(appointments.id, appointmentId)));
  return row;
}

type Context = NonNullable<Awaited<ReturnType<typeof contextOf>>>;

const recipientOf = (c: Context) => ({ name: c.customerName, email: c.customerEmail, phone: c.customerPhone, preferredChannel: c.preferredChannel as Channel });

/** "Tuesday, 8 December 2026 at 14:30": the shop's wall clock, in its language. */
export function appointmentWhen(at: Date, timeZone: string, locale: string) {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(at);
}

/**
 * A confirmation or reminder, ready for the customer's channel in the shop's template for it, as the
 * appointment stands when it is sent. A reminder for a time the appointment has since left (it was
 * moved while this one was being tried) does not go: the reminder for the new time does.
 */
export async function prepareAppointmentMessage(
  tx: Tx,
  row: { shop_id: string; topic: AppointmentEvent; idempotency_key: string; payload: Record<string, unknown> | null },
  settings: SettingsRow,
  publicUrl: string,
): Promise<{ channel: MessageChannel; message: OutgoingMessage } | { skip: string }> {
  const appointmentId = typeof row.payload?.appointmentId === 'string' ? row.payload.appointmentId : '';
  const ctx = appointmentId ? await contextOf(tx, row.shop_id, appointmentId) : undefined;
  if (!ctx) return { skip: 'Not sent: the appointment was cancelled.' };
  if (row.topic === 'appointment_reminder') {
    if (row.payload?.startsAt !== ctx.startsAt.toISOString())
      return { skip: 'Not sent: the appointment was moved; the reminder for its new time is the one that goes.' };
    if (!ctx.remindCustomer) return { skip: 'Not sent: the reminder for this appointment was turned off.' };
  }
  const route = routeFor(routingOf(settings), recipientOf(ctx), settings.webhookUrl);
  if (route.channel === null) return { skip: route.problem };
  const template = await templateFor(tx, row.shop_id, row.topic, route.channel);
  const trackingUrl = ctx.trackingCode ? `${publicUrl}/track/${ctx.trackingCode}` : '';
  const kind = kindWords[ctx.kind] ?? ctx.kind;
  const values = {
    'customer.firstName': firstName(ctx.customerName),
    'customer.name': ctx.customerName,
    'job.reference': ctx.jobReference ?? '',
    'job.title': ctx.jobTitle ?? '',
    'job.stage': '',
    'job.balanceOwing': '',
    'job.items': '',
    'tracking.url': trackingUrl,
    'shop.name': ctx.shopName,
    'shop.phone': await shopPhone(tx, row.shop_id),
    'message.body': '',
    'appointment.kind': kind,
    'appointment.when': appointmentWhen(ctx.startsAt, ctx.timeZone, ctx.locale),
  };
  return {
    channel: route.channel,
    message: {
      idempotencyKey: row.idempotency_key,
      event: row.topic,
      to: route.to,
      subject: render(template.subject, values),
      body: render(template.body, values),
      recipientName: ctx.customerName,
      job: { kind: 'appointment', id: appointmentId, reference: ctx.jobReference ?? 'Appointment', title: kind, trackingUrl },
    },
  };
}
