import { bespokePipeline } from '../src/domain/bespoke-pipeline.js';
import { makeShop } from '../src/seed/factories.js';
import { ms, ratio, table } from './stats.js';
import { dropDatabase, freshDatabase, ORIGIN, seedJobs, signIn, startLoupe, timed } from './support.js';

/**
 * The calendar's month view for a shop with 10,000 jobs and 2,000 appointments, over loopback HTTP,
 * beside the raw SQL it runs; and the same shop's ICS feed (bytes and time).
 */

const BENCH_DB = 'loupe_bench_calendar';
const JOBS = 10_000;
const APPOINTMENTS = 2_000;
const LIMITS = { warmup: 5, maxIterations: 60, maxMs: 20_000 };

/** What `GET /api/v1/calendar` asks PostgreSQL, as one statement per part, without the tenant transaction. */
const RAW_JOBS = `
select j.kind, j.id, j.reference, j.title, j.stage, j.due_date, j.customer_id, c.name
from jobs j join customers c on c.shop_id = j.shop_id and c.id = j.customer_id
where j.shop_id = $1 and j.kind = any($2::text[]) and j.due_date >= $3 and j.due_date <= $4
order by j.due_date, j.reference`;
const RAW_APPOINTMENTS = `
select a.*, c.name, j.kind, j.reference, j.title, u.name
from appointments a
join customers c on c.shop_id = a.shop_id and c.id = a.customer_id
left join jobs j on j.shop_id = a.shop_id and j.id = a.job_id
left join users u on u.shop_id = a.shop_id and u.id = a.staff_id
where a.shop_id = $1 and a.starts_at < $3::date + 1 and a.starts_at + make_interval(mins => a.duration_minutes) > $2::date
order by a.starts_at, a.id`;

export default async function run(): Promise<void> {
  const loupe = await startLoupe(await freshDatabase(BENCH_DB));
  const { deps, pool, base } = loupe;
  try {
    const shop = await makeShop(deps, { shopName: 'Bench Calendar' });
    const open = bespokePipeline.stages.filter((s) => s !== 'collected');
    // Due dates spread over 90 days from today: a month view holds about 4,500 of them.
    await seedJobs(
      pool,
      shop.shop.id,
      shop.user.id,
      Array.from({ length: JOBS }, (_, g) => open[g % open.length] ?? 'enquiry'),
      500,
    );
    await pool.query(
      `insert into appointments (shop_id, kind, customer_id, job_id, staff_id, starts_at, duration_minutes, note)
       select $1, (array['consultation','fitting','collection','valuation'])[1 + g % 4], j.customer_id, j.id, $2,
              date_trunc('hour', now()) + make_interval(days => g % 60, hours => g % 8), 30, 'Bench appointment ' || g
       from (select id, customer_id, (row_number() over (order by reference))::int as g from jobs where shop_id = $1 limit $3) j`,
      [shop.shop.id, shop.user.id, APPOINTMENTS],
    );
    await pool.query('analyze');

    const cookie = await signIn(base, shop.email, shop.password);
    const headers = { cookie, origin: ORIGIN, accept: 'application/json' };

    // This month's view: six weeks from the Monday on or before the 1st.
    const first = new Date();
    first.setUTCDate(1);
    const from = new Date(first.getTime() - ((first.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(from) + 41 * 86_400_000).toISOString().slice(0, 10);
    let shown = { jobs: 0, appointments: 0, bytes: 0 };
    const api = await timed(async () => {
      const res = await fetch(`${base}/api/v1/calendar?from=${from}&to=${to}`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`calendar answered ${res.status}: ${body.slice(0, 200)}`);
      const parsed = JSON.parse(body) as { jobs: unknown[]; appointments: unknown[] };
      shown = { jobs: parsed.jobs.length, appointments: parsed.appointments.length, bytes: Buffer.byteLength(body) };
    }, LIMITS);
    const kinds = ['bespoke', 'repair', 'appraisal'];
    const raw = await timed(async () => {
      await pool.query(RAW_JOBS, [shop.shop.id, kinds, from, to]);
      await pool.query(RAW_APPOINTMENTS, [shop.shop.id, from, to]);
    }, LIMITS);
    console.log(
      `\n   Month view ${from} to ${to}: ${shown.jobs} due jobs and ${shown.appointments} appointments of ${JOBS} jobs and ${APPOINTMENTS} appointments (${(shown.bytes / 1024).toFixed(0)} KiB of JSON)`,
    );
    console.log(
      table(
        ['path', 'samples', 'p50', 'p99', 'API / raw (p50)'],
        [
          ['API  GET /api/v1/calendar', String(api.count), ms(api.p50), ms(api.p99), ratio(api.p50 / raw.p50)],
          ['raw  SQL (due jobs + appointments)', String(raw.count), ms(raw.p50), ms(raw.p99), '–'],
        ],
      ),
    );

    const made = await fetch(`${base}/api/v1/calendar/feed`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    const feedPath = new URL(((await made.json()) as { url: string }).url).pathname;
    let feedBytes = 0;
    let events = 0;
    const feed = await timed(async () => {
      const res = await fetch(`${base}${feedPath}`, { headers: { 'accept-encoding': 'identity' } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`feed answered ${res.status}`);
      feedBytes = Buffer.byteLength(body);
      events = body.split('BEGIN:VEVENT').length - 1;
    }, LIMITS);
    console.log(`\n   ICS feed of the same shop (${events} events, 60 days back to 400 ahead)`);
    console.log(
      table(['feed', 'samples', 'p50', 'p99', 'bytes'], [['GET /cal/<token>.ics', String(feed.count), ms(feed.p50), ms(feed.p99), String(feedBytes)]]),
    );
  } finally {
    await loupe.close();
    await dropDatabase(BENCH_DB);
  }
}
