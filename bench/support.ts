import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/client.js';
import type { AppDeps } from '../src/deps.js';
import { bespokePipeline } from '../src/domain/bespoke-pipeline.js';
import { systemClock } from '../src/domain/clock.js';
import { buildWeb, webDist } from '../src/http/web.js';
import { jobHooks } from '../src/job-hooks.js';
import { Budgets } from '../src/modules/limits/budgets.js';
import { LiveHub } from '../src/modules/live/hub.js';
import { SecretBox } from '../src/modules/notifications/secret-box.js';
import { AccountLimiter } from '../src/modules/shops/account-limiter.js';
import { makeShop } from '../src/seed/factories.js';
import { buildServer } from '../src/server.js';
import { databaseUrlFor } from '../src/testing/database-url.js';
import { type Summary, summarise } from './stats.js';

/** What every benchmark needs: its own database on the server, a running Loupe on it, sign-in, bulk seeding and a timing loop. */

export const ORIGIN = 'http://loupe.bench';

/** The server the benchmarks use: DATABASE_URL, or the local one. */
export const serverUrl = () => process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Drops and creates `name` on the server; answers its URL. */
export async function freshDatabase(name: string): Promise<string> {
  await admin(serverUrl(), async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  return databaseUrlFor(serverUrl(), name);
}

export const dropDatabase = (name: string) => admin(serverUrl(), (c) => c.query(`drop database if exists ${name} with (force)`));

export interface Loupe {
  db: Database;
  deps: AppDeps;
  app: Awaited<ReturnType<typeof buildServer>>;
  port: number;
  base: string;
  /** A pool straight on the database, as its owner: for seeding and the raw SQL baselines. */
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Makes web/dist if it is missing, before Loupe starts: a benchmark would otherwise measure the
 * build (both cores for several seconds) instead of Loupe. `buildWeb` builds in a child process, so
 * nothing of the bundler stays resident here (decision 24). Answers whether it built.
 */
export async function ensureWebBuilt(): Promise<boolean> {
  if (existsSync(path.join(webDist, 'index.html'))) return false;
  const started = performance.now();
  await buildWeb();
  console.log(`   web/dist was missing: built before Loupe started (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return true;
}

/** A migrated database and a Loupe listening on a free loopback port, with real HTTP in front (web/dist built beforehand). */
export async function startLoupe(
  url: string,
  opts: { poolSize?: number; rawPoolSize?: number; deps?: (db: Database) => Partial<AppDeps> } = {},
): Promise<Loupe> {
  await ensureWebBuilt();
  const db = await openDatabase({ databaseUrl: url, ...(opts.poolSize ? { poolSize: opts.poolSize } : {}) });
  const live = new LiveHub();
  // Idle raw connections close after half a second, so pgbench's own clients find room on the server between rounds.
  const pool = new pg.Pool({ connectionString: url, max: opts.rawPoolSize ?? 2, idleTimeoutMillis: 500 });
  pool.on('error', () => {});
  let app: Loupe['app'] | undefined;
  const close = async () => {
    await app?.close();
    await live.close();
    await pool.end();
    await db.close();
  };
  try {
    await db.migrate();
    await live.start(db);
    const deps: AppDeps = {
      db,
      clock: systemClock,
      limiter: new AccountLimiter(new Budgets(db)),
      live,
      box: new SecretBox(null),
      jobHooks: jobHooks(new SecretBox(null)),
      config: { publicUrl: ORIGIN, secureCookies: false },
      ...opts.deps?.(db),
    };
    app = await buildServer(deps);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    return { db, deps, app, port, base: `http://127.0.0.1:${port}`, pool, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Signs in over HTTP; answers the `loupe_session=…` cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('loupe_session='));
  if (!cookie) throw new Error('sign-in set no loupe_session cookie');
  return cookie;
}

/** Warm-up, then samples until a count or a time is reached. */
export async function timed(op: () => Promise<unknown>, limits: { warmup: number; maxIterations: number; maxMs: number }): Promise<Summary> {
  for (let i = 0; i < limits.warmup; i++) await op();
  const samples: number[] = [];
  const until = performance.now() + limits.maxMs;
  for (let i = 0; i < limits.maxIterations && (i === 0 || performance.now() < until); i++) {
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

export interface Seeded {
  ids: string[];
}

/**
 * Bulk-inserts a shop's customers and bespoke jobs as valid rows: references unique per shop and
 * continuing the shop's counter, each job's customer from the same shop, a history row for every
 * main-line stage entered up to the job's own, unique tracking codes, and deposits/payments where a
 * real job has them.
 */
export async function seedJobs(pool: pg.Pool, shopId: string, userId: string, stages: readonly string[], customers: number): Promise<Seeded> {
  const mainLine = bespokePipeline.stages;
  const c = await pool.connect();
  try {
    await c.query('begin');
    const cust = await c.query<{ id: string }>(
      `insert into customers (shop_id, name, email, preferred_channel)
       select $1, 'Customer ' || g, 'customer-' || g || '@bench.test', 'email' from generate_series(1, $2::int) g
       returning id`,
      [shopId, customers],
    );
    const customerIds = cust.rows.map((r) => r.id);
    const jobs = await c.query<{ id: string }>(
      `insert into jobs (shop_id, kind, reference, customer_id, title, description, due_date,
                         quoted_cents, stage, tracking_code, created_by, created_at, updated_at, stage_changed_at)
       select $1, 'bespoke', 'B-' || lpad(g::text, greatest(4, length(g::text)), '0'), ($2::uuid[])[1 + g % cardinality($2::uuid[])],
              'Commission ' || g, 'Bespoke piece number ' || g || ', drawn up with the customer at the counter.',
              (current_date + (g % 90))::date, 250000 + g, ($3::text[])[g], replace(gen_random_uuid()::text, '-', ''), $4,
              now() - make_interval(mins => cardinality($3::text[]) - g), now(), now()
       from generate_series(1, cardinality($3::text[])) g
       order by g
       returning id`,
      [shopId, customerIds, stages, userId],
    );
    await c.query(
      `insert into bespoke_details (shop_id, job_id, jewellery_type, metal, stones, budget_cents)
       select shop_id, id, (array['ring', 'pendant', 'earrings', 'bracelet'])[1 + substr(reference, 3)::int % 4], '18ct yellow gold',
              '1.0ct round brilliant diamond', 300000
       from jobs where shop_id = $1 and kind = 'bespoke'`,
      [shopId],
    );
    await c.query(
      `insert into job_stages (shop_id, job_id, kind, stage, from_stage, actor_id, at)
       select j.shop_id, j.id, j.kind, ($2::text[])[k], case when k > 1 then ($2::text[])[k - 1] end, $3, j.created_at + make_interval(secs => k)
       from jobs j cross join lateral generate_series(1, array_position($2::text[], j.stage)) k
       where j.shop_id = $1 and j.kind = 'bespoke'`,
      [shopId, mainLine, userId],
    );
    await c.query(
      `insert into payments (shop_id, customer_id, job_id, kind, amount_cents, method, recorded_by, created_at)
       select shop_id, customer_id, id, 'deposit', 50000, 'card', $2::uuid, created_at from jobs
         where shop_id = $1 and kind = 'bespoke' and array_position($3::text[], stage) >= 3
       union all
       select shop_id, customer_id, id, 'payment', 100000, 'card', $2::uuid, created_at from jobs
         where shop_id = $1 and kind = 'bespoke' and array_position($3::text[], stage) >= 9`,
      [shopId, userId, mainLine],
    );
    await c.query(
      `insert into shop_counters (shop_id, kind, last_value) values ($1, 'bespoke', $2)
       on conflict (shop_id, kind) do update set last_value = excluded.last_value`,
      [shopId, stages.length],
    );
    await c.query('commit');
    return { ids: jobs.rows.map((r) => r.id) };
  } catch (err) {
    await c.query('rollback');
    throw err;
  } finally {
    c.release();
  }
}

/** Resolves once the pool has closed every idle connection (its idle timeout), so the server has room for other clients. */
export async function drained(pool: pg.Pool): Promise<void> {
  while (pool.totalCount > 0) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** A new shop with `size` active bespoke jobs spread over the main line's stages, and its owner's session cookie. */
export async function shopWithActiveJobs(
  loupe: Pick<Loupe, 'deps' | 'pool' | 'base'>,
  name: string,
  size: number,
  customers = 300,
): Promise<{ cookie: string }> {
  const main = bespokePipeline.stages.filter((s) => !bespokePipeline.archived.includes(s));
  const made = await makeShop(loupe.deps, { shopName: name });
  await seedJobs(
    loupe.pool,
    made.shop.id,
    made.user.id,
    Array.from({ length: size }, (_, g) => main[g % main.length] ?? 'enquiry'),
    customers,
  );
  return { cookie: await signIn(loupe.base, made.email, made.password) };
}
