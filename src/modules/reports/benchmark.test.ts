import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../testing/sql.js';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';

/**
 * The network benchmark: shops 1–5 each take 1–5 days from deposit to ready in November (ready on
 * 3–7 November), shop 7 takes 100 days but has opted out. The answer is the median and interquartile
 * range over contributing shops, and nothing at all where fewer than 5 contribute.
 */
let t: TestApp;
type Shop = Awaited<ReturnType<TestApp['newShop']>>;
const shops: Shop[] = [];
let optedOut: Shop;
const november = 'from=2026-11-01&to=2026-11-30';

const at = (iso: string) => t.clock.set(new Date(iso));

async function bespokeJob(c: Client, depositAt: string, readyAt: string) {
  const customer = (await c.post('/api/v1/customers', { name: 'Benchmark Customer' })).json().id as string;
  at(depositAt);
  const id = (await c.post('/api/v1/bespoke', { customerId: customer, title: 'Benchmark ring' })).json().id as string;
  expect((await c.post(`/api/v1/bespoke/${id}/stage`, { to: 'deposit_received' })).statusCode).toBe(200);
  at(readyAt);
  expect((await c.post(`/api/v1/bespoke/${id}/stage`, { to: 'ready' })).statusCode).toBe(200);
  return { id, customer };
}

interface Bench {
  pipeline: string;
  status: string;
  shops: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
}

async function benchmarkOf(c: Client, query = november, pipeline = 'Bespoke') {
  const res = await c.get(`/api/v1/reports?${query}`);
  expect(res.statusCode).toBe(200);
  const cycle = (res.json().figures as { id: string; benchmark: Bench[] }[]).find((f) => f.id === 'cycle');
  return cycle?.benchmark.find((b) => b.pipeline === pipeline);
}

const notEnough = { status: 'not_enough_shops', shops: null, median: null, p25: null, p75: null };

beforeAll(async () => {
  t = await testApp();
  for (let i = 1; i <= 5; i++) {
    const shop = await t.newShop(`Benchmark shop ${i}`);
    shops.push(shop);
    await bespokeJob(shop.client, '2026-11-02T12:00:00Z', `2026-11-0${2 + i}T12:00:00Z`);
  }
  // Only shop 1 does repairs.
  const customer = (await shops[0]?.client.post('/api/v1/customers', { name: 'Repair Customer' }))?.json().id;
  at('2026-11-10T12:00:00Z');
  const repair = (
    await shops[0]?.client.post('/api/v1/repairs', { customerId: customer, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] })
  )?.json();
  at('2026-11-11T12:00:00Z');
  await shops[0]?.client.post(`/api/v1/repairs/${repair.id}/stage`, { to: 'ready' });

  optedOut = await t.newShop('Private shop');
  expect((await optedOut.client.patch('/api/v1/reports/settings', { benchmarkOptOut: true })).json()).toEqual({ benchmarkOptOut: true });
  await bespokeJob(optedOut.client, '2026-08-01T12:00:00Z', '2026-11-09T12:00:00Z');
  at('2026-12-02T12:00:00Z');
});
afterAll(() => t.close());

const first = () => {
  const s = shops[0];
  if (!s) throw new Error('no shop');
  return s;
};

describe('the network benchmark', () => {
  it('answers the median and interquartile range over 5 contributing shops, without the opted-out one', async () => {
    // Shops' medians 1, 2, 3, 4, 5 days: p25 2, median 3, p75 4; the opted-out shop's 100 days is not among them.
    expect(await benchmarkOf(first().client)).toMatchObject({ status: 'ok', shops: 5, p25: 2, median: 3, p75: 4 });
    expect(await benchmarkOf(shops[4]?.client ?? first().client)).toMatchObject({ status: 'ok', shops: 5, median: 3 });
  });

  it('says "not enough shops" when a narrower period leaves fewer than 5', async () => {
    // Ready on 3–6 November: shops 1–4 only.
    expect(await benchmarkOf(first().client, 'from=2026-11-01&to=2026-11-06')).toMatchObject(notEnough);
    // One day: shop 1's own figure alone, which is exactly what must not come out.
    expect(await benchmarkOf(first().client, 'from=2026-11-03&to=2026-11-03')).toMatchObject(notEnough);
    // A pipeline only shop 1 runs.
    expect(await benchmarkOf(first().client, november, 'Repair')).toMatchObject(notEnough);
  });

  it('gives nothing to a direct call narrowed to one shop, and the per-shop function sees only the caller’s rows', async () => {
    const asTenant = <T>(shopId: string, q: ReturnType<typeof sql>) => t.db.tenant(shopId, (tx) => rowsOf<T>(tx, q));
    const me = first().shop.id;
    const call = (kind: string, start: string, from: string, to: string) =>
      sql`select * from report_network_benchmark('cycle_days', ${kind}, string_to_array(${start}, ','), 'ready', 'on_hold', 'collected', ${from}::timestamptz, ${to}::timestamptz)`;
    expect(await asTenant(me, call('bespoke', 'deposit_received,ready', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'))).toHaveLength(1);
    // Narrowed to the instant of one shop's ready move, or to a stage list, or a pipeline, only one shop has: no row.
    expect(await asTenant(me, call('bespoke', 'deposit_received,ready', '2026-11-05T11:59:59Z', '2026-11-05T12:00:01Z'))).toEqual([]);
    expect(await asTenant(me, call('repair', 'intake,ready', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'))).toEqual([]);
    expect(
      await asTenant(me, sql`select * from report_network_benchmark('per_shop', 'bespoke', '{}', 'ready', 'on_hold', 'collected', now(), now())`).catch(
        (e: { cause?: { code?: string } }) => e.cause?.code,
      ),
    ).toBe('22023');
    // The per-shop function runs as the caller: another shop's id gives nothing back.
    const other = shops[2]?.shop.id ?? '';
    const perShop = (shopId: string) =>
      sql`select * from report_cycle_jobs(${shopId}::uuid, 'bespoke', string_to_array('deposit_received,ready', ','), 'ready', 'on_hold', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')`;
    expect(await asTenant(me, perShop(other))).toEqual([]);
    expect(await asTenant(other, perShop(other))).toHaveLength(1);
    // And the shops table shows the tenant its own row only.
    expect(await asTenant(me, sql`select id from shops`)).toEqual([{ id: me }]);
  });

  it('shows an opted-out shop no benchmark, not even by calling the function itself', async () => {
    expect(await benchmarkOf(optedOut.client)).toMatchObject({ status: 'opted_out', median: null });
    const rows = await t.db.tenant(optedOut.shop.id, (tx) =>
      rowsOf(
        tx,
        sql`select * from report_network_benchmark('cycle_days', 'bespoke', string_to_array('deposit_received,ready', ','), 'ready', 'on_hold', 'collected', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')`,
      ),
    );
    expect(rows).toEqual([]);
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
    const sixth = await t.newShop('Benchmark shop 6');
    await bespokeJob(sixth.client, '2026-11-02T12:00:00Z', '2026-11-12T12:00:00Z');
    at('2026-12-02T12:00:00Z');
    // 1, 2, 3, 4, 5, 10: median 3.5, p25 2.25, p75 4.75.
    expect(await benchmarkOf(sixth.client)).toMatchObject({ status: 'ok', shops: 6, p25: 2.25, median: 3.5, p75: 4.75 });
  });
});
