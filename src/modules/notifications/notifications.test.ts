import { createHmac } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../domain/delivery.js';
import { OutboundGuard, parseOutboundAllow } from '../../net/outbound-guard.js';
import { FakeTwilio } from '../../testing/fake-twilio.js';
import { filePart, multipart } from '../../testing/multipart.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { png } from '../attachments/fixtures.js';
import type { ChannelAdapters } from './channels/channel.js';
import { channelAdapters } from './channels/index.js';
import { queuePickupReminders } from './reminders.js';
import { OutboxSender, type SenderOptions } from './sender.js';

let t: TestApp;
let smtp: SmtpSink;
let smtpPort: number;
let twilio: FakeTwilio;
let twilioBase: string;

beforeAll(async () => {
  t = await testApp();
  smtp = new SmtpSink();
  smtpPort = await smtp.start();
  twilio = new FakeTwilio();
  twilioBase = await twilio.start();
});
afterAll(async () => {
  await smtp.stop();
  await twilio.stop();
  await t.close();
});
beforeEach(() => {
  // The sender and the database agree on "now"; the test clock follows the wall clock here.
  t.clock.set(new Date());
});

const SID = `AC${'a1'.repeat(16)}`;
// The fake providers and receivers here all listen on loopback, which the operator allows (LOUPE_OUTBOUND_ALLOW=127.0.0.1).
const operatorGuard = new OutboundGuard({ allow: parseOutboundAllow('127.0.0.1') ?? [] });
const sender = (workerId = 'test-sender', options: SenderOptions = {}, channels: ChannelAdapters = channelAdapters(twilioBase, operatorGuard)) =>
  new OutboxSender(
    { db: t.db, box: t.deps.box, channels, config: { publicUrl: 'http://loupe.test' } },
    { workerId, backoffBaseMs: 5, leaseMs: 30_000, ...options },
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  claimed_by: string | null;
  last_error: string | null;
  key: string;
}
const readyRow = async (jobId: string) =>
  (
    await rowsOf<OutboxRow>(
      t.db,
      sql`select id, status, attempts, claimed_by, last_error, idempotency_key as key from outbox where job_id = ${jobId} and topic = 'customer_ready'`,
    )
  )[0];

/**
 * A TCP hop in front of a server. The first `slow` connections get the server's bytes one at a time,
 * `gapMs` apart: every byte is activity, so a client's idle timeouts never fire, yet the conversation
 * takes minutes. Later connections go straight through.
 */
async function tricklingProxy(targetPort: number, slow: number, gapMs: number) {
  const connections: { slow: boolean; closed: Promise<void> }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const isSlow = connections.length < slow;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    connections.push({ slow: isSlow, closed: new Promise<void>((resolve) => client.once('close', () => resolve())) });
    client.pipe(upstream);
    if (!isSlow) upstream.pipe(client);
    else {
      const queue: number[] = [];
      upstream.on('data', (chunk: Buffer) => queue.push(...chunk));
      const drip = setInterval(() => {
        const byte = queue.shift();
        if (byte !== undefined) client.write(Buffer.from([byte]));
      }, gapMs);
      client.once('close', () => clearInterval(drip));
    }
    client.once('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function shopWith(settings: Record<string, unknown>) {
  const shop = await t.newShop('Ring Room');
  // These tests are about delivery: the ready message goes at once, with no undo window to wait out.
  const res = await shop.client.request('PUT', '/api/v1/settings/notifications', { body: { readyDelayMinutes: 0, ...settings } });
  expect(res.statusCode, res.body).toBe(200);
  return shop;
}

const emailSettings = {
  defaultChannel: 'email',
  sender: { name: 'Ring Room', email: 'hello@ringroom.test' },
  smtp: { host: '127.0.0.1', port: 0, secure: false },
};
const withSmtp = () => ({ ...emailSettings, smtp: { host: '127.0.0.1', port: smtpPort, secure: false } });
const twilioSettings = {
  defaultChannel: 'customer',
  twilio: { accountSid: SID, authToken: 'twilio-auth-token-1', smsFrom: '+447700100200', whatsappFrom: '+447700100300' },
};

async function readyJob(client: Client, customer: Record<string, unknown>) {
  const c = (await client.post('/api/v1/customers', { name: 'Grace Holloway', ...customer })).json();
  const job = (await client.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId: c.id, quotedCents: 420_000 })).json();
  await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'polish' });
  const moved = await client.post(`/api/v1/bespoke/${job.id}/stage`, { from: 'polish', to: 'ready' });
  expect(moved.json().moved).toBe(true);
  return job as { id: string; reference: string; tracking: { url: string } };
}

const log = async (client: Client, jobId: string) => (await client.get(`/api/v1/bespoke/${jobId}`)).json().notifications as Record<string, unknown>[];

describe('a move to ready tells the customer once', () => {
  it('by e-mail over a real SMTP conversation, with the rendered template and the tracking link', async () => {
    const { client } = await shopWith(withSmtp());
    await client.request('PUT', '/api/v1/settings/notifications/templates/customer_ready/email', {
      body: { subject: '{{job.reference}} is ready', body: 'Dear {{customer.firstName}}, collect it at {{shop.name}}. Track: {{tracking.url}}' },
    });
    const before = smtp.mails.length;
    const job = await readyJob(client, { email: 'grace@example.test' });
    await sender().drain();
    await sender('second-pass').drain();
    const mails = smtp.mails.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['grace@example.test']);
    expect(mails[0]?.raw).toContain(`Subject: ${job.reference} is ready`);
    expect(mails[0]?.raw).toContain('Dear Grace, collect it at Ring Room.');
    expect(mails[0]?.raw.replace(/=\r?\n/g, '')).toContain(job.tracking.url);
    const [entry] = await log(client, job.id);
    expect(entry).toMatchObject({ event: 'customer_ready', channel: 'email', to: 'grace@example.test', status: 'sent', attempts: 1, manual: false });
  });

  it('by text message through Twilio over real HTTP, with the idempotency token', async () => {
    const { client } = await shopWith(twilioSettings);
    const before = twilio.requests.length;
    const job = await readyJob(client, { phone: '07912 345678', preferredChannel: 'sms' });
    await sender().drain();
    const reqs = twilio.requests.slice(before);
    expect(reqs).toHaveLength(1);
    expect(reqs[0]).toMatchObject({ accountSid: SID, to: '+447912345678', from: '+447700100200' });
    expect(reqs[0]?.body).toContain(job.tracking.url);
    expect(reqs[0]?.idempotencyToken).toMatch(/^customer_ready:bespoke:/);
    expect(reqs[0]?.authorization).toBe(`Basic ${Buffer.from(`${SID}:twilio-auth-token-1`).toString('base64')}`);
    expect((await log(client, job.id))[0]).toMatchObject({ channel: 'sms', status: 'sent' });
  });

  it('by WhatsApp when that is what the customer prefers', async () => {
    const { client } = await shopWith(twilioSettings);
    const before = twilio.requests.length;
    await readyJob(client, { phone: '07912 345678', preferredChannel: 'whatsapp' });
    await sender().drain();
    expect(twilio.requests.slice(before).map((r) => [r.to, r.from])).toEqual([['whatsapp:+447912345678', 'whatsapp:+447700100300']]);
  });

  it('by a signed webhook for shops that route messages themselves', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += String(c);
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/loupe`;
    const secret = 'a-webhook-secret-of-some-length';
    const { client } = await shopWith({ defaultChannel: 'webhook', webhook: { url, secret } });
    const job = await readyJob(client, { email: 'grace@example.test' });
    await sender().drain();
    hook.close();
    expect(received).toHaveLength(1);
    const got = received[0];
    const expected = `sha256=${createHmac('sha256', secret).update(`${got?.headers['x-loupe-timestamp']}.${got?.body}`).digest('hex')}`;
    expect(got?.headers['x-loupe-signature']).toBe(expected);
    expect(JSON.parse(got?.body ?? '{}')).toMatchObject({ event: 'customer_ready', job: { reference: job.reference, trackingUrl: job.tracking.url } });
  });
});

describe('faults', () => {
  it('retries a provider that answers 500 twice, then delivers once with the attempts recorded', async () => {
    const { client } = await shopWith(twilioSettings);
    const before = twilio.delivered.length;
    twilio.script.push(500, 500);
    const job = await readyJob(client, { phone: '07912 345678', preferredChannel: 'sms' });
    const s = sender();
    for (let i = 0; i < 20 && (await log(client, job.id))[0]?.status !== 'sent'; i++) {
      await s.drain();
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(twilio.delivered.length - before).toBe(1);
    expect((await log(client, job.id))[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('two senders over 200 queued messages both deliver, and each message is delivered exactly once', { timeout: 90_000 }, async () => {
    const { client, shop } = await shopWith(twilioSettings);
    const c = (await client.post('/api/v1/customers', { name: 'Many Pieces', phone: '07912 345678', preferredChannel: 'sms' })).json();
    const job = (await client.post('/api/v1/bespoke', { title: 'Bulk', customerId: c.id })).json();
    await t.db.raw.execute(sql`
      insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload)
      select ${shop.id}::uuid, 'customer_ready', 'bespoke', ${job.id}::uuid, 'bulk-' || g, '{}'::jsonb from generate_series(1, 200) g`);
    const before = twilio.requests.length;
    // Each sender holds its first delivery until the other has claimed rows too: they truly run at
    // once, and neither can drain the queue alone before the other starts.
    const sentBy: Record<string, string[]> = { a: [], b: [] };
    let bothClaimed: () => void = () => undefined;
    const together = new Promise<void>((resolve) => {
      bothClaimed = resolve;
    });
    const gated = (id: 'a' | 'b'): ChannelAdapters => {
      const real = channelAdapters(twilioBase, operatorGuard);
      return {
        ...real,
        sms: {
          notReady: real.sms.notReady,
          async send(message, providers, signal) {
            sentBy[id]?.push(message.idempotencyKey);
            if (sentBy.a?.length && sentBy.b?.length) bothClaimed();
            await together;
            return real.sms.send(message, providers, signal);
          },
        },
      };
    };
    const handled = await Promise.all([sender('a', {}, gated('a')).drain(), sender('b', {}, gated('b')).drain()]);
    const tokens = twilio.requests.slice(before).map((r) => r.idempotencyToken);
    expect(tokens).toHaveLength(200);
    expect(new Set(tokens).size).toBe(200);
    expect(new Set([...(sentBy.a ?? []), ...(sentBy.b ?? [])]).size).toBe(200);
    const perSender = await rowsOf<{ sender: string; sent: number; once: number }>(
      t.db,
      sql`select claimed_by as sender, count(*) filter (where status = 'sent')::int as sent, count(*) filter (where attempts = 1)::int as once
          from outbox where idempotency_key like 'bulk-%' group by claimed_by order by claimed_by`,
    );
    // Both did a share of the work, what each claimed is what it sent, and no row was taken twice.
    expect(perSender.map((r) => r.sender)).toEqual(['a', 'b']);
    for (const r of perSender) {
      expect(r.sent).toBeGreaterThan(0);
      expect(r.once).toBe(r.sent);
      expect(r.sent).toBe(sentBy[r.sender]?.length);
    }
    expect((perSender[0]?.sent ?? 0) + (perSender[1]?.sent ?? 0)).toBe(200);
    expect(handled[0] + handled[1]).toBe(200);
  });

  it('gives up after the last attempt when the provider always fails: the row is dead, never tried again, and the log says why', async () => {
    const { client } = await shopWith(twilioSettings);
    const job = await readyJob(client, { phone: '07912 345678', preferredChannel: 'sms' });
    const row = await readyRow(job.id);
    const tries = () => twilio.requests.filter((r) => r.idempotencyToken === row?.key).length;
    twilio.script.push(...Array.from({ length: MAX_ATTEMPTS }, () => 500));
    const s = sender();
    for (let i = 0; i < 300 && (await readyRow(job.id))?.status !== 'dead'; i++) {
      await s.drain();
      await sleep(20);
    }
    expect(twilio.script).toHaveLength(0);
    expect(tries()).toBe(MAX_ATTEMPTS);
    expect(twilio.delivered.filter((m) => m.request.idempotencyToken === row?.key)).toHaveLength(0);
    const [entry] = await log(client, job.id);
    expect(entry).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, channel: 'sms', to: '+447912345678', sentAt: null });
    expect(entry?.lastError).toBe(
      `Gave up after ${MAX_ATTEMPTS} attempts. The last one: Twilio could not take the message just then (it answered 500: Internal server error). Press Re-send to try again.`,
    );

    // Not tried again, even long after its retry time, by this sender or another.
    await t.db.raw.execute(sql`update outbox set available_at = now() - interval '1 day' where id = ${row?.id}`);
    await s.drain();
    await sender('another').drain();
    expect(tries()).toBe(MAX_ATTEMPTS);
    expect((await readyRow(job.id))?.status).toBe('dead');
  });

  it('gives up at once when the provider refuses the message itself', async () => {
    const { client } = await shopWith(twilioSettings);
    twilio.script.push(400);
    const job = await readyJob(client, { phone: '07912 345678', preferredChannel: 'sms' });
    const row = await readyRow(job.id);
    await sender().drain();
    await sender('another').drain();
    expect(twilio.requests.filter((r) => r.idempotencyToken === row?.key)).toHaveLength(1);
    expect((await log(client, job.id))[0]).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'Twilio refused the message (it answered 400: Internal server error)',
    });
  });

  it('a customer with no e-mail on an e-mail-only shop: the move lands, the log says why and how to fix it', async () => {
    const { client } = await shopWith(withSmtp());
    const before = smtp.mails.length;
    const job = await readyJob(client, { phone: '07912 345678' });
    await sender().drain();
    expect(smtp.mails.length).toBe(before);
    expect((await client.get(`/api/v1/bespoke/${job.id}`)).json().stage).toBe('ready');
    const [entry] = await log(client, job.id);
    expect(entry?.status).toBe('skipped');
    expect(entry?.lastError).toMatch(/Grace Holloway has no e-mail address/);
    expect(entry?.lastError).toMatch(/Add an e-mail address to the customer's record, then press Re-send/);
  });

  it('a channel that is not set up says so in plain words', async () => {
    const { client } = await shopWith({ defaultChannel: 'sms' });
    const job = await readyJob(client, { phone: '07912 345678' });
    await sender().drain();
    expect((await log(client, job.id))[0]?.lastError).toMatch(/text messages are not set up yet/);
  });

  it('sends nothing when the shop has switched ready messages off', async () => {
    const { client } = await shopWith({ ...withSmtp(), events: { customer_ready: false } });
    const before = smtp.mails.length;
    const job = await readyJob(client, { email: 'grace@example.test' });
    await sender().drain();
    expect(smtp.mails.length).toBe(before);
    expect((await log(client, job.id))[0]).toMatchObject({ status: 'skipped' });
  });
});

describe('a slow provider cannot hold a message past its deadline', () => {
  it('refuses a deadline that is not well inside the lease', () => {
    expect(() => sender('x', { leaseMs: 10_000, deadlineMs: 8_000 })).toThrow(/at most half the lease/);
    expect(() => sender('x', { leaseMs: 10_000, deadlineMs: 5_000 })).not.toThrow();
  });

  it('a mail server that trickles its answers: the attempt fails by the deadline, the connection is closed, it is retried later, and the customer gets one e-mail', {
    timeout: 90_000,
  }, async () => {
    // One byte every 200 ms: the greeting alone takes seconds, the whole conversation well over a minute,
    // and no idle timeout of the mail client ever fires.
    const proxy = await tricklingProxy(smtpPort, 1, 200);
    try {
      const { client } = await shopWith({ ...emailSettings, smtp: { host: '127.0.0.1', port: proxy.port, secure: false } });
      const before = smtp.mails.length;
      const job = await readyJob(client, { email: 'grace@example.test' });
      // The first sender's retry is an hour away, so the row is left alone unless someone takes it over.
      const patient = sender('patient', { leaseMs: 8_000, deadlineMs: 3_000, backoffBaseMs: 3_600_000 });
      const eager = sender('eager');
      let finished = false;
      const first = patient.drain().finally(() => {
        finished = true;
      });
      while (!finished && (await readyRow(job.id))?.status !== 'sending') await sleep(20);
      expect((await readyRow(job.id))?.claimed_by).toBe('patient');
      // Another sender keeps looking the whole time the first is at it: the row is never its to take.
      while (!finished) {
        await eager.drain();
        expect((await readyRow(job.id))?.claimed_by).toBe('patient');
        await sleep(100);
      }
      await first;
      expect(await readyRow(job.id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        claimed_by: 'patient',
        last_error: 'The mail server took longer than 3 seconds, so Loupe stopped this try',
      });
      expect(proxy.connections).toHaveLength(1);
      await proxy.connections[0]?.closed;
      expect(smtp.mails.length).toBe(before);
      const [waiting] = await log(client, job.id);
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'The mail server took longer than 3 seconds, so Loupe stopped this try' });

      // Once its retry is due, the next try (the server answers promptly now) delivers it.
      // A second back, not now(): the sender reads its clock in whole milliseconds, so a row due this very
      // millisecond can still be a hair in its future, and the other sender would take it on its next look.
      await t.db.raw.execute(sql`update outbox set available_at = now() - interval '1 second' where job_id = ${job.id} and topic = 'customer_ready'`);
      await eager.drain();
      await patient.drain();
      expect(await readyRow(job.id)).toMatchObject({ status: 'sent', attempts: 2, claimed_by: 'eager', last_error: null });
      expect(proxy.connections.map((c) => c.slow)).toEqual([true, false]);
      const mails = smtp.mails.slice(before);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.to).toEqual(['grace@example.test']);
    } finally {
      await proxy.close();
    }
  });

  it('a Twilio that takes the message and never answers: the attempt fails by the deadline and the retry, with the same key, sends nothing twice', {
    timeout: 60_000,
  }, async () => {
    const { client } = await shopWith(twilioSettings);
    twilio.script.push('hang');
    const job = await readyJob(client, { phone: '07912 345678', preferredChannel: 'sms' });
    const row = await readyRow(job.id);
    await sender('patient', { leaseMs: 8_000, deadlineMs: 3_000, backoffBaseMs: 3_600_000 }).drain();
    expect(await readyRow(job.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'Twilio took longer than 3 seconds, so Loupe stopped this try',
    });
    await t.db.raw.execute(sql`update outbox set available_at = now() - interval '1 second' where id = ${row?.id}`);
    await sender('eager').drain();
    expect(await readyRow(job.id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(twilio.requests.filter((r) => r.idempotencyToken === row?.key)).toHaveLength(2);
    expect(twilio.delivered.filter((m) => m.request.idempotencyToken === row?.key)).toHaveLength(1);
  });
});

describe('re-send', () => {
  it('sends a new message on purpose, recorded as a manual send by that member of staff', async () => {
    const { client } = await shopWith(withSmtp());
    const before = smtp.mails.length;
    const job = await readyJob(client, { email: 'grace@example.test' });
    await sender().drain();
    const res = await client.post(`/api/v1/bespoke/${job.id}/notifications`, {});
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ manual: true, status: 'pending', requestedBy: 'Ada Hatton' });
    await sender().drain();
    expect(smtp.mails.length - before).toBe(2);
    const entries = await log(client, job.id);
    expect(entries.map((e) => [e.manual, e.status])).toEqual([
      [true, 'sent'],
      [false, 'sent'],
    ]);
  });
});

describe('pickup reminders', () => {
  it('reminds once per interval for a piece still on the ready shelf', async () => {
    const { client } = await shopWith({ defaultChannel: 'preview', reminderDays: [7, 14] });
    t.clock.set(new Date(Date.now() - 8 * 86_400_000));
    const job = await readyJob(client, { email: 'grace@example.test' });
    const reminders = async () =>
      (await rowsOf<{ key: string }>(t.db, sql`select idempotency_key as key from outbox where job_id = ${job.id} and topic = 'pickup_reminder'`)).map(
        (r) => r.key,
      );
    await queuePickupReminders(t.db);
    await queuePickupReminders(t.db);
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]).toMatch(/:7$/);
    await t.db.raw.execute(sql`update job_stages set at = at - interval '7 days' where job_id = ${job.id} and stage = 'ready'`);
    await queuePickupReminders(t.db);
    expect(await reminders()).toHaveLength(2);
    await sender().drain();
    const preview = (await client.get('/api/v1/notifications?channel=preview')).json().items as { event: string; body: string }[];
    expect(preview.filter((m) => m.event === 'pickup_reminder')).toHaveLength(2);
    expect(preview[0]?.body).toContain('still waiting');
  });
});

describe('settings', () => {
  it('refuses bad settings with field errors and saves nothing half-way', async () => {
    const { client } = await shopWith({ defaultChannel: 'preview' });
    const before = (await client.get('/api/v1/settings/notifications')).json();
    const port0 = await client.request('PUT', '/api/v1/settings/notifications', { body: { defaultChannel: 'email', smtp: { host: 'mail.test', port: 0 } } });
    expect(port0.statusCode).toBe(422);
    expect(port0.json().errors.map((e: { path: string }) => e.path)).toContain('smtp.port');
    const badSender = await client.request('PUT', '/api/v1/settings/notifications', { body: { defaultChannel: 'email', sender: { email: 'not an address' } } });
    expect(badSender.statusCode).toBe(422);
    expect(badSender.json().errors.map((e: { path: string }) => e.path)).toContain('sender.email');
    const noSender = await client.request('PUT', '/api/v1/settings/notifications', {
      body: { defaultChannel: 'email', smtp: { host: 'mail.test', port: 587 } },
    });
    expect(noSender.statusCode).toBe(422);
    expect((await client.get('/api/v1/settings/notifications')).json()).toEqual(before);
  });

  it('refuses a template with an unknown variable, and previews a good one', async () => {
    const { client } = await shopWith({});
    const bad = await client.request('PUT', '/api/v1/settings/notifications/templates/customer_ready/sms', { body: { body: 'Hi {{customer.nickname}}' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ path: 'body' });
    expect(bad.json().errors[0].message).toContain('{{customer.nickname}}');
    // A placeholder left open would reach the customer as braces, with no link.
    const open = await client.request('PUT', '/api/v1/settings/notifications/templates/customer_ready/sms', { body: { body: 'See it here: {{tracking.url' } });
    expect(open.statusCode).toBe(422);
    expect(open.json().errors[0]).toMatchObject({ path: 'body', message: expect.stringContaining('{{tracking.url') });
    const preview = await client.post('/api/v1/settings/notifications/templates/preview', { body: 'Hi {{customer.firstName}} from {{shop.name}}' });
    expect(preview.json()).toEqual({ subject: '', body: 'Hi Grace from Ring Room' });
    // The shop's own phone and money, as its customers would read them, not a blank and pounds.
    expect((await client.request('PATCH', '/api/v1/shop/contact', { body: { phone: '+61 8 9221 0000' } })).statusCode).toBe(200);
    expect((await client.request('PATCH', '/api/v1/shop', { body: { currency: 'AUD', locale: 'en-AU' } })).statusCode).toBe(200);
    const ours = await client.post('/api/v1/settings/notifications/templates/preview', { body: 'Owing {{job.balanceOwing}}; ring {{shop.phone}}' });
    expect(ours.json().body).toBe('Owing $1,250.00; ring +61 8 9221 0000');
    const list = (await client.get('/api/v1/settings/notifications/templates')).json();
    expect(list.items.find((i: { event: string; channel: string }) => i.event === 'customer_ready' && i.channel === 'sms')).toMatchObject({ custom: false });
  });

  it('stores every credential sealed and never returns one', async () => {
    const secrets = { smtp: 'smtp-password-123', twilio: 'twilio-auth-token-secret-9', webhook: 'webhook-signing-secret-42' };
    const shop = await t.newShop('Sealed Rings');
    const put = await shop.client.request('PUT', '/api/v1/settings/notifications', {
      body: {
        ...emailSettings,
        smtp: { host: '127.0.0.1', port: smtpPort, user: 'mailer', password: secrets.smtp },
        twilio: { ...twilioSettings.twilio, authToken: secrets.twilio },
        webhook: { url: 'https://hooks.example.test/loupe', secret: secrets.webhook },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const get = await shop.client.get('/api/v1/settings/notifications');
    // An unrelated change answers with the settings too.
    const later = await shop.client.request('PUT', '/api/v1/settings/notifications', { body: { defaultChannel: 'sms' } });
    expect(later.statusCode, later.body).toBe(200);
    for (const answer of [put, get, later]) {
      for (const secret of Object.values(secrets)) {
        expect(answer.body).not.toContain(secret);
        expect(answer.body).not.toContain(Buffer.from(secret).toString('base64'));
      }
      expect(answer.json()).toMatchObject({
        smtp: { user: 'mailer', passwordSet: true },
        twilio: { accountSid: SID, authTokenSet: true },
        webhook: { secretSet: true },
      });
    }
    expect(get.json().smtp).toEqual({ host: '127.0.0.1', port: smtpPort, secure: false, user: 'mailer', passwordSet: true });

    const [row] = await rowsOf<{ whole: string; smtp: string; twilio: string; webhook: string }>(
      t.db,
      sql`select row_to_json(s)::text as whole, smtp_password_sealed as smtp, twilio_auth_token_sealed as twilio, webhook_secret_sealed as webhook
          from notification_settings s where shop_id = ${shop.shop.id}`,
    );
    for (const name of ['smtp', 'twilio', 'webhook'] as const) {
      expect(row?.whole).not.toContain(secrets[name]);
      expect(row?.whole).not.toContain(Buffer.from(secrets[name]).toString('base64'));
      expect(row?.[name]).toMatch(/^v1:/);
      // Sealed, not dropped: the key opens it to what was given.
      expect(t.deps.box.open(row?.[name] ?? '')).toBe(secrets[name]);
    }
    // Leaving the password out keeps it.
    await shop.client.request('PUT', '/api/v1/settings/notifications', { body: { smtp: { host: '127.0.0.1', port: smtpPort, user: 'mailer2' } } });
    expect((await shop.client.get('/api/v1/settings/notifications')).json().smtp.passwordSet).toBe(true);
  });

  it('is for owners and managers', async () => {
    const { client } = await t.newShop();
    const email = `staff-${Math.random()}@example.test`;
    await client.post('/api/v1/staff', { name: 'Jo Bench', email, password: 'bench-staff-1', role: 'staff' });
    const signIn = await t.anonymous.post('/api/v1/session', { email, password: 'bench-staff-1' });
    const cookie = signIn.cookies.find((c) => c.name === 'loupe_session');
    const res = await t.anonymous.request('PUT', '/api/v1/settings/notifications', {
      body: { defaultChannel: 'preview' },
      headers: { cookie: `loupe_session=${cookie?.value}`, origin: 'http://loupe.test' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('email renders to the customer', () => {
  it('sends the customer their link to the visible renders at approval, not before, and refuses with none to show', async () => {
    const { client } = await shopWith({ defaultChannel: 'preview' });
    const c = (await client.post('/api/v1/customers', { name: 'Grace Holloway', email: 'grace@example.test' })).json();
    const job = (await client.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId: c.id })).json();
    await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'approval' });
    const none = await client.post(`/api/v1/bespoke/${job.id}/renders/send`, {});
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].message).toMatch(/visible to the customer/);
    await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'cad', note: 'Renders first' });
    const { body, headers } = multipart([filePart('front.png', await png(), 'image/png'), { name: 'customerVisible', value: 'true' }]);
    expect((await client.post(`/api/v1/bespoke/${job.id}/attachments`, body, { headers })).statusCode).toBe(201);
    // At CAD the customer's page takes no decision yet: an e-mail asking for one is refused.
    const early = await client.post(`/api/v1/bespoke/${job.id}/renders/send`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'stage_conflict', currentStage: 'cad', detail: expect.stringContaining('Approval') });
    await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'approval' });
    const sent = await client.post(`/api/v1/bespoke/${job.id}/renders/send`, {});
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ event: 'design_ready', manual: true, requestedBy: 'Ada Hatton' });
    await sender().drain();
    const [entry] = await log(client, job.id);
    expect(entry).toMatchObject({ event: 'design_ready', channel: 'preview', status: 'sent' });
    expect(entry?.body).toContain(job.tracking.url);
    expect(entry?.body).toContain('approve it or tell us what you would like changed');
  });
});
