import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../testing/sql.js';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';

/**
 * The network benchmark: shops 1–5 each bring five bespoke jobs from deposit (2 November) to ready in
 * November, shop i in i days, all due on 5 November (so shops 1–3 are on time, 4–5 late), and each has
 * recorded moves since 1 October. A private shop takes 20 days but has opted out. The answer is the median and
 * interquartile range over contributing shops, and nothing at all where fewer than 5 contribute.
 */
let t: TestApp;
type Shop = Awaited<ReturnType<TestApp['newShop']>>;
const shops: Shop[] = [];
let optedOut: Shop;
const november = 'from=2026-11-01&to=2026-11-30';
const JOBS_PER_SHOP = 5;

const at = (iso: string) => t.clock.set(new Date(iso));

async function bespokeJob(c: Client, depositAt: string, readyAt: string) {
  const customer = (await c.post('/api/v1/customers', { name: 'Benchmark Customer' })).json().id as string;
  at(depositAt);
  const id = (await c.post('/api/v1/bespoke', { customerId: customer, title: 'Benchmark ring', dueDate: '2026-11-05' })).json().id as string;
  expect((await c.post(`/api/v1/bespoke/${id}/stage`, { to: 'deposit_received' })).statusCode).toBe(200);
  at(readyAt);
  expect((await c.post(`/api/v1/bespoke/${id}/stage`, { to: 'ready' })).statusCode).toBe(200);
  return { id, customer };
}

/** A shop with a job recorded on `since`, then `jobs` jobs of `days` days from deposit on 2 November to ready. */
async function shopWith(name: string, since: string, jobs: number, days: number) {
  const shop = await t.newShop(name);
  const customer = (await shop.client.post('/api/v1/customers', { name: 'First Customer' })).json().id as string;
  at(since);
  expect((await shop.client.post('/api/v1/bespoke', { customerId: customer, title: 'First enquiry' })).statusCode).toBe(201);
  const ready = new Date(Date.parse('2026-11-02T12:00:00Z') + days * 86_400_000).toISOString();
  for (let j = 0; j < jobs; j++) await bespokeJob(shop.client, '2026-11-02T12:00:00Z', ready);
  return shop;
}

interface Bench {
  pipeline: string;
  label: string;
  unit: string;
  status: string;
  shops: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
}

async function benchmarkOf(c: Client, query = november, pipeline = 'Bespoke', figure = 'cycle') {
  const res = await c.get(`/api/v1/reports?${query}`);
  expect(res.statusCode).toBe(200);
  const found = (res.json().figures as { id: string; benchmark: Bench[] }[]).find((f) => f.id === figure);
  return found?.benchmark.find((b) => b.pipeline === pipeline);
}

const notEnough = { status: 'not_enough_shops', shops: null, median: null, p25: null, p75: null };

beforeAll(async () => {
  t = await testApp();
  for (let i = 1; i <= 5; i++) shops.push(await shopWith(`Benchmark shop ${i}`, '2026-10-01T12:00:00Z', JOBS_PER_SHOP, i));
  // Only shop 1 does repairs.
  const customer = (await shops[0]?.client.post('/api/v1/customers', { name: 'Repair Customer' }))?.json().id;
  at('2026-11-10T12:00:00Z');
  const repair = (
    await shops[0]?.client.post('/api/v1/repairs', { customerId: customer, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] })
  )?.json();
  at('2026-11-11T12:00:00Z');
  await shops[0]?.client.post(`/api/v1/repairs/${repair.id}/stage`, { to: 'ready' });

  optedOut = await shopWith('Private shop', '2026-08-01T12:00:00Z', JOBS_PER_SHOP, 20);
  expect((await optedOut.client.patch('/api/v1/reports/settings', { benchmarkOptOut: true })).json()).toEqual({ benchmarkOptOut: true });
  at('2026-12-02T12:00:00Z');
});
afterAll(() => t.close());

const first = () => {
  const s = shops[0];
  if (!s) throw new Error('no shop');
  return s;
};

const asTenant = <T>(shopId: string, q: ReturnType<typeof sql>) => t.db.tenant(shopId, (tx) => rowsOf<T>(tx, q));
const call = (figure: string, kind: string, from: string, to: string) =>
  sql`select * from report_network_benchmark(${figure}, ${kind}, ${from}::timestamptz, ${to}::timestamptz)`;

describe('the network benchmark', () => {
  it('answers the median and interquartile range over 5 contributing shops, without the opted-out one', async () => {
    // Shops' medians 1, 2, 3, 4, 5 days: p25 2, median 3, p75 4; the opted-out shop's 20 days is not among them.
    expect(await benchmarkOf(first().client)).toMatchObject({ status: 'ok', shops: 5, p25: 2, median: 3, p75: 4 });
    expect(await benchmarkOf(shops[4]?.client ?? first().client)).toMatchObject({ status: 'ok', shops: 5, median: 3 });
  });

  it('answers the contract’s summary: each headline figure, the shop’s value beside the network or null', async () => {
    const res = await first().client.get(`/api/v1/reports/summary?${november}&pipeline=bespoke`);
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    expect(summary).toMatchObject({ from: '2026-11-01', to: '2026-11-30', pipeline: 'bespoke' });
    // Shop 1: five jobs, a day each from deposit to ready; the network's medians 1–5 days.
    expect(summary.depositToReady).toMatchObject({ unit: 'days', value: 1, jobs: 5, network: { median: 3, p25: 2, p75: 4, shops: 5 } });
    expect(summary.onTime).toMatchObject({ unit: 'share', value: 1, network: { median: 1, p25: 0, p75: 1, shops: 5 } });
    expect(summary.readyShelf).toMatchObject({ unit: 'days', value: 29, jobs: 5, network: { median: 27, shops: 5 } });
    expect(summary.throughput).toMatchObject({ unit: 'count', value: 5, network: null });
    expect(summary.money).toMatchObject({ unit: 'cents', value: 0, network: null });
    // No design rounds anywhere: nothing to compare, and nothing made up.
    expect(summary.cadIterations).toMatchObject({ value: null, network: null });
    // A repair has no design rounds at all; one shop's repairs have no network.
    const repairs = (await first().client.get(`/api/v1/reports/summary?${november}&pipeline=repair`)).json();
    expect(repairs.cadIterations).toBeNull();
    expect(repairs.throughput).toMatchObject({ value: 1, network: null });
    expect(repairs.depositToReady.network).toBeNull();
    // Without dates, the last 90 days; a pipeline that does not exist is a clear error.
    const recent = (await first().client.get('/api/v1/reports/summary')).json();
    expect(recent).toMatchObject({ from: '2026-09-04', to: '2026-12-02', pipeline: 'bespoke' });
    const bad = await first().client.get('/api/v1/reports/summary?pipeline=watches');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('validation_failed');
    // The figures' CSV files by the summary's names too.
    const csv = await first().client.get(`/api/v1/reports/depositToReady.csv?${november}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toContain('Median days');
  });

  it('says "not enough shops" when a narrower period leaves fewer than 5', async () => {
    // Ready on 3–6 November: shops 1–4 only.
    expect(await benchmarkOf(first().client, 'from=2026-11-01&to=2026-11-06')).toMatchObject(notEnough);
    // One day: shop 1's own figure alone, which is exactly what must not come out.
    expect(await benchmarkOf(first().client, 'from=2026-11-03&to=2026-11-03')).toMatchObject(notEnough);
    // A pipeline only shop 1 runs.
    expect(await benchmarkOf(first().client, november, 'Repair')).toMatchObject(notEnough);
  });

  it('compares every figure where comparing makes sense, each in its own unit', async () => {
    const res = await first().client.get(`/api/v1/reports?${november}`);
    const figures = res.json().figures as { id: string; benchmark: Bench[] }[];
    const compared = Object.fromEntries(figures.filter((f) => f.benchmark.length > 0).map((f) => [f.id, f.benchmark]));
    expect(Object.keys(compared).sort()).toEqual(['cycle', 'design_returns', 'iterations', 'on_time', 'ready_to_collected', 'shelf_now']);
    // On time by 5 November: shops 1–3 every job (rate 1), shops 4–5 none (rate 0): 0, 0, 1, 1, 1.
    expect(compared.on_time?.find((b) => b.pipeline === 'Bespoke')).toMatchObject({ status: 'ok', unit: 'share', shops: 5, p25: 0, median: 1, p75: 1 });
    // Every shop's five pieces have been on the shelf since ready (2 November + i days) until now, 2 December 12:00: 30 − i days.
    expect(compared.shelf_now?.find((b) => b.pipeline === 'Bespoke')).toMatchObject({ status: 'ok', unit: 'days', shops: 5, p25: 26, median: 27, p75: 28 });
    // No shop made a design or collected a piece: nothing to compare, and nothing made up.
    expect(compared.iterations?.[0]).toMatchObject({ pipeline: 'Bespoke', unit: 'count', ...notEnough });
    expect(compared.design_returns?.[0]).toMatchObject({ pipeline: 'Bespoke', unit: 'share', ...notEnough });
    expect(compared.ready_to_collected?.find((b) => b.pipeline === 'Bespoke')).toMatchObject(notEnough);
  });

  it('gives nothing to a direct call narrowed to one shop, and takes no stage list from the caller', async () => {
    const me = first().shop.id;
    expect(await asTenant(me, call('cycle_days', 'bespoke', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'))).toHaveLength(1);
    // Narrowed to the instant of one shop's ready moves, or to a pipeline only one shop runs: no row.
    expect(await asTenant(me, call('cycle_days', 'bespoke', '2026-11-05T11:59:59Z', '2026-11-05T12:00:01Z'))).toEqual([]);
    expect(await asTenant(me, call('cycle_days', 'repair', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'))).toEqual([]);
    // Every narrower window of November, day by day: each answer is over 5 shops or none at all.
    for (let from = 1; from <= 30; from += 3) {
      for (const span of [1, 2, 4, 8]) {
        const f = `2026-11-${String(from).padStart(2, '0')}T00:00:00Z`;
        const to = new Date(Date.parse(f) + span * 86_400_000).toISOString();
        for (const figure of ['cycle_days', 'on_time_rate', 'iterations', 'design_return_share', 'ready_to_collected_days', 'shelf_days']) {
          const rows = await asTenant<{ shops: number }>(me, call(figure, 'bespoke', f, to));
          expect(rows.every((r) => r.shops >= 5)).toBe(true);
        }
      }
    }
    expect(
      await asTenant(me, call('per_shop', 'bespoke', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).catch(
        (e: { cause?: { code?: string } }) => e.cause?.code,
      ),
    ).toBe('22023');
    // The rollup the function reads is the tenant's own under row-level security.
    const other = shops[2]?.shop.id ?? '';
    expect(await asTenant(me, sql`select job_id from report_jobs where shop_id = ${other}`)).toEqual([]);
    expect(await asTenant(other, sql`select job_id from report_jobs where shop_id = ${other}`)).toHaveLength(JOBS_PER_SHOP + 1);
    expect(await asTenant(me, sql`select id from shops`)).toEqual([{ id: me }]);
  });

  it('shows an opted-out shop no benchmark, not even by calling the function itself', async () => {
    expect(await benchmarkOf(optedOut.client)).toMatchObject({ status: 'opted_out', median: null });
    expect(await asTenant(optedOut.shop.id, call('cycle_days', 'bespoke', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'))).toEqual([]);
  });

  it('lets owners and managers opt out and back in, not staff', async () => {
    await first().client.post('/api/v1/staff', { name: 'Sid', email: 'sid@bench.test', password: 'bench-staffer-1', role: 'staff' });
    const signed = await t.anonymous.post('/api/v1/session', { email: 'sid@bench.test', password: 'bench-staffer-1' });
    const staff = new Client(t.app, cookieFrom(signed));
    expect((await staff.patch('/api/v1/reports/settings', { benchmarkOptOut: true })).statusCode).toBe(403);
    // Opting out takes the shop out of everyone's benchmark: only 4 shops remain.
    expect((await shops[1]?.client.patch('/api/v1/reports/settings', { benchmarkOptOut: true }))?.statusCode).toBe(200);
    expect(await benchmarkOf(first().client)).toMatchObject(notEnough);
    expect((await shops[1]?.client.patch('/api/v1/reports/settings', { benchmarkOptOut: false }))?.statusCode).toBe(200);
    expect(await benchmarkOf(first().client)).toMatchObject({ status: 'ok', shops: 5 });
  });

  it('takes in a sixth shop', async () => {
    const sixth = await shopWith('Benchmark shop 6', '2026-10-01T12:00:00Z', JOBS_PER_SHOP, 10);
    at('2026-12-02T12:00:00Z');
    // 1, 2, 3, 4, 5, 10: median 3.5, p25 2.25, p75 4.75.
    expect(await benchmarkOf(sixth.client)).toMatchObject({ status: 'ok', shops: 6, p25: 2.25, median: 3.5, p75: 4.75 });
  });
});

describe('the sybil policy (docs/decisions/0019-benchmark-sybils.md)', () => {
  it('does not count shops whose first move is less than 30 days before the period ends, nor shops with fewer than 5 jobs in it', async () => {
    // Shop 2 leaves: four real shops remain. An owner makes four new shops of five 50-day jobs each...
    expect((await shops[1]?.client.patch('/api/v1/reports/settings', { benchmarkOptOut: true }))?.statusCode).toBe(200);
    for (let i = 1; i <= 4; i++) await shopWith(`Fresh shop ${i}`, '2026-11-02T09:00:00Z', JOBS_PER_SHOP, 20 + i);
    // ...and one old shop with only four jobs: none of them count, so the benchmark stays silent rather than answer over them.
    await shopWith('Small shop', '2026-09-01T12:00:00Z', JOBS_PER_SHOP - 1, 25);
    at('2026-12-02T12:00:00Z');
    // Only the sixth shop and shops 1, 3, 4, 5 count: 1, 3, 4, 5, 10.
    expect(await benchmarkOf(first().client)).toMatchObject({ status: 'ok', shops: 5, p25: 3, median: 4, p75: 5 });
    expect((await shops[1]?.client.patch('/api/v1/reports/settings', { benchmarkOptOut: false }))?.statusCode).toBe(200);
  });
});
