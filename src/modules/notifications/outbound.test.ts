import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboundGuard, type OutboundGuardOptions, parseOutboundAllow, type Resolver } from '../../net/outbound-guard.js';
import { FakeTwilio } from '../../testing/fake-twilio.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { UNREACHABLE_MAIL } from './channels/email.js';
import { channelAdapters } from './channels/index.js';
import { UNREACHABLE_TWILIO } from './channels/twilio.js';
import { UNREACHABLE_WEBHOOK } from './channels/webhook.js';
import { OutboxSender } from './sender.js';

// A shop chooses where its messages go; none of it may reach Loupe's own network, and the delivery log
// must not tell a closed port from a blocked address from a silent one (or it becomes a port scanner).

let t: TestApp;
/** Real SMTP servers on 127.0.0.1 and ::1, on the same port. */
let sink4: SmtpSink;
let sink6: SmtpSink;
let smtpPort: number;

beforeAll(async () => {
  t = await testApp();
  sink4 = new SmtpSink();
  smtpPort = await sink4.start('127.0.0.1');
  sink6 = new SmtpSink();
  await sink6.start('::1', smtpPort);
});
afterAll(async () => {
  await sink4.stop();
  await sink6.stop();
  await t.close();
});
beforeEach(() => {
  t.clock.set(new Date());
});

/** Stands in for DNS: the names it knows and their addresses; any other is not found. */
const fakeDns =
  (table: Record<string, string[]>): Resolver =>
  async (name) => {
    const found = table[name];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  };

/** The real sender with the operator's guard; a failed message is retried only in an hour, so each test sees one attempt. */
const senderWith = (guard: OutboundGuardOptions, twilioBase = 'https://api.twilio.com') =>
  new OutboxSender(
    { db: t.db, box: t.deps.box, channels: channelAdapters(twilioBase, new OutboundGuard(guard)), config: { publicUrl: 'http://loupe.test' } },
    { workerId: 'outbound-test', backoffBaseMs: 3_600_000, leaseMs: 30_000 },
  );
/** No LOUPE_OUTBOUND_ALLOW: what production runs with. */
const noAllowance = { resolve: fakeDns({ localhost: ['127.0.0.1', '::1'], 'mail.example.test': ['127.0.0.1'] }) };

async function shopWith(settings: Record<string, unknown>) {
  const shop = await t.newShop('Ring Room');
  // The ready message goes at once: these tests are about where it may go, not the undo window.
  const res = await shop.client.request('PUT', '/api/v1/settings/notifications', { body: { readyDelayMinutes: 0, ...settings } });
  expect(res.statusCode, res.body).toBe(200);
  return shop.client;
}
const smtpAt = (host: string, port: number, secure = false) => ({
  defaultChannel: 'email',
  sender: { name: 'Ring Room', email: 'hello@ringroom.test' },
  smtp: { host, port, secure },
});
const webhookAt = (url: string) => ({ defaultChannel: 'webhook', webhook: { url, secret: 'a-webhook-secret-of-some-length' } });

async function readyJob(client: Client) {
  const c = (await client.post('/api/v1/customers', { name: 'Grace Holloway', email: 'grace@example.test', phone: '07912 345678' })).json();
  const job = (await client.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId: c.id, quotedCents: 420_000 })).json();
  await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'polish' });
  const moved = await client.post(`/api/v1/bespoke/${job.id}/stage`, { from: 'polish', to: 'ready' });
  expect(moved.json().moved).toBe(true);
  return job.id as string;
}
const logEntry = async (client: Client, jobId: string) => ((await client.get(`/api/v1/bespoke/${jobId}`)).json().notifications as Record<string, unknown>[])[0];

/** Moves a job to ready at a shop with these settings, lets the sender make its one attempt, and answers the log entry. */
async function attempt(settings: Record<string, unknown>, guard: OutboundGuardOptions, twilioBase?: string) {
  const client = await shopWith(settings);
  const jobId = await readyJob(client);
  await senderWith(guard, twilioBase).drain();
  return logEntry(client, jobId);
}

/** A TCP listener that counts connections and does something unhelpful with each. */
async function tcpServer(onConnection: (s: net.Socket) => void) {
  const accepted = { count: 0 };
  const server = net.createServer((s) => {
    accepted.count++;
    s.on('error', () => undefined);
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted,
    close: () => {
      server.close();
    },
  };
}

describe('e-mail: a shop cannot point the mail server inside', () => {
  const inside = ['127.0.0.1', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', 'localhost', 'mail.example.test', '10.0.0.1', '169.254.169.254', '0.0.0.0'];
  it.each(inside)('%s: never connected to, and the log says only that the server could not be reached', async (host) => {
    const before = sink4.connections + sink6.connections;
    const entry = await attempt(smtpAt(host, smtpPort), noAllowance);
    expect(entry).toMatchObject({ channel: 'email', status: 'pending', attempts: 1, lastError: UNREACHABLE_MAIL });
    expect(sink4.connections + sink6.connections).toBe(before);
  });

  it('none of those reached either sink', () => {
    expect([sink4.connections, sink6.connections, sink4.mails.length, sink6.mails.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('e-mail: every way of not reaching a server reads the same', () => {
  // The operator allows loopback here, so each of these is a real failure of a real connection.
  const operator = { allow: parseOutboundAllow('127.0.0.1') ?? [], resolve: fakeDns({}) };

  it('a closed port, a server that hangs up, one that is no mail server, a failed TLS handshake, and no such name', async () => {
    const closed = await tcpServer(() => undefined);
    closed.close();
    const hangsUp = await tcpServer((s) => s.destroy());
    const notMail = await tcpServer((s) => s.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    try {
      const entries = [
        await attempt(smtpAt('127.0.0.1', closed.port), operator),
        await attempt(smtpAt('127.0.0.1', hangsUp.port), operator),
        await attempt(smtpAt('127.0.0.1', notMail.port), operator),
        // The sink speaks plain SMTP: a TLS client gets a greeting where it wanted a handshake.
        await attempt(smtpAt('127.0.0.1', smtpPort, true), operator),
        await attempt(smtpAt('no-such-host.example.test', smtpPort), operator),
      ];
      expect(entries.map((e) => [e?.status, e?.lastError])).toEqual(entries.map(() => ['pending', UNREACHABLE_MAIL]));
      expect([hangsUp.accepted.count, notMail.accepted.count]).toEqual([1, 1]);
    } finally {
      hangsUp.close();
      notMail.close();
    }
  });

  it('the same shop settings deliver once the operator allows the host: the sink was there to be reached', async () => {
    const before = { connections: sink4.connections, mails: sink4.mails.length };
    const entry = await attempt(smtpAt('127.0.0.1', smtpPort), { allow: parseOutboundAllow(`127.0.0.1:${smtpPort}`) ?? [] });
    expect(entry).toMatchObject({ status: 'sent', lastError: null });
    expect(sink4.connections - before.connections).toBe(1);
    expect(sink4.mails.length - before.mails).toBe(1);
  });

  it("a real mail server's refusal is still shown in its words", async () => {
    const refusing = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 })),
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    try {
      const entry = await attempt(smtpAt('127.0.0.1', (refusing.server.address() as AddressInfo).port), operator);
      expect(entry?.status).toBe('dead');
      expect(entry?.lastError).toMatch(/^The mail server said: .*550 5\.1\.1 No such mailbox here/);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});

describe('webhook: a shop cannot reach inside, and redirects are not followed', () => {
  const requests = { hook: 0, inside: 0 };
  let hook: http.Server;
  let insideServer: http.Server;
  let hookPort = 0;
  let insidePort = 0;
  beforeAll(async () => {
    insideServer = http.createServer((_req, res) => {
      requests.inside++;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => insideServer.listen(0, '127.0.0.1', r));
    insidePort = (insideServer.address() as AddressInfo).port;
    hook = http.createServer((req, res) => {
      requests.hook++;
      req.resume();
      res.writeHead(307, { location: `http://127.0.0.1:${insidePort}/admin` }).end();
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookPort = (hook.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => hook.close(() => r()));
    await new Promise<void>((r) => insideServer.close(() => r()));
  });

  it('a public-looking host the operator allows answers 307 to loopback: the redirect is not followed', async () => {
    const before = { ...requests };
    // Both hosts are allowed, so only the rule against redirects stands between the hook and the inside server.
    const operator = {
      allow: parseOutboundAllow(`hooks.example.test,127.0.0.1:${insidePort}`) ?? [],
      resolve: fakeDns({ 'hooks.example.test': ['127.0.0.1'] }),
    };
    const entry = await attempt(webhookAt(`http://hooks.example.test:${hookPort}/loupe`), operator);
    expect(requests.hook - before.hook).toBe(1);
    expect(requests.inside - before.inside).toBe(0);
    expect(entry).toMatchObject({ channel: 'webhook', status: 'pending', attempts: 1 });
    expect(entry?.lastError).toBe('The webhook answered 307 (a redirect), which Loupe does not follow: put the final address in Settings → Notifications');
  });

  const inside = (port: () => number) => [
    `http://127.0.0.1:${port()}/admin`,
    `http://[::1]:${port()}/admin`,
    `http://[::ffff:127.0.0.1]:${port()}/admin`,
    `http://localhost:${port()}/admin`,
    `http://2130706433:${port()}/admin`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
  ];
  it('addresses inside are never requested, and the log says only that the webhook could not be reached', async () => {
    const before = requests.inside;
    for (const url of inside(() => insidePort)) {
      const entry = await attempt(webhookAt(url), noAllowance);
      expect([url, entry?.status, entry?.lastError]).toEqual([url, 'pending', UNREACHABLE_WEBHOOK]);
    }
    expect(requests.inside).toBe(before);
  });

  it('a closed port of an allowed host reads the same', async () => {
    const closed = await tcpServer(() => undefined);
    closed.close();
    const entry = await attempt(webhookAt(`http://127.0.0.1:${closed.port}/hook`), { allow: parseOutboundAllow('127.0.0.1') ?? [] });
    expect(entry).toMatchObject({ status: 'pending', lastError: UNREACHABLE_WEBHOOK });
  });
});

describe('Twilio goes through the same guard', () => {
  it('a Twilio base on loopback is not reached without the allowance, and is with it', async () => {
    const twilio = new FakeTwilio();
    const base = await twilio.start();
    try {
      const settings = {
        defaultChannel: 'sms',
        twilio: { accountSid: `AC${'c3'.repeat(16)}`, authToken: 'twilio-auth-token-3', smsFrom: '+447700100200' },
      };
      expect(await attempt(settings, noAllowance, base)).toMatchObject({ status: 'pending', lastError: UNREACHABLE_TWILIO });
      expect(twilio.requests).toHaveLength(0);
      expect(await attempt(settings, { allow: parseOutboundAllow(new URL(base).host) ?? [] }, base)).toMatchObject({ status: 'sent' });
      expect(twilio.requests).toHaveLength(1);
    } finally {
      await twilio.stop();
    }
  });
});
