import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundGuard, parseOutboundAllow } from '../../net/outbound-guard.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { queuePickupReminders } from '../notifications/reminders.js';
import { OutboxSender } from '../notifications/sender.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const guard = new OutboundGuard({ allow: parseOutboundAllow('127.0.0.1') ?? [] });
/** A sender on the test's clock: a message waiting out its window is due when the clock says so. */
const sender = (workerId = 'window-sender') =>
  new OutboxSender(
    { db: t.db, box: t.deps.box, channels: channelAdapters('http://127.0.0.1:9', guard), config: { publicUrl: 'http://loupe.test' }, clock: t.clock },
    { workerId, backoffBaseMs: 5 },
  );

async function shop(settings: Record<string, unknown> = {}) {
  const s = await t.newShop('Window Shop');
  const res = await s.client.request('PUT', '/api/v1/settings/notifications', { body: { defaultChannel: 'preview', ...settings } });
  expect(res.statusCode, res.body).toBe(200);
  return s.client;
}

async function jobAtPolish(client: Client, customer: Record<string, unknown> = { email: 'grace@example.test' }) {
  const c = (await client.post('/api/v1/customers', { name: 'Grace Holloway', ...customer })).json();
  const job = (await client.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId: c.id })).json();
  expect((await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'polish' })).statusCode).toBe(200);
  return job.id as string;
}

const move = (client: Client, id: string, from: string, to: string) => client.post(`/api/v1/bespoke/${id}/stage`, { from, to });

const readyRows = (jobId: string) =>
  rowsOf<{ status: string; available_at: Date; last_error: string | null }>(
    t.db,
    sql`select status, available_at, last_error from outbox where job_id = ${jobId} and topic = 'customer_ready' order by created_at, id`,
  );

describe('the undo window on ready', () => {
  it('a move to ready waits out the window: undone within it, nothing is sent; left alone, the message goes once', async () => {
    const client = await shop();
    t.clock.set(new Date('2026-11-27T09:30:00Z'));
    const id = await jobAtPolish(client);

    const moved = await move(client, id, 'polish', 'ready');
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().readyMessage).toEqual({ status: 'scheduled', sendAt: '2026-11-27T09:32:00.000Z', delayMinutes: 2, reason: null });
    await sender().drain();
    t.clock.advance(60_000);
    await sender().drain();
    expect((await readyRows(id)).map((r) => r.status)).toEqual(['pending']);

    // Moved back within the window: the waiting message is cancelled in the same transaction, and never goes.
    expect((await move(client, id, 'ready', 'polish')).json().moved).toBe(true);
    expect((await readyRows(id)).map((r) => r.status)).toEqual(['cancelled']);
    t.clock.advance(10 * 60_000);
    await sender().drain();
    expect((await readyRows(id)).map((r) => r.status)).toEqual(['cancelled']);
    const log = (await client.get(`/api/v1/bespoke/${id}`)).json().notifications as { status: string; lastError: string }[];
    expect(log).toMatchObject([{ status: 'cancelled', lastError: expect.stringContaining('left ready') }]);

    // Moved to ready again and left: after the window, one message; moving back afterwards changes nothing.
    await move(client, id, 'polish', 'ready');
    t.clock.advance(2 * 60_000 - 1000);
    await sender().drain();
    expect((await readyRows(id)).map((r) => r.status)).toEqual(['cancelled', 'pending']);
    t.clock.advance(1000);
    await sender().drain();
    await sender('another-sender').drain();
    expect((await readyRows(id)).map((r) => r.status)).toEqual(['cancelled', 'sent']);
    await move(client, id, 'ready', 'polish');
    expect((await readyRows(id)).map((r) => r.status)).toEqual(['cancelled', 'sent']);
    const preview = (await client.get('/api/v1/notifications?channel=preview')).json().items as { event: string; jobId: string }[];
    expect(preview.filter((m) => m.event === 'customer_ready' && m.jobId === id)).toHaveLength(1);
  });

  it('the window is the shop’s to set, from 0 to 10 minutes; at 0 the message goes at once', async () => {
    const client = await shop();
    for (const bad of [-1, 11, 2.5, '2']) {
      const res = await client.request('PUT', '/api/v1/settings/notifications', { body: { readyDelayMinutes: bad } });
      expect(res.statusCode, String(bad)).toBe(422);
    }
    expect((await client.get('/api/v1/settings/notifications')).json().readyDelayMinutes).toBe(2);
    const ten = await client.request('PUT', '/api/v1/settings/notifications', { body: { readyDelayMinutes: 10 } });
    expect(ten.json().readyDelayMinutes).toBe(10);
    t.clock.set(new Date('2026-11-27T10:00:00Z'));
    const slow = await jobAtPolish(client);
    expect((await move(client, slow, 'polish', 'ready')).json().readyMessage).toMatchObject({ sendAt: '2026-11-27T10:10:00.000Z', delayMinutes: 10 });

    await client.request('PUT', '/api/v1/settings/notifications', { body: { readyDelayMinutes: 0 } });
    const now = await jobAtPolish(client);
    expect((await move(client, now, 'polish', 'ready')).json().readyMessage).toMatchObject({ status: 'scheduled', delayMinutes: 0 });
    await sender().drain();
    expect((await readyRows(now)).map((r) => r.status)).toEqual(['sent']);
    expect((await readyRows(slow)).map((r) => r.status)).toEqual(['pending']);
  });

  it('an undo racing the sender at the end of the window: the customer is told once or not at all, never both', async () => {
    const client = await shop();
    t.clock.set(new Date('2026-11-27T11:00:00Z'));
    const ids = await Promise.all(Array.from({ length: 6 }, () => jobAtPolish(client)));
    for (const id of ids) await move(client, id, 'polish', 'ready');
    t.clock.advance(2 * 60_000);
    await Promise.all([sender('racer').drain(), ...ids.map((id) => move(client, id, 'ready', 'polish'))]);
    for (const id of ids) {
      const statuses = (await readyRows(id)).map((r) => r.status);
      expect(statuses).toHaveLength(1);
      expect(['sent', 'cancelled']).toContain(statuses[0]);
    }
    await sender('after').drain();
    const sent = (await client.get('/api/v1/notifications?channel=preview')).json().items as { event: string; jobId: string; status: string }[];
    for (const id of ids) {
      const rows = (await readyRows(id)).map((r) => r.status);
      expect(sent.filter((m) => m.jobId === id && m.status === 'sent')).toHaveLength(rows[0] === 'sent' ? 1 : 0);
    }
  });
});

describe('a customer with no address the shop can send to', () => {
  it('the job says so before the move, the move answers "Not sent: no address", and the log never says waiting or sent', async () => {
    const client = await shop({ defaultChannel: 'email', fallbackChannel: null });
    const id = await jobAtPolish(client, { phone: '+447912345678' });
    const before = (await client.get(`/api/v1/bespoke/${id}`)).json().readyOutlook;
    expect(before).toMatchObject({ willSend: false, reason: expect.stringMatching(/^Not sent: no address\. .*has no e-mail address/) });

    const moved = (await move(client, id, 'polish', 'ready')).json();
    expect(moved.readyMessage).toMatchObject({ status: 'not_sent', sendAt: null, reason: expect.stringMatching(/^Not sent: no address\./) });
    expect(await readyRows(id)).toMatchObject([{ status: 'skipped', last_error: expect.stringMatching(/^Not sent: no address\./) }]);
    t.clock.advance(60 * 60_000);
    await sender().drain();
    expect((await readyRows(id)).map((r) => r.status)).toEqual(['skipped']);

    const reachable = await jobAtPolish(client, { email: 'ok@example.test' });
    expect((await client.get(`/api/v1/bespoke/${reachable}`)).json().readyOutlook).toEqual({ willSend: true, delayMinutes: 2 });
  });
});

describe('pickup reminders', () => {
  it('one per threshold: a piece that has passed two thresholds at once gets one reminder, not two', async () => {
    const client = await shop({ reminderDays: [7, 14], readyDelayMinutes: 0 });
    // This shop reminds at 30 days until, on day 15, it changes to 7 and 14: its piece has then passed both.
    const other = await shop({ reminderDays: [30], readyDelayMinutes: 0 });
    t.clock.set(new Date('2026-10-01T09:00:00Z'));
    const late = await jobAtPolish(other);
    const onTime = await jobAtPolish(client);
    await move(other, late, 'polish', 'ready');
    await move(client, onTime, 'polish', 'ready');
    const reminders = async (id: string) =>
      (
        await rowsOf<{ key: string }>(
          t.db,
          sql`select idempotency_key as key from outbox where job_id = ${id} and topic = 'pickup_reminder' order by created_at`,
        )
      ).map((r) => r.key.split(':').at(-1));

    // Day 8: the first threshold, once however often the reminders run.
    t.clock.advance(8 * 86_400_000);
    await queuePickupReminders(t.db, t.clock.now());
    await queuePickupReminders(t.db, t.clock.now());
    expect(await reminders(onTime)).toEqual(['7']);
    expect(await reminders(late)).toEqual([]);
    // Day 15: the one reminded at 7 gets its 14; the other, past both thresholds at once, gets the 14 alone.
    t.clock.advance(7 * 86_400_000);
    await other.request('PUT', '/api/v1/settings/notifications', { body: { reminderDays: [7, 14] } });
    await queuePickupReminders(t.db, t.clock.now());
    await queuePickupReminders(t.db, t.clock.now());
    expect(await reminders(onTime)).toEqual(['7', '14']);
    expect(await reminders(late)).toEqual(['14']);
    await sender().drain();
    const sent = (await other.get('/api/v1/notifications?channel=preview')).json().items as { event: string; jobId: string }[];
    expect(sent.filter((m) => m.event === 'pickup_reminder' && m.jobId === late)).toHaveLength(1);
  });
});

describe('template plurals', () => {
  it('{{job.items}} reads "1 item" and "3 items" in the message the customer gets', async () => {
    t.clock.set(new Date('2026-11-27T12:00:00Z'));
    const client = await shop({ readyDelayMinutes: 0 });
    const saved = await client.request('PUT', '/api/v1/settings/notifications/templates/customer_ready/preview', {
      body: { subject: 'Ready', body: 'We did {{job.items}} of work on your {{job.title}}.' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const c = (await client.post('/api/v1/customers', { name: 'Grace Holloway', email: 'grace@example.test' })).json();
    const bodies: string[] = [];
    for (const lines of [1, 3]) {
      const workLines = Array.from({ length: lines }, (_, i) => ({ kind: i === 0 ? 'resize' : 'polish', priceCents: 1_000 }));
      const repair = await client.post('/api/v1/repairs', { customerId: c.id, itemType: 'ring', title: `Ring ${lines}`, workLines });
      expect(repair.statusCode, repair.body).toBe(201);
      expect((await client.post(`/api/v1/repairs/${repair.json().id}/stage`, { to: 'ready' })).json().moved).toBe(true);
    }
    await sender().drain();
    const sent = (await client.get('/api/v1/notifications?channel=preview')).json().items as { body: string | null }[];
    for (const m of sent) bodies.push(m.body ?? '');
    expect(bodies.sort()).toEqual(['We did 1 item of work on your Ring 1.', 'We did 3 items of work on your Ring 3.']);
  });
});
