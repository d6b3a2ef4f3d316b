import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME } from '../../db/client.js';
import { makeBespokeJob } from '../../seed/factories.js';
import { buildServer } from '../../server.js';
import { rowsOf } from '../../testing/sql.js';
import { cookieFrom, ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';
import { sessionIdOf } from '../shops/session-tokens.js';
import { defaultStreamLimits, LiveHub } from './hub.js';

/** An event stream read the way a browser's EventSource reads one, over a real socket. */
interface Stream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Each `event:` block received so far (`retry:` and comments are left out). */
  events: { event: string; data: string }[];
  /** The body, for an answer that is not a stream. */
  body(): string;
  /** Settles when the server ends the response (or the connection goes). */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

function openStream(base: string, cookie: string | null): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/v1/events`, { headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}) } }, (res) => {
      let buffer = '';
      let raw = '';
      let done = false;
      const events: Stream['events'] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = new Map(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()] as const),
          );
          const event = fields.get('event');
          if (event) events.push({ event, data: fields.get('data') ?? '' });
          cut = buffer.indexOf('\n\n');
        }
      });
      const ended = new Promise<void>((settle) => {
        const finish = () => {
          done = true;
          settle();
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        body: () => raw,
        ended,
        isEnded: () => done,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

/** The stream answered whole (a refusal): its status, headers and body once it has all arrived. */
async function answered(base: string, cookie: string | null) {
  const s = await openStream(base, cookie);
  if (s.status === 200) return { status: 200, headers: s.headers, body: null, stream: s };
  await s.ended;
  return { status: s.status, headers: s.headers, body: JSON.parse(s.body()) as Record<string, unknown>, stream: s };
}

const heardJob = (s: Stream, id: string) => s.events.some((e) => e.event === 'job' && (JSON.parse(e.data) as { id: string }).id === id);

async function listenOn(app: TestApp['app']): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const tokenOf = (cookie: string | null) => {
  if (!cookie) throw new Error('no session cookie');
  return cookie.slice(cookie.indexOf('=') + 1);
};

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await testApp();
  base = await listenOn(t.app);
});

afterAll(() => t?.close());

async function health() {
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A second sign-in of the same owner: a session of its own. */
async function secondSession(email: string, password: string) {
  const res = await t.anonymous.post('/api/v1/session', { email, password });
  expect(res.statusCode).toBe(200);
  return cookieFrom(res);
}

describe('GET /api/v1/events', () => {
  it('streams job changes of the own shop', async () => {
    const shop = await t.newShop();
    const job = await makeBespokeJob(t.deps, shop.actor);
    const stream = await openStream(base, shop.client.cookie);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const moved = await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { from: 'enquiry', to: 'consultation' });
    expect(moved.statusCode, moved.body).toBe(200);
    await expect.poll(() => heardJob(stream, job.id), { timeout: 5_000 }).toBe(true);
    stream.close();
  });

  it('admits five streams per session; of 50 at once the rest get 429 rate_limited with Retry-After, and the process stays healthy', async () => {
    const shop = await t.newShop();
    const sessionId = sessionIdOf(tokenOf(shop.client.cookie));
    const answers = await Promise.all(Array.from({ length: 50 }, () => answered(base, shop.client.cookie)));
    const admitted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(admitted).toHaveLength(defaultStreamLimits.perSession);
    expect(refused).toHaveLength(50 - defaultStreamLimits.perSession);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.headers['retry-after']).toBe('30');
      expect(r.body).toMatchObject({ status: 429, code: 'rate_limited', instance: '/api/v1/events' });
    }
    expect(t.deps.live.openStreams(sessionId)).toBe(defaultStreamLimits.perSession);

    expect(await health()).toEqual({ status: 200, body: { status: 'ok', live: 'listening' } });
    expect((await fetch(`${base}/api/v1/me`, { headers: { cookie: shop.client.cookie ?? '' } })).status).toBe(200);
    // Another session of the same shop has slots of its own.
    const other = await openStream(base, await secondSession(shop.email, shop.password));
    expect(other.status).toBe(200);

    // A closed tab gives its slot back.
    const [first, ...rest] = admitted;
    first?.stream.close();
    await expect.poll(() => t.deps.live.openStreams(sessionId)).toBe(defaultStreamLimits.perSession - 1);
    const again = await openStream(base, shop.client.cookie);
    expect(again.status).toBe(200);
    for (const s of [again, other, ...rest.map((a) => a.stream)]) s.close();
    await expect.poll(() => t.deps.live.openStreams(sessionId)).toBe(0);
  });

  it('refuses a stream without a session', async () => {
    const res = await answered(base, null);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'unauthenticated' });
  });

  it("sign-out ends that session's streams at once, on this process and another, and no other session's", async () => {
    const shop = await t.newShop();
    const job = await makeBespokeJob(t.deps, shop.actor);
    const otherCookie = await secondSession(shop.email, shop.password);

    // A second process: its own hub, its own LISTEN connection, the same database.
    const live2 = new LiveHub();
    await live2.start(t.db);
    const app2 = await buildServer({ ...t.deps, live: live2 });
    try {
      const base2 = await listenOn(app2);
      const here = await openStream(base, shop.client.cookie);
      const there = await openStream(base2, shop.client.cookie);
      const kept = await openStream(base, otherCookie);
      expect([here.status, there.status, kept.status]).toEqual([200, 200, 200]);

      // Signed out the way the staff app does it, over the socket.
      const out = await fetch(`${base}/api/v1/session`, { method: 'DELETE', headers: { cookie: shop.client.cookie ?? '', origin: ORIGIN } });
      expect(out.status).toBe(204);
      await expect.poll(() => here.isEnded() && there.isEnded(), { timeout: 5_000 }).toBe(true);
      expect(live2.openStreams(sessionIdOf(tokenOf(shop.client.cookie)))).toBe(0);

      // The signed-out cookie opens nothing, on either process.
      expect((await answered(base, shop.client.cookie)).status).toBe(401);
      expect((await answered(base2, shop.client.cookie)).status).toBe(401);

      // The other session's stream is still open and still hears its shop.
      expect(kept.isEnded()).toBe(false);
      const moved = await fetch(`${base}/api/v1/bespoke/${job.id}/stage`, {
        method: 'POST',
        headers: { cookie: otherCookie ?? '', origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'enquiry', to: 'consultation' }),
      });
      expect(moved.status).toBe(200);
      await expect.poll(() => heardJob(kept, job.id), { timeout: 5_000 }).toBe(true);
      kept.close();
    } finally {
      await app2.close();
      await live2.close();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('when the LISTEN connection is cut (PostgreSQL)', () => {
  let admin: pg.Client;
  let database: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const [row] = await rowsOf<{ name: string }>(t.db, sql`select current_database() as name`);
    if (!row) throw new Error('no database name');
    database = row.name;
  });

  afterAll(async () => {
    await admin?.query(`alter database ${pg.escapeIdentifier(database)} allow_connections true`).catch(() => {});
    await admin?.end();
  });

  const listenerPids = async () =>
    (
      await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and application_name = $2', [database, LISTENER_APPLICATION_NAME])
    ).rows.map((r) => r.pid);

  it('ends open streams, says degraded until the connection is back, then ends the streams opened meanwhile and streams job changes again', async () => {
    const shop = await t.newShop();
    const job = await makeBespokeJob(t.deps, shop.actor);
    const states: string[] = [];
    const stopHearing = t.deps.live.onState((s) => states.push(s));
    try {
      expect(await health()).toEqual({ status: 200, body: { status: 'ok', live: 'listening' } });
      const before = await openStream(base, shop.client.cookie);
      expect(before.status).toBe(200);
      // One listener: a second process's, from an earlier test, may take a moment to leave.
      await expect.poll(listenerPids).toHaveLength(1);
      const [pid] = await listenerPids();

      // Held down: no new connection to this database until the test lets it back, so the outage is seen.
      await admin.query(`alter database ${pg.escapeIdentifier(database)} allow_connections false`);
      const cut = await admin.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [pid]);
      expect(cut.rows[0]?.ok).toBe(true);

      await before.ended;
      await expect.poll(health, { timeout: 10_000 }).toMatchObject({ status: 503, body: { status: 'degraded', live: 'reconnecting' } });
      // A screen that reconnects meanwhile is let in, but will have missed whatever happened.
      const during = await openStream(base, shop.client.cookie);
      expect(during.status).toBe(200);

      await admin.query(`alter database ${pg.escapeIdentifier(database)} allow_connections true`);
      await expect.poll(health, { timeout: 15_000 }).toEqual({ status: 200, body: { status: 'ok', live: 'listening' } });
      await during.ended;
      expect(states).toEqual(['reconnecting', 'listening']);
      const now = await listenerPids();
      expect(now).toHaveLength(1);
      expect(now).not.toContain(pid);

      const after = await openStream(base, shop.client.cookie);
      expect(after.status).toBe(200);
      const moved = await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { from: 'enquiry', to: 'consultation' });
      expect(moved.statusCode, moved.body).toBe(200);
      await expect.poll(() => heardJob(after, job.id), { timeout: 5_000 }).toBe(true);
      after.close();
    } finally {
      stopHearing();
    }
  });
});
