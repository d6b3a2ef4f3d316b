import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundGuard, parseOutboundAllow } from '../../net/outbound-guard.js';
import { TestClock } from '../../testing/clock.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';

/**
 * A customer's confirmation and reminder of an appointment: through the outbox and the shop's
 * templates, on the customer's channel, the reminder a day before, moved and cancelled with the
 * appointment, and sent exactly once.
 */

let t: TestApp;
let smtp: SmtpSink;
let smtpPort: number;
beforeAll(async () => {
  t = await testApp();
  smtp = new SmtpSink();
  smtpPort = await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
  await t.close();
});

/** The sender's own clock: it sends what is due by then. */
const senderClock = new TestClock();
const sender = () =>
  new OutboxSender(
    {
      db: t.db,
      box: t.deps.box,
      channels: channelAdapters('http://127.0.0.1:9', new OutboundGuard({ allow: parseOutboundAllow('127.0.0.1') ?? [] })),
      config: { publicUrl: 'http://loupe.test' },
      clock: senderClock,
    },
    { workerId: 'appointment-sender', backoffBaseMs: 5, reminderEveryMs: 3_600_000 },
  );

const ok = (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the OpenAPI document by the test app
  return res.json() as any;
};

const NOW = new Date('2026-12-07T10:00:00Z');
const hours = (n: number) => n * 3_600_000;

async function emailShop(name: string) {
  const shop = await t.newShop(name);
  ok(
    await shop.client.request('PUT', '/api/v1/settings/notifications', {
      body: { defaultChannel: 'email', sender: { name, email: 'hello@shop.test' }, smtp: { host: '127.0.0.1', port: smtpPort, secure: false } },
    }),
  );
  return shop;
}

async function customer(c: Client, body: Record<string, unknown>) {
  return ok(await c.post('/api/v1/customers', { name: 'Grace Holloway', ...body }), 201).id as string;
}

interface Row {
  topic: string;
  status: string;
  available_at: Date | string;
  last_error: string | null;
}
const outboxOf = (appointmentId: string) =>
  rowsOf<Row>(t.db, sql`select topic, status, available_at, last_error from outbox where appointment_id = ${appointmentId} order by created_at, id`);
const waitingReminders = async (appointmentId: string) =>
  (await outboxOf(appointmentId)).filter((r) => r.topic === 'appointment_reminder' && r.status === 'pending');
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
/** The mail's text part, with quoted-printable soft breaks and escapes undone. */
const textOf = (raw: string) =>
  raw
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/\r\n/g, '\n');

describe('an appointment told to the customer', () => {
  it('confirms it at once and reminds them a day before, by e-mail in the shop’s words, each exactly once', async () => {
    t.clock.set(NOW);
    senderClock.set(NOW);
    const shop = await emailShop('Confirm & Co');
    const c = shop.client;
    const email = 'grace.confirm@example.test';
    const customerId = await customer(c, { email });
    const job = ok(await c.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId }), 201);
    const startsAt = '2026-12-11T14:30:00Z';

    // Refused input queues nothing: the messages belong to the appointment's own transaction.
    expect(
      (await c.post('/api/v1/appointments', { kind: 'fitting', customerId, staffId: job.id, startsAt, durationMinutes: 30, sendConfirmation: true }))
        .statusCode,
    ).toBe(422);
    expect(await rowsOf(t.db, sql`select 1 from outbox where shop_id = ${shop.shop.id} and appointment_id is not null`)).toHaveLength(0);

    const made = ok(
      await c.post('/api/v1/appointments', {
        kind: 'fitting',
        customerId,
        jobId: job.id,
        startsAt,
        durationMinutes: 30,
        sendConfirmation: true,
        remindCustomer: true,
      }),
      201,
    );
    expect(made.remindCustomer).toBe(true);
    expect(made.customerMessages.map((m: { event: string; status: string }) => [m.event, m.status])).toEqual([
      ['appointment_confirmation', 'pending'],
      ['appointment_reminder', 'pending'],
    ]);
    expect(made.customerMessages[1].sendAt).toBe('2026-12-10T14:30:00.000Z');

    await sender().drain();
    const [confirmation, ...others] = mailsTo(email);
    expect(others).toHaveLength(0);
    const text = textOf(confirmation?.raw ?? '');
    expect(text).toContain('Subject: Your fitting at Confirm & Co: Friday, 11 December 2026 at 14:30');
    expect(text).toContain('Hello Grace,');
    expect(text).toContain('This is to confirm your fitting at Confirm & Co on Friday, 11 December 2026 at 14:30.');
    // With a job, the job's delivery log shows it too.
    const log = ok(await c.get(`/api/v1/bespoke/${job.id}`)).notifications as { event: string; status: string }[];
    expect(log.map((m) => [m.event, m.status])).toContainEqual(['appointment_confirmation', 'sent']);

    // The day before, in the shop's own words: one reminder, however often the sender runs.
    ok(
      await c.request('PUT', '/api/v1/settings/notifications/templates/appointment_reminder/email', {
        body: { subject: 'Tomorrow: {{appointment.kind}}', body: 'Dear {{customer.name}}, see you {{appointment.when}} about {{job.reference}}.' },
      }),
    );
    senderClock.set(new Date(Date.parse(startsAt) - hours(25)));
    await sender().drain();
    expect(mailsTo(email)).toHaveLength(1);
    senderClock.set(new Date(Date.parse(startsAt) - hours(23)));
    await sender().drain();
    await sender().drain();
    const reminders = mailsTo(email).slice(1);
    expect(reminders).toHaveLength(1);
    expect(textOf(reminders[0]?.raw ?? '')).toContain('Subject: Tomorrow: fitting');
    expect(textOf(reminders[0]?.raw ?? '')).toContain(`Dear Grace Holloway, see you Friday, 11 December 2026 at 14:30 about ${job.reference}.`);
    expect(ok(await c.get(`/api/v1/appointments/${made.id}`)).customerMessages.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent']);
  });

  it('moves the reminder with the appointment and cancels it with the appointment: never two, never a stale one', async () => {
    t.clock.set(NOW);
    senderClock.set(NOW);
    const shop = await emailShop('Move & Sons');
    const c = shop.client;
    const email = 'grace.move@example.test';
    const customerId = await customer(c, { email });
    const made = ok(
      await c.post('/api/v1/appointments', { kind: 'consultation', customerId, startsAt: '2026-12-14T11:00:00Z', durationMinutes: 45, remindCustomer: true }),
      201,
    );
    // No confirmation asked for: none queued.
    expect(made.customerMessages.map((m: { event: string }) => m.event)).toEqual(['appointment_reminder']);

    // A note changes nothing about the reminder; a new time moves it; turning it off and on leaves one.
    const [first] = await waitingReminders(made.id);
    ok(await c.patch(`/api/v1/appointments/${made.id}`, { note: 'Bring the old ring' }));
    expect(await waitingReminders(made.id)).toEqual([first]);
    ok(await c.patch(`/api/v1/appointments/${made.id}`, { startsAt: '2026-12-16T15:00:00Z' }));
    let waiting = await waitingReminders(made.id);
    expect(waiting).toHaveLength(1);
    expect(new Date(waiting[0]?.available_at ?? 0).toISOString()).toBe('2026-12-15T15:00:00.000Z');
    expect((await outboxOf(made.id)).filter((r) => r.status === 'cancelled')).toHaveLength(1);
    ok(await c.patch(`/api/v1/appointments/${made.id}`, { remindCustomer: false }));
    expect(await waitingReminders(made.id)).toHaveLength(0);
    const back = ok(await c.patch(`/api/v1/appointments/${made.id}`, { remindCustomer: true, sendConfirmation: true }));
    expect(back.customerMessages.map((m: { event: string; status: string }) => [m.event, m.status])).toEqual([
      ['appointment_confirmation', 'pending'],
      ['appointment_reminder', 'pending'],
    ]);
    waiting = await waitingReminders(made.id);
    expect(waiting).toHaveLength(1);

    // A reminder a sender had already tried once is not cancelled by a move (it may be mid-send): when it
    // comes round again it sees the appointment has moved, and only the new time's reminder goes.
    await t.db.raw.execute(sql`update outbox set attempts = 1 where appointment_id = ${made.id} and topic = 'appointment_reminder' and status = 'pending'`);
    ok(await c.patch(`/api/v1/appointments/${made.id}`, { startsAt: '2026-12-17T10:00:00Z' }));
    expect(await waitingReminders(made.id)).toHaveLength(2);
    senderClock.set(new Date('2026-12-16T12:00:00Z'));
    await sender().drain();
    const rows = await outboxOf(made.id);
    expect(rows.filter((r) => r.topic === 'appointment_reminder' && r.status === 'skipped').map((r) => r.last_error)).toEqual([
      'Not sent: the appointment was moved; the reminder for its new time is the one that goes.',
    ]);
    // Both went in one batch, side by side: their order of arrival is the SMTP server's.
    const mails = mailsTo(email).map((m) => textOf(m.raw));
    expect(mails).toHaveLength(2);
    expect(mails.filter((m) => m.includes('This is to confirm your consultation at Move & Sons on Thursday, 17 December 2026 at 10:00.'))).toHaveLength(1);
    expect(mails.filter((m) => m.includes('A reminder of your consultation at Move & Sons on Thursday, 17 December 2026 at 10:00.'))).toHaveLength(1);

    // Cancelled: what was still waiting is cancelled, and nothing more goes out.
    const later = ok(
      await c.post('/api/v1/appointments', { kind: 'collection', customerId, startsAt: '2027-01-20T10:00:00Z', durationMinutes: 15, remindCustomer: true }),
      201,
    );
    expect((await c.delete(`/api/v1/appointments/${later.id}`)).statusCode).toBe(204);
    expect((await outboxOf(later.id)).map((r) => [r.status, r.last_error])).toEqual([['cancelled', 'Not sent: the appointment was cancelled.']]);
    senderClock.set(new Date('2027-01-20T09:00:00Z'));
    await sender().drain();
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('says plainly when a confirmation cannot go (no address), and reminds no one of an appointment less than a day away', async () => {
    t.clock.set(NOW);
    senderClock.set(NOW);
    const shop = await emailShop('No Address Ltd');
    const c = shop.client;
    const customerId = await customer(c, { phone: '+447400417417', preferredChannel: 'sms' });
    const made = ok(
      await c.post('/api/v1/appointments', {
        kind: 'valuation',
        customerId,
        startsAt: new Date(NOW.getTime() + hours(20)).toISOString(),
        durationMinutes: 60,
        sendConfirmation: true,
        remindCustomer: true,
      }),
      201,
    );
    expect(made.customerMessages).toHaveLength(1);
    expect(made.customerMessages[0]).toMatchObject({ event: 'appointment_confirmation', status: 'skipped' });
    expect(made.customerMessages[0].lastError).toMatch(/^Not sent: no address\. This shop sends by e-mail, and Grace Holloway has no e-mail address/);
  });

  it('keeps each event’s template to its own variables', async () => {
    const shop = await t.newShop('Words Ltd');
    const c = shop.client;
    const put = (event: string, body: string) =>
      c.request('PUT', `/api/v1/settings/notifications/templates/${event}/email`, { body: { subject: 'Hello', body } });
    expect((await put('appointment_confirmation', 'You owe {{job.balanceOwing}}')).statusCode).toBe(422);
    expect((await put('customer_ready', 'See you {{appointment.when}}')).statusCode).toBe(422);
    expect(ok(await put('appointment_confirmation', 'See you {{appointment.when}}, {{customer.firstName}}')).variables).toContain('appointment.when');
    const listed = ok(await c.get('/api/v1/settings/notifications/templates')).items as { event: string; channel: string; variables: string[] }[];
    expect(listed.find((i) => i.event === 'appointment_reminder' && i.channel === 'sms')?.variables).not.toContain('job.balanceOwing');
    const preview = ok(
      await c.post('/api/v1/settings/notifications/templates/preview', { event: 'appointment_reminder', body: 'See you {{appointment.when}}' }),
    );
    expect(preview.body).toBe('See you Tuesday, 8 December 2026 at 14:30');
    // Appointment messages are not something a job re-sends.
    const customerId = await customer(c, { email: 'w@example.test' });
    const job = ok(await c.post('/api/v1/bespoke', { title: 'Ring', customerId }), 201);
    expect((await c.post(`/api/v1/bespoke/${job.id}/notifications`, { event: 'appointment_reminder' })).statusCode).toBe(422);
  });
});
