import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './db/client.js';
import { buildWeb, webDist } from './http/web.js';
import { databaseUrlFor } from './testing/database-url.js';
import { HaProxy } from './testing/haproxy.js';
import { type Answer, type CallOptions, call, type EventStream, openEventStream, sessionCookieOf } from './testing/http-client.js';
import { type LoupeProcess, startLoupe, stopAll, waitHealthy, waitSaid } from './testing/loupe-process.js';
import { freePort } from './testing/radicale.js';
import { SmtpSink } from './testing/smtp-sink.js';
import { rowsOf } from './testing/sql.js';

// Loupe as it is deployed to grow: three web processes and two sender workers on one PostgreSQL, each a
// real child process, with Debian's HAProxy in front. Every request below goes through the balancer.
const serverUrl = process.env.DATABASE_URL;
const skipReason = 'DATABASE_URL is unset: the embedded database (PGlite) belongs to one process, so several processes need a PostgreSQL server';
if (!serverUrl) console.info(`several-processes test skipped: ${skipReason}`);

const WEB = ['web1', 'web2', 'web3'] as const;
const WORKERS = ['worker-a', 'worker-b'] as const;
const SIGNUPS_PER_HOUR = 4;
const PASSWORD = 'correct horse battery';
/** Ceilings for states to arrive on a loaded 2-core machine; every wait ends as soon as its state holds. */
const BOOT_MS = 150_000;
const STATE_MS = 60_000;
/** The session cache's few seconds (SessionCache's 5 s), with room for a busy machine. */
const SESSION_END_MS = 15_000;

describe.skipIf(!serverUrl)(
  `Loupe as ${WEB.length} web processes and ${WORKERS.length} workers behind HAProxy${serverUrl ? '' : ` (skipped: ${skipReason})`}`,
  () => {
    const dbName = `loupe_test_procs_${randomBytes(5).toString('hex')}`;
    const dbUrl = databaseUrlFor(serverUrl ?? 'postgres://unset', dbName);
    const children: LoupeProcess[] = [];
    const workers: LoupeProcess[] = [];
    const haproxy = new HaProxy();
    const smtp = new SmtpSink();
    let dataDir = '';
    let db: Database | undefined;
    let base = '';
    let owner = '';
    let customerId = '';

    const balancer = (method: string, url: string, opts: CallOptions = {}) => call(base, method, url, { ...opts, headers: { origin: base, ...opts.headers } });
    const asOwner = (method: string, url: string, body?: unknown) => balancer(method, url, { cookie: owner, body });
    const ok = <T>(answer: Answer, status = 200): T => {
      expect(answer.status, `${answer.server}: ${answer.body}`).toBe(status);
      return answer.json<T>();
    };
    const count = async (query: SQL) => (await rowsOf<{ n: number }>(database(), query))[0]?.n ?? 0;
    const database = () => {
      if (!db) throw new Error('the database is not open');
      return db;
    };

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const smtpPort = await smtp.start();
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-procs-'));
      // Built once, as a deployment builds before it starts its processes (each would otherwise build it,
      // all at once into one folder). The API under test does not need it, so a build that fails (another
      // test's Loupe building at the same moment) leaves the processes to build it themselves.
      if (!existsSync(path.join(webDist, 'index.html'))) await buildWeb().catch(() => undefined);

      const balancerPort = await freePort();
      base = `http://127.0.0.1:${balancerPort}`;
      const shared = {
        DATABASE_URL: dbUrl,
        // One key for every process: what one seals, another opens.
        LOUPE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        // The shop's SMTP server here is the local sink, which the operator lets Loupe reach.
        LOUPE_OUTBOUND_ALLOW: `127.0.0.1:${smtpPort}`,
        PUBLIC_URL: base,
      };
      const ports = await Promise.all(WEB.map(() => freePort()));
      // All five start at once on an empty database: the migrations' advisory lock lets one migrate.
      for (const [i, name] of WEB.entries()) {
        children.push(
          startLoupe(name, 'src/main.ts', {
            ...shared,
            HOST: '127.0.0.1',
            PORT: String(ports[i]),
            DATA_DIR: dataDir,
            // The workers send; the web processes only queue.
            SENDER: '0',
            TRUST_PROXY: '1',
            SIGNUPS_PER_HOUR: String(SIGNUPS_PER_HOUR),
          }),
        );
      }
      for (const id of WORKERS) workers.push(startLoupe(id, 'src/worker.ts', { ...shared, SENDER_ID: id, SENDER_POLL_MS: '100' }));
      children.push(...workers);
      await Promise.all([
        ...WEB.map((_, i) => waitHealthy(children[i] as LoupeProcess, `http://127.0.0.1:${ports[i]}`, BOOT_MS)),
        ...workers.map((w) => waitSaid(w, 'running', BOOT_MS)),
      ]);

      await haproxy.start(
        WEB.map((name, i) => ({ name, port: ports[i] ?? 0 })),
        balancerPort,
      );
      // Ready when every backend has answered /healthz through the balancer.
      const healthy = new Set<string>();
      await until('every backend answers through the balancer', async () => {
        if (haproxy.exited) throw new Error(`haproxy exited: ${haproxy.output}`);
        const answer = await balancer('GET', '/healthz').catch(() => undefined);
        if (answer?.status === 200) healthy.add(answer.server);
        return healthy.size === WEB.length;
      });
      db = await openDatabase({ databaseUrl: dbUrl, poolSize: 2 });

      const signUp = await balancer('POST', '/api/v1/shops', {
        body: { shopName: 'Hatton & Daughters', ownerName: 'Ada Hatton', email: 'ada@hatton.test', password: PASSWORD },
      });
      ok(signUp, 201);
      owner = sessionCookieOf(signUp);
      ok(
        await asOwner('PUT', '/api/v1/settings/notifications', {
          readyDelayMinutes: 0,
          defaultChannel: 'email',
          sender: { name: 'Hatton & Daughters', email: 'hello@hatton.test' },
          smtp: { host: '127.0.0.1', port: smtpPort, secure: false },
        }),
      );
      customerId = ok<{ id: string }>(await asOwner('POST', '/api/v1/customers', { name: 'Grace Holloway', email: 'grace@example.test' }), 201).id;
    }, BOOT_MS + 60_000);

    afterAll(async () => {
      await stopAll(children);
      await haproxy.stop();
      await smtp.stop();
      await db?.close();
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }, 60_000);

    const signIn = async (email: string) => {
      const answer = await balancer('POST', '/api/v1/session', { body: { email, password: PASSWORD } });
      ok(answer);
      return sessionCookieOf(answer);
    };
    const newJob = async (title: string) => ok<{ id: string }>(await asOwner('POST', '/api/v1/bespoke', { title, customerId }), 201).id;
    const move = (id: string, body: { from?: string; to: string }) => asOwner('POST', `/api/v1/bespoke/${id}/stage`, body);

    it('twenty concurrent moves of one job, spread over the processes: one lands, one history row, one outbox row', { timeout: 120_000 }, async () => {
      const job = await newJob('Oval sapphire halo');
      ok(await move(job, { to: 'polish' }));
      const answers = await Promise.all(Array.from({ length: 20 }, () => move(job, { from: 'polish', to: 'ready' })));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.server))).toEqual(new Set(WEB));
      const moved = answers.map((a) => a.json<{ moved: boolean }>().moved);
      expect(moved.filter((m) => m)).toHaveLength(1);
      expect(moved.filter((m) => !m)).toHaveLength(19);
      expect(await count(sql`select count(*)::int as n from job_stages where job_id = ${job} and stage = 'ready'`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from outbox where job_id = ${job} and topic = 'customer_ready'`)).toBe(1);
    });

    it('one Idempotency-Key sent to every process at once makes one record, and every answer is its answer', { timeout: 120_000 }, async () => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          balancer('POST', '/api/v1/customers', { cookie: owner, body: { name: 'Double Click' }, headers: { 'idempotency-key': 'counter-7f3a' } }),
        ),
      );
      expect(new Set(answers.map((a) => a.server))).toEqual(new Set(WEB));
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
      expect(new Set(answers.map((a) => a.json<{ id: string }>().id)).size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(11);
      expect(await count(sql`select count(*)::int as n from customers where name = 'Double Click'`)).toBe(1);
    });

    it('200 ready messages queued through the balancer, both workers sending at once: each reaches the mail server exactly once', {
      timeout: 240_000,
    }, async () => {
      // The workers are paused while the queue fills, so both find it full when they resume ...
      for (const w of workers) w.child.kill('SIGSTOP');
      let jobs: string[] = [];
      try {
        jobs = await inParallel(
          Array.from({ length: 200 }, (_, i) => `Piece ${i + 1}`),
          8,
          async (title) => {
            const id = await newJob(title);
            expect(ok<{ moved: boolean }>(await move(id, { to: 'ready' })).moved).toBe(true);
            return id;
          },
        );
        // ... and the mail server answers nothing until more messages wait at once than one worker
        // claims in a batch (20): both workers are delivering side by side, not one after the other.
        smtp.holdUntil(21);
      } finally {
        for (const w of workers) w.child.kill('SIGCONT');
      }

      const keyOf = await rowsOf<{ job_id: string; key: string }>(
        database(),
        sql`select job_id, idempotency_key as key from outbox where topic = 'customer_ready' and job_id in ${jobs}`,
      );
      expect(keyOf).toHaveLength(200);
      const unsent = () => count(sql`select count(*)::int as n from outbox where topic = 'customer_ready' and status <> 'sent' and job_id in ${jobs}`);
      await until('every message is sent', async () => (await unsent()) === 0, 180_000);

      const rows = await rowsOf<{ claimed_by: string; sent: number; once: number }>(
        database(),
        sql`select claimed_by, count(*)::int as sent, count(*) filter (where attempts = 1)::int as once from outbox
          where topic = 'customer_ready' and job_id in ${jobs} group by claimed_by order by claimed_by`,
      );
      // Both workers took a share; no row was claimed twice.
      expect(rows.map((r) => r.claimed_by)).toEqual([...WORKERS]);
      for (const r of rows) expect(r.once).toBe(r.sent);
      expect(rows.reduce((n, r) => n + r.sent, 0)).toBe(200);

      // What the mail server received: each of the 200 messages once.
      const keys = new Set(keyOf.map((r) => r.key));
      const received = smtp.mails.map((m) => idempotencyKeyOf(m.raw)).filter((k) => k !== undefined && keys.has(k));
      expect(received).toHaveLength(200);
      expect(new Set(received).size).toBe(200);
    });

    it('a job changed through one process reaches the live screens connected to every process', { timeout: 120_000 }, async () => {
      const streams = await onEveryProcess(() => openEventStream(base, owner));
      try {
        const job = await asOwner('POST', '/api/v1/bespoke', { title: 'Signet ring', customerId });
        const { id } = ok<{ id: string }>(job, 201);
        // The change was made on one process; the other two hear it through PostgreSQL's NOTIFY.
        expect(streams.filter((s) => s.server !== job.server)).toHaveLength(WEB.length - 1);
        await Promise.all(streams.map((s) => s.next((e) => e.id === id && e.kind === 'bespoke', STATE_MS)));
      } finally {
        for (const s of streams) s.close();
      }
    });

    it('the sign-up limit is one budget for every process', { timeout: 120_000 }, async () => {
      // Another client address than the test's own (any 127.x is loopback), so the budget is this test's alone.
      const from = '127.0.0.2';
      const answers: Answer[] = [];
      for (let i = 0; i < 7; i++) {
        answers.push(
          await balancer('POST', '/api/v1/shops', {
            localAddress: from,
            body: { shopName: `Shop ${i}`, ownerName: 'Owner', email: `owner${i}@limits.test`, password: PASSWORD },
          }),
        );
      }
      // No process saw more than its own allowance: limits kept per process would have let all seven in.
      const perServer = WEB.map((name) => answers.filter((a) => a.server === name).length);
      expect(Math.max(...perServer)).toBeLessThan(SIGNUPS_PER_HOUR);
      expect(answers.map((a) => a.status)).toEqual([...Array(SIGNUPS_PER_HOUR).fill(201), ...Array(7 - SIGNUPS_PER_HOUR).fill(429)]);
      expect(answers.at(-1)?.json()).toMatchObject({ code: 'rate_limited' });
    });

    it('a sign-out on one process ends the session on every process: its live streams, then every request', { timeout: 120_000 }, async () => {
      const cookie = await signIn('ada@hatton.test');
      await expectEndedEverywhere(cookie, async () => {
        expect((await balancer('DELETE', '/api/v1/session', { cookie })).status).toBe(204);
      });
    });

    it('letting a member go on one process ends their sessions on every process', { timeout: 120_000 }, async () => {
      const member = ok<{ id: string }>(
        await asOwner('POST', '/api/v1/staff', { name: 'Sam Bench', email: 'sam@hatton.test', password: PASSWORD, role: 'staff' }),
        201,
      );
      const cookie = await signIn('sam@hatton.test');
      await expectEndedEverywhere(cookie, async () => {
        expect((await asOwner('DELETE', `/api/v1/staff/${member.id}`)).status).toBe(204);
      });
      expect((await balancer('POST', '/api/v1/session', { body: { email: 'sam@hatton.test', password: PASSWORD } })).status).toBe(401);
    });

    /**
     * With `cookie`'s session cached by every process (a request answered by each) and a live stream
     * open on each, `end` ends it through the balancer: every stream closes, and every process refuses
     * the cookie (once one has refused it, it never answers it again).
     */
    async function expectEndedEverywhere(cookie: string, end: () => Promise<void>) {
      const streams = await onEveryProcess(() => openEventStream(base, cookie));
      try {
        const warm = await Promise.all(WEB.map(() => balancer('GET', '/api/v1/me', { cookie })));
        expect(new Set(warm.map((a) => (a.status === 200 ? a.server : `${a.server} ${a.status}`)))).toEqual(new Set(WEB));
        const started = Date.now();
        await end();
        await withinMs(Promise.all(streams.map((s) => s.ended)), SESSION_END_MS, 'every live stream of the session to end');
        const refused = new Set<string>();
        await until(
          'every process to refuse the session',
          async () => {
            const a = await balancer('GET', '/api/v1/me', { cookie });
            if (a.status === 200) expect(refused.has(a.server), `${a.server} answered a session it had refused`).toBe(false);
            else {
              expect(a.status).toBe(401);
              refused.add(a.server);
            }
            return refused.size === WEB.length;
          },
          SESSION_END_MS,
        );
        console.info(`session ended on all ${WEB.length} processes ${Date.now() - started} ms after the request that ended it`);
      } finally {
        for (const s of streams) s.close();
      }
    }
  },
);

/** One of `open`'s results on each web process (the balancer spreads them), the extras closed. */
async function onEveryProcess(open: () => Promise<EventStream>): Promise<EventStream[]> {
  const kept = new Map<string, EventStream>();
  for (let i = 0; i < 3 * WEB.length && kept.size < WEB.length; i++) {
    const stream = await open();
    if (kept.has(stream.server)) stream.close();
    else kept.set(stream.server, stream);
  }
  expect([...kept.keys()].sort()).toEqual([...WEB]);
  return [...kept.values()];
}

/** Polls `holds` until it is true, failing after `timeoutMs`. */
async function until(what: string, holds: () => Promise<boolean>, timeoutMs = STATE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await holds()) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms / 1000} s for ${what}`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** `fn` over `items`, at most `width` at a time, the answers in the items' order. */
async function inParallel<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
    }),
  );
  return out;
}

/** The outbox key a mail carries in its X-Loupe-Idempotency-Key header (unfolded). */
function idempotencyKeyOf(raw: string): string | undefined {
  return /^X-Loupe-Idempotency-Key:\s*(\S+)/im.exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];
}
