import type pg from 'pg';
import { pipelines } from '../src/modules/jobs/registry.js';
import { figureIds, reportPipeline } from '../src/modules/reports/figures.js';
import * as q from '../src/modules/reports/queries.js';
import { figureSql, reportRange } from '../src/modules/reports/service.js';
import { makeShop } from '../src/seed/factories.js';
import { ms, ratio, type Summary, table } from './stats.js';
import { dropDatabase, freshDatabase, ORIGIN, signIn, startLoupe, timed } from './support.js';

/**
 * The reports page at real size, on a PostgreSQL server: a shop with 20,000 jobs and 200,000 history
 * rows over a year and a half, beside 199 other shops of 60 jobs each, so that the network benchmark
 * runs over 200 shops. The whole page over loopback HTTP beside the same SQL alone in one tenant
 * transaction, then each figure's SQL alone (its benchmark included), then the network benchmark
 * function alone. `BENCH_KEEP=1` keeps the database afterwards, for EXPLAIN ANALYZE by hand;
 * `BENCH_KEEP=seed` only seeds it.
 */

const BENCH_DB = 'loupe_bench_reports';
const JOBS = 20_000;
const OTHER_SHOPS = 199;
const OTHER_JOBS = 60;
const LIMITS = { warmup: 2, maxIterations: 15, maxMs: 8_000 };
const TARGET_PAGE_MS = 300;
const benchmarkFigures: q.BenchmarkFigure[] = ['cycle_days', 'iterations', 'design_return_share', 'ready_to_collected_days', 'on_time_rate', 'shelf_days'];

// Fourteen rows for a bespoke job (one CAD round sent back, one hold), nine for a repair (one hold):
// over 200,000 for 10,000 of each, less the jobs still on the way.
const PATHS: Record<string, string[]> = {
  bespoke: [
    'enquiry',
    'consultation',
    'deposit_received',
    'stone_sourcing',
    'cad',
    'approval',
    'cad',
    'approval',
    'setting',
    'on_hold',
    'setting',
    'polish',
    'ready',
    'collected',
  ],
  repair: ['intake', 'assessed', 'quoted', 'approved', 'in_progress', 'on_hold', 'in_progress', 'ready', 'collected'],
};

/**
 * Jobs, their history and their money for many shops at once, in set-based SQL as the owner: job n
 * starts 25 to 550 days ago; one job in ten is still on the way (its history stops part-way), the
 * rest were collected. Each move is made by the shop's owner.
 */
async function fill(c: pg.Pool, shops: { id: string; owner: string | null }[], jobsPerShop: number) {
  const ids = shops.map((s) => s.id);
  const owners = shops.map((s) => s.owner);
  const [bespoke, repair] = [PATHS.bespoke ?? [], PATHS.repair ?? []];
  // How far job n got: the whole path, or (one job in ten) part of it.
  const reach = (n: string, path: string) => `(case when ${n} % 20 in (0, 1) then 1 + (${n} / 20) % (cardinality(${path}) - 1) else cardinality(${path}) end)`;
  await c.query("insert into customers (shop_id, name, preferred_channel) select unnest($1::uuid[]), 'Bench customer', 'email'", [ids]);
  await c.query(
    `with s as (select unnest($1::uuid[]) as shop_id),
      g as (select s.shop_id, n, case when n % 2 = 0 then 'bespoke' else 'repair' end as kind,
                   case when n % 2 = 0 then $3::text[] else $4::text[] end as path,
                   now() - make_interval(days => 25 + (n * 7919) % 525, hours => n % 24) as start_at
            from s cross join generate_series(1, $2::int) n)
     insert into jobs (shop_id, kind, reference, customer_id, title, stage, tracking_code, quoted_cents, due_date, created_at, updated_at, stage_changed_at)
     select g.shop_id, g.kind, 'X-' || n, (select id from customers c where c.shop_id = g.shop_id limit 1), 'Bench job ' || n,
            g.path[${reach('n', 'g.path')}], md5(g.shop_id::text || n), 10000 + (n * 37) % 500000, (g.start_at + interval '21 days')::date,
            g.start_at, g.start_at, g.start_at
     from g`,
    [ids, jobsPerShop, bespoke, repair],
  );
  for (const [kind, path] of Object.entries(PATHS)) {
    await c.query(
      `insert into job_stages (shop_id, job_id, kind, stage, from_stage, actor_id, at)
       select j.shop_id, j.id, j.kind, p.stage, lag(p.stage) over (partition by j.id order by p.i), o.owner,
              j.created_at + make_interval(hours => ((p.i - 1) * (24 + (abs(hashtext(j.id::text)) % 48)))::int)
       from jobs j join unnest($1::uuid[], $4::uuid[]) as o(shop_id, owner) on o.shop_id = j.shop_id
         cross join lateral unnest($2::text[]) with ordinality as p(stage, i)
       where j.kind = $3 and p.i <= ${reach('substr(j.reference, 3)::int', '$2::text[]')}
       order by j.id, p.i`,
      [ids, path, kind, owners],
    );
  }
  await c.query(
    `update jobs j set stage_changed_at = m.at
     from (select s.job_id, max(s.at) as at from job_stages s where s.shop_id = any($1::uuid[]) group by s.job_id) m
     where j.shop_id = any($1::uuid[]) and j.id = m.job_id`,
    [ids],
  );
  await c.query(
    `insert into payments (shop_id, customer_id, job_id, kind, amount_cents, created_at)
     select j.shop_id, j.customer_id, j.id, k.kind, case when k.kind = 'deposit' then j.quoted_cents / 2 else j.quoted_cents - j.quoted_cents / 2 end,
            j.created_at + make_interval(days => case when k.kind = 'deposit' then 1 else 12 end)
     from jobs j cross join (values ('deposit'), ('payment')) k(kind) where j.shop_id = any($1::uuid[]) and (k.kind = 'deposit' or j.stage = 'collected')`,
    [ids],
  );
}

export default async function run(): Promise<void> {
  const url = await freshDatabase(BENCH_DB);
  const loupe = await startLoupe(url, { poolSize: 4 });
  try {
    const { deps, pool, base } = loupe;
    const t0 = performance.now();
    const shop = await makeShop(deps, { shopName: 'Bench shop', password: 'bench-owner-password-1' });
    const others = await pool.query<{ id: string }>(
      `insert into shops (name, currency, time_zone, locale, country) select 'Other ' || n, 'GBP', 'Europe/London', 'en-GB', 'GB' from generate_series(1, $1::int) n returning id`,
      [OTHER_SHOPS],
    );
    await fill(pool, [{ id: shop.shop.id, owner: shop.user.id }], JOBS);
    await fill(
      pool,
      others.rows.map((r) => ({ id: r.id, owner: null })),
      OTHER_JOBS,
    );
    await pool.query('vacuum analyze');
    const counts = await pool.query<{ jobs: string; history: string; all: string }>(
      'select (select count(*) from jobs where shop_id = $1) as jobs, (select count(*) from job_stages where shop_id = $1) as history, (select count(*) from job_stages) as all',
      [shop.shop.id],
    );
    const n = counts.rows[0];
    console.log(
      `   seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: the shop has ${n?.jobs} jobs and ${n?.history} history rows; ${OTHER_SHOPS} other shops of ${OTHER_JOBS} jobs (${n?.all} history rows in all)`,
    );

    if (process.env.BENCH_KEEP === 'seed') return;
    const cookie = await signIn(base, shop.email, shop.password);
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const to = day(0);
    const periods = [
      ['last 30 days', day(29)],
      ['last 365 days', day(364)],
    ] as const;
    const rows: string[][] = [];
    let yearPage = Number.NaN;
    for (const [label, from] of periods) {
      const page = await timed(async () => {
        const res = await fetch(`${base}/api/v1/reports?from=${from}&to=${to}`, { headers: { origin: ORIGIN, cookie } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(body);
      }, LIMITS);
      const perFigure: [string, Summary][] = [];
      for (const id of figureIds) {
        perFigure.push([id, await timed(() => deps.db.tenant(shop.shop.id, async (tx) => figureSql(tx, deps, shop.actor, { from, to }, id)), LIMITS)]);
      }
      const all = await timed(
        () =>
          deps.db.tenant(shop.shop.id, async (tx) => {
            for (const id of figureIds) await figureSql(tx, deps, shop.actor, { from, to }, id);
          }),
        LIMITS,
      );
      // The network benchmark function alone, over 200 shops, for each figure it compares (bespoke).
      const network: [string, Summary][] = [];
      for (const figure of benchmarkFigures) {
        network.push([
          figure,
          await timed(
            () =>
              deps.db.tenant(shop.shop.id, async (tx) => {
                const { range } = await reportRange(tx, deps, shop.actor, { from, to });
                const bespoke = pipelines.map(reportPipeline).find((p) => p.kind === 'bespoke');
                if (bespoke) await q.benchmark(tx, range, bespoke, figure);
              }),
            LIMITS,
          ),
        ]);
      }
      if (label === 'last 365 days') yearPage = page.p50;
      rows.push([`GET /api/v1/reports, ${label}`, ms(page.p50), ms(all.p50), ratio(page.p50 / all.p50), ms(page.p99)]);
      for (const [id, s] of perFigure) rows.push([`  SQL of ${id} (with its benchmark)`, '', ms(s.p50), '', ms(s.p99)]);
      for (const [figure, s] of network) rows.push([`  network benchmark ${figure}, 200 shops`, '', ms(s.p50), '', ms(s.p99)]);
    }
    console.log(table(['operation', 'API p50', 'SQL p50', 'API/SQL', 'p99'], rows));
    console.log(`   target: the page within ${TARGET_PAGE_MS} ms p50; a year's page took ${ms(yearPage)}: ${yearPage <= TARGET_PAGE_MS ? 'met' : 'NOT met'}`);
  } finally {
    await loupe.close();
    if (!process.env.BENCH_KEEP) await dropDatabase(BENCH_DB);
  }
}
