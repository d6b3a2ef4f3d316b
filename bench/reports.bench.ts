import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import type { AppDeps } from '../src/deps.js';
import { systemClock } from '../src/domain/clock.js';
import { pipelines } from '../src/modules/jobs/registry.js';
import { Budgets } from '../src/modules/limits/budgets.js';
import { LiveHub } from '../src/modules/live/hub.js';
import { SecretBox } from '../src/modules/notifications/secret-box.js';
import { reportPipeline } from '../src/modules/reports/figures.js';
import * as q from '../src/modules/reports/queries.js';
import { AccountLimiter } from '../src/modules/shops/account-limiter.js';
import { makeShop } from '../src/seed/factories.js';
import { buildServer } from '../src/server.js';
import { ms, ratio, type Summary, summarise, table } from './stats.js';

/**
 * The reports page at real size, on a PostgreSQL server: a shop with 20,000 jobs and 200,000 history
 * rows over a year (and 199 other shops of 50 jobs each, for the network benchmark over 200 shops).
 * The whole page through the API (in-process inject, so no socket) beside the same SQL run alone in
 * one tenant transaction, and the benchmark function alone.
 */

const BENCH_DB = 'loupe_bench_reports';
const ORIGIN = 'http://loupe.bench';
const JOBS = 20_000;
const OTHER_SHOPS = 199;
const OTHER_JOBS = 50;
const WARMUP = 1;
const ITERATIONS = 5;
const TARGET_PAGE_MS = 300;

// Eleven rows for a bespoke job (one CAD round sent back), nine for a repair: 200,000 for 10,000 of each.
const PATHS: Record<string, string[]> = {
  bespoke: ['enquiry', 'consultation', 'deposit_received', 'cad', 'approval', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected'],
  repair: ['intake', 'assessed', 'quoted', 'approved', 'in_progress', 'on_hold', 'in_progress', 'ready', 'collected'],
};

function databaseUrlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Jobs, their history and their money for one or many shops, in bulk SQL (as the owner). */
async function fill(c: pg.Client, shopIds: string[], jobsPerShop: number) {
  await c.query("insert into customers (shop_id, name, preferred_channel) select unnest($1::uuid[]), $2, 'email'", [shopIds, 'Bench customer']);
  const paths = Object.entries(PATHS);
  await c.query(
    `with s as (select unnest($1::uuid[]) as shop_id),
      g as (select s.shop_id, n, (array[$3, $4])[1 + n % 2] as kind, now() - make_interval(days => 25 + (n * 7919) % 400, hours => n % 24) as start_at
            from s cross join generate_series(1, $2::int) n)
     insert into jobs (shop_id, kind, reference, customer_id, title, stage, tracking_code, quoted_cents, due_date, created_at, updated_at, stage_changed_at)
     select g.shop_id, g.kind, 'X-' || n, (select id from customers c where c.shop_id = g.shop_id limit 1), 'Bench job ' || n, 'collected',
            md5(g.shop_id::text || n), 10000 + (n * 37) % 500000, (g.start_at + interval '21 days')::date, g.start_at, g.start_at, g.start_at
     from g`,
    [shopIds, jobsPerShop, paths[0]?.[0], paths[1]?.[0]],
  );
  for (const [kind, path] of paths) {
    await c.query(
      `insert into job_stages (shop_id, job_id, kind, stage, from_stage, at)
       select j.shop_id, j.id, j.kind, p.stage, lag(p.stage) over (partition by j.id order by p.i),
              j.created_at + make_interval(hours => ((p.i - 1) * (24 + (abs(hashtext(j.id::text)) % 48)))::int)
       from jobs j cross join lateral unnest($2::text[]) with ordinality as p(stage, i)
       where j.shop_id = any($1::uuid[]) and j.kind = $3
       order by j.id, p.i`,
      [shopIds, path, kind],
    );
  }
  await c.query(
    `insert into payments (shop_id, customer_id, job_id, kind, amount_cents, created_at)
     select j.shop_id, j.customer_id, j.id, k.kind, case when k.kind = 'deposit' then j.quoted_cents / 2 else j.quoted_cents - j.quoted_cents / 2 end,
            j.created_at + make_interval(days => case when k.kind = 'deposit' then 1 else 12 end)
     from jobs j cross join (values ('deposit'), ('payment')) k(kind) where j.shop_id = any($1::uuid[])`,
    [shopIds],
  );
}

async function loop(op: () => Promise<void>): Promise<Summary> {
  for (let i = 0; i < WARMUP; i++) await op();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

export default async function run(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const benchUrl = databaseUrlFor(serverUrl, BENCH_DB);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.query(`create database ${BENCH_DB}`);
  await admin.end();

  const db = await openDatabase({ databaseUrl: benchUrl, poolSize: 4 });
  await db.migrate();
  const live = new LiveHub();
  await live.start(db);
  const deps: AppDeps = {
    db,
    clock: systemClock,
    limiter: new AccountLimiter(new Budgets(db)),
    live,
    box: new SecretBox(Buffer.alloc(32, 7)),
    config: { publicUrl: ORIGIN, secureCookies: false, dataDir: '/tmp/loupe-bench-reports' },
  };
  const app = await buildServer(deps);
  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  try {
    const t0 = performance.now();
    const shop = await makeShop(deps, { shopName: 'Bench shop', password: 'bench-owner-password-1' });
    await fill(c, [shop.shop.id], JOBS);
    const others = await c.query<{ id: string }>(
      `insert into shops (name, currency, time_zone, locale, country) select 'Other ' || n, 'GBP', 'Europe/London', 'en-GB', 'GB' from generate_series(1, $1::int) n returning id`,
      [OTHER_SHOPS],
    );
    await fill(
      c,
      others.rows.map((r) => r.id),
      OTHER_JOBS,
    );
    await c.query('analyze');
    const counts = await c.query<{ jobs: string; history: string }>(
      'select (select count(*) from jobs where shop_id = $1) as jobs, (select count(*) from job_stages where shop_id = $1) as history',
      [shop.shop.id],
    );
    console.log(
      `   seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: the shop has ${counts.rows[0]?.jobs} jobs and ${counts.rows[0]?.history} history rows; ${OTHER_SHOPS} other shops of ${OTHER_JOBS} jobs`,
    );

    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin: ORIGIN },
      payload: { email: shop.email, password: shop.password },
    });
    const cookie = signIn.cookies.find((k) => k.name === 'loupe_session');
    if (!cookie) throw new Error(`sign-in failed: ${signIn.body}`);
    const to = new Date().toISOString().slice(0, 10);
    const periods = [
      ['last 30 days', new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10)],
      ['last 365 days', new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10)],
    ] as const;
    const ps = pipelines.map(reportPipeline);
    const rows: string[][] = [];
    let yearPage = Number.NaN;
    for (const [label, from] of periods) {
      const page = await loop(async () => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/reports?from=${from}&to=${to}`,
          headers: { origin: ORIGIN, cookie: `${cookie.name}=${cookie.value}` },
        });
        if (res.statusCode !== 200) throw new Error(res.body);
      });
      // The same figures' SQL alone, in one tenant transaction, benchmark included.
      const raw = await loop(() =>
        db.tenant(shop.shop.id, async (tx) => {
          const bounds = await q.rangeBounds(tx, from, to, 'Europe/London');
          const r: q.Range = { shopId: shop.shop.id, timeZone: 'Europe/London', ...bounds, now: new Date().toISOString() };
          for (const p of ps) {
            await q.cycle(tx, r, p);
            // Twice, as the page does: the iterations and the returns from approval.
            await q.iterations(tx, r, p);
            await q.iterations(tx, r, p);
            await q.shelfNow(tx, r, p);
            await q.readyToCollected(tx, r, p);
            await q.throughput(tx, r, p);
            await q.stageTime(tx, r, p);
            await q.wip(tx, r, p);
            await q.onTime(tx, r, p);
            await q.overdueNow(tx, r, p);
            await q.balanceOwing(tx, r, p);
            await q.benchmark(tx, r, p, 'cycle_days');
            await q.benchmark(tx, r, p, 'ready_to_collected_days');
          }
          await q.money(tx, r, ps);
          await q.staff(tx, r, ps);
        }),
      );
      const network = await loop(() =>
        db.tenant(shop.shop.id, async (tx) => {
          const bounds = await q.rangeBounds(tx, from, to, 'Europe/London');
          const p = ps[0];
          if (p) await q.benchmark(tx, { shopId: shop.shop.id, timeZone: 'Europe/London', ...bounds, now: new Date().toISOString() }, p, 'cycle_days');
        }),
      );
      if (label === 'last 365 days') yearPage = page.p50;
      rows.push([`reports page, ${label}`, ms(page.p50), ms(raw.p50), ratio(page.p50 / raw.p50), ms(page.p99)]);
      rows.push([`  network benchmark (one figure, 200 shops), ${label}`, '', ms(network.p50), '', ms(network.p99)]);
    }
    console.log(table(['operation', 'API p50', 'SQL p50', 'API/SQL', 'API p99'], rows));
    console.log(`   target: the page within ${TARGET_PAGE_MS} ms p50 — a year's page took ${ms(yearPage)}: ${yearPage <= TARGET_PAGE_MS ? 'met' : 'NOT met'}`);
  } finally {
    await c.end();
    await app.close();
    await live.close();
    await db.close();
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${BENCH_DB} with (force)`);
    await cleanup.end();
  }
}
