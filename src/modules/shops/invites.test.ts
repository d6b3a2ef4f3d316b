import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundGuard, parseOutboundAllow } from '../../net/outbound-guard.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import { rowsOf } from '../../testing/sql.js';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';

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

const guard = new OutboundGuard({ allow: parseOutboundAllow('127.0.0.1') ?? [] });
const sender = () =>
  new OutboxSender(
    { db: t.db, box: t.deps.box, channels: channelAdapters('http://127.0.0.1:9', guard), config: { publicUrl: 'http://loupe.test' }, clock: t.clock },
    { workerId: 'invite-test', backoffBaseMs: 5 },
  );

async function shopWithMail() {
  const shop = await t.newShop('Invite & Co');
  const res = await shop.client.request('PUT', '/api/v1/settings/notifications', {
    body: { sender: { name: 'Invite & Co', email: 'hello@invite.test' }, smtp: { host: '127.0.0.1', port: smtpPort, secure: false } },
  });
  expect(res.statusCode, res.body).toBe(200);
  return shop;
}

/** The link in the last e-mail to this address (quoted-printable soft breaks undone). */
function linkIn(to: string): string {
  const mail = [...smtp.mails].reverse().find((m) => m.to.includes(to));
  if (!mail) throw new Error(`no mail to ${to}`);
  const text = mail.raw.replace(/=\r?\n/g, '');
  const m = /http:\/\/loupe\.test\/invite\/([A-Za-z0-9_-]+)/.exec(text);
  if (!m?.[1]) throw new Error(`no link in the mail to ${to}`);
  return m[1];
}

describe('inviting a member by e-mail', () => {
  it('an owner invites, the e-mail carries a one-time link, the invitee chooses a password and is signed in with the role', async () => {
    const { client: owner } = await shopWithMail();
    const email = `jo-${Math.random()}@example.test`;
    const made = await owner.post('/api/v1/staff/invites', { name: 'Jo Bench', email, role: 'staff' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().delivery).toEqual({ status: 'waiting', detail: null, sentAt: null });
    expect((await owner.get('/api/v1/staff/invites')).json().items).toMatchObject([
      { id: made.json().id, email, role: 'staff', delivery: { status: 'waiting' } },
    ]);
    await sender().drain();
    const [listed] = (await owner.get('/api/v1/staff/invites')).json().items;
    expect(listed.delivery).toMatchObject({ status: 'sent', detail: null });
    expect(Date.parse(listed.delivery.sentAt)).not.toBeNaN();
    const token = linkIn(email);
    // Only the token's hash is kept, and the delivery log holds the words without the link.
    const [stored] = await rowsOf<{ token_hash: string; body: string; status: string }>(
      t.db,
      sql`select i.token_hash, o.body, o.status from staff_invites i join outbox o on o.payload ->> 'inviteId' = i.id::text where i.id = ${made.json().id}`,
    );
    expect(stored?.status).toBe('sent');
    expect(stored?.token_hash).not.toContain(token);
    expect(stored?.body).toContain('[the invitation link]');
    expect(stored?.body).not.toContain(token);

    const seen = await t.anonymous.get(`/api/v1/invites/${token}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ shopName: 'Invite & Co', name: 'Jo Bench', email, role: 'staff' });
    expect((await t.anonymous.post(`/api/v1/invites/${token}/accept`, { password: 'short' })).statusCode).toBe(422);
    const accepted = await t.anonymous.post(`/api/v1/invites/${token}/accept`, { password: 'bench polish rouge 7' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().user).toMatchObject({ email, role: 'staff', name: 'Jo Bench' });
    const jo = new Client(t.app, cookieFrom(accepted));
    expect((await jo.get('/api/v1/me')).json().user.email).toBe(email);
    // Once: the link works no more, and the invitation is no longer open.
    expect((await t.anonymous.get(`/api/v1/invites/${token}`)).statusCode).toBe(404);
    expect((await t.anonymous.post(`/api/v1/invites/${token}/accept`, { password: 'bench polish rouge 7' })).statusCode).toBe(404);
    expect((await owner.get('/api/v1/staff/invites')).json().items).toEqual([]);

    // A member of staff sees no settings to change and adds no one.
    expect((await jo.patch('/api/v1/shop', { name: 'Mine now' })).statusCode).toBe(403);
    expect((await jo.get('/api/v1/settings/notifications')).statusCode).toBe(403);
    expect((await jo.request('PUT', '/api/v1/settings/notifications', { body: { readyDelayMinutes: 0 } })).statusCode).toBe(403);
    expect((await jo.post('/api/v1/staff/invites', { name: 'Pal', email: `pal-${Math.random()}@example.test`, role: 'staff' })).statusCode).toBe(403);
    expect(
      (await jo.post('/api/v1/staff', { name: 'Pal', email: `pal-${Math.random()}@example.test`, password: 'another-bench-pw-7', role: 'staff' })).statusCode,
    ).toBe(403);

    // Let go, the open session stops working at once, and the password no longer signs in.
    const joId = accepted.json().user.id as string;
    expect((await owner.delete(`/api/v1/staff/${joId}`)).statusCode).toBe(204);
    expect((await jo.get('/api/v1/me')).statusCode).toBe(401);
    expect((await t.anonymous.post('/api/v1/session', { email, password: 'bench polish rouge 7' })).statusCode).toBe(401);
  });

  it('a link expires after 7 days, a new invitation ends the older one, and a withdrawn one works no more', async () => {
    const { client: owner } = await shopWithMail();
    const email = `al-${Math.random()}@example.test`;
    t.clock.set(new Date());
    await owner.post('/api/v1/staff/invites', { name: 'Al', email, role: 'manager' });
    await sender().drain();
    const first = linkIn(email);
    const second = await owner.post('/api/v1/staff/invites', { name: 'Al', email, role: 'manager' });
    await sender().drain();
    const newer = linkIn(email);
    expect(newer).not.toBe(first);
    expect((await t.anonymous.get(`/api/v1/invites/${first}`)).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/v1/invites/${newer}`)).statusCode).toBe(200);

    t.clock.advance(7 * 86_400_000 + 1000);
    expect((await t.anonymous.get(`/api/v1/invites/${newer}`)).statusCode).toBe(404);
    expect((await t.anonymous.post(`/api/v1/invites/${newer}/accept`, { password: 'bench polish rouge 7' })).statusCode).toBe(404);
    t.clock.set(new Date());

    const third = await owner.post('/api/v1/staff/invites', { name: 'Al', email, role: 'staff' });
    await sender().drain();
    const last = linkIn(email);
    expect((await owner.delete(`/api/v1/staff/invites/${third.json().id}`)).statusCode).toBe(204);
    expect((await owner.delete(`/api/v1/staff/invites/${second.json().id}`)).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/v1/invites/${last}`)).statusCode).toBe(404);
  });

  it('an address already signing in is refused, a manager invites no owner, and a shop without e-mail is told why nothing went', async () => {
    const { client: owner, email: ownerEmail } = await shopWithMail();
    const taken = await owner.post('/api/v1/staff/invites', { name: 'Me again', email: ownerEmail.toUpperCase(), role: 'staff' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('email_taken');

    const { client: bare } = await t.newShop('No Mail Yet');
    const made = await bare.post('/api/v1/staff/invites', { name: 'Kit', email: `kit-${Math.random()}@example.test`, role: 'staff' });
    expect(made.statusCode).toBe(201);
    // The answer itself says it did not go, and why, so the owner is never told "sent" for an e-mail that cannot leave.
    expect(made.json().delivery).toEqual({
      status: 'not_sent',
      detail:
        'Not sent: invitations go by e-mail, and e-mail is not set up yet: add your mail server in Settings → Notifications. Then send the invitation again.',
      sentAt: null,
    });
    expect((await bare.get('/api/v1/staff/invites')).json().items).toMatchObject([{ id: made.json().id, delivery: { status: 'not_sent' } }]);
    await sender().drain();
    const [row] = await rowsOf<{ status: string; last_error: string }>(
      t.db,
      sql`select status, last_error from outbox where payload ->> 'inviteId' = ${made.json().id}`,
    );
    expect(row).toMatchObject({ status: 'skipped' });
    expect(row?.last_error).toContain('invitations go by e-mail');

    const email = `mgr-${Math.random()}@example.test`;
    await owner.post('/api/v1/staff/invites', { name: 'Mo', email, role: 'manager' });
    await sender().drain();
    const mo = await t.anonymous.post(`/api/v1/invites/${linkIn(email)}/accept`, { password: 'bench polish rouge 7' });
    const manager = new Client(t.app, cookieFrom(mo));
    expect((await manager.post('/api/v1/staff/invites', { name: 'Boss', email: `b-${Math.random()}@example.test`, role: 'owner' })).statusCode).toBe(403);
    expect((await manager.post('/api/v1/staff/invites', { name: 'Hand', email: `h-${Math.random()}@example.test`, role: 'staff' })).statusCode).toBe(201);
  });

  it('an invitation ends when the same person is added with a first password instead, and its link works no more', async () => {
    const { client: owner } = await shopWithMail();
    const email = `sam-${Math.random()}@example.test`;
    await owner.post('/api/v1/staff/invites', { name: 'Sam', email, role: 'staff' });
    await sender().drain();
    const link = linkIn(email);
    const added = await owner.post('/api/v1/staff', { name: 'Sam', email: email.toUpperCase(), password: 'bench polish rouge 7', role: 'staff' });
    expect(added.statusCode, added.body).toBe(201);
    expect((await owner.get('/api/v1/staff/invites')).json().items).toEqual([]);
    expect((await t.anonymous.get(`/api/v1/invites/${link}`)).statusCode).toBe(404);
  });

  it('another shop’s invitation is not found', async () => {
    const { client: a } = await shopWithMail();
    const { client: b } = await t.newShop('Other Shop');
    const made = await a.post('/api/v1/staff/invites', { name: 'Sam', email: `sam-${Math.random()}@example.test`, role: 'staff' });
    expect((await b.delete(`/api/v1/staff/invites/${made.json().id}`)).statusCode).toBe(404);
    expect((await b.get('/api/v1/staff/invites')).json().items).toEqual([]);
  });
});
