import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { systemClock } from '../../domain/clock.js';
import { jobHooks } from '../../job-hooks.js';
import { makeCustomer, makeShop } from '../../seed/factories.js';
import { databaseUrlFor } from '../../testing/database-url.js';
import { FakeTwilio } from '../../testing/fake-twilio.js';
import { rowsOf } from '../../testing/sql.js';
import * as bespoke from '../bespoke/service.js';
import { SecretBox } from './secret-box.js';
import { updateSettings } from './service.js';

// A sender is a separate process here, killed with SIGKILL mid-delivery, so the database must be a
// server both processes reach: DATABASE_URL's, or the local PostgreSQL the suite's CI starts.
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `loupe_test_proc_${randomBytes(5).toString('hex')}`;
const dbUrl = databaseUrlFor(serverUrl, dbName);
const keyHex = randomBytes(32).toString('hex');
const root = path.resolve(import.meta.dirname, '../../..');

let db: Database;
let twilio: FakeTwilio;
let twilioBase: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  db = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 });
  await db.migrate();
  twilio = new FakeTwilio();
  twilioBase = await twilio.start();
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await twilio.stop();
  await db.close();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

// node --import tsx, not the tsx wrapper: SIGKILL must kill the sender itself, not a parent that leaves it running.
function worker(id: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      TWILIO_API_BASE: twilioBase,
      // The fake Twilio listens on loopback: the operator lets the worker reach it.
      LOUPE_OUTBOUND_ALLOW: new URL(twilioBase).host,
      LOUPE_ENCRYPTION_KEY: keyHex,
      SENDER_ID: id,
      // Short, so the takeover comes soon; each attempt's deadline is half of it, time enough on a busy machine.
      SENDER_LEASE_MS: '3000',
      SENDER_POLL_MS: '100',
      SENDER_BACKOFF_MS: '50',
    },
    stdio: 'ignore',
  });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { child, exited };
}

async function outboxRow(jobId: string) {
  const [row] = await rowsOf<{ status: string; attempts: number; claimed_by: string | null }>(
    db,
    sql`select status, attempts, claimed_by from outbox where job_id = ${jobId} and topic = 'customer_ready'`,
  );
  return row;
}

it('a sender killed mid-delivery is taken over, and the customer gets the message once', { timeout: 90_000 }, async () => {
  const deps = { db, clock: systemClock, jobHooks: jobHooks(new SecretBox(null)), config: { publicUrl: 'http://loupe.test' } };
  const { actor } = await makeShop(deps);
  await updateSettings({ db, box: new SecretBox(Buffer.from(keyHex, 'hex')) }, actor, {
    defaultChannel: 'sms',
    readyDelayMinutes: 0,
    twilio: { accountSid: `AC${'b2'.repeat(16)}`, authToken: 'twilio-auth-token-2', smsFrom: '+447700100200' },
  });
  const customer = await makeCustomer(deps, actor, { phone: '07912 345678', preferredChannel: 'sms' });
  const job = await bespoke.createJob(deps, actor, { title: 'Rope chain', customerId: customer.id });
  await bespoke.moveJob(deps, actor, job.id, { to: 'polish' });

  // The provider takes the first request and never answers; the moment it arrives, the sender dies.
  twilio.script.push('hang');
  const first = worker('first');
  twilio.onRequest = () => first.child.kill('SIGKILL');
  await bespoke.moveJob(deps, actor, job.id, { from: 'polish', to: 'ready' });
  expect(await first.exited).toBe('SIGKILL');
  expect(await outboxRow(job.id)).toMatchObject({ status: 'sending', attempts: 1, claimed_by: 'first' });
  expect(twilio.requests).toHaveLength(1);

  twilio.onRequest = undefined;
  const second = worker('second');
  const deadline = Date.now() + 60_000;
  while ((await outboxRow(job.id))?.status !== 'sent' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  second.child.kill('SIGTERM');
  await second.exited;

  expect(await outboxRow(job.id)).toMatchObject({ status: 'sent', attempts: 2, claimed_by: 'second' });
  expect(twilio.requests).toHaveLength(2);
  expect(new Set(twilio.requests.map((r) => r.idempotencyToken)).size).toBe(1);
  // What reached the customer's phone: one message.
  expect(twilio.delivered).toHaveLength(1);
});
