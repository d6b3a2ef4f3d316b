import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';

/**
 * A hand-built history in a shop in New York (UTC-5 after 1 November 2026; midnight on 1 November is
 * still UTC-4), read for November 2026: every expected figure below is worked out by hand from it.
 */
let t: TestApp;
let owner: Client;
let bench: Client;
let staffClient: Client;
let benchUserId: string;
const ids: Record<string, string> = {};
const period = 'from=2026-11-01&to=2026-11-30';

const at = (iso: string) => t.clock.set(new Date(iso));

async function job(c: Client, customerId: string, key: string, when: string, fields: Record<string, unknown>) {
  at(when);
  const res = await c.post('/api/v1/bespoke', { customerId, title: `Job ${key}`, ...fields });
  if (res.statusCode !== 201) throw new Error(res.body);
  ids[key] = res.json().id;
  return res.json().id as string;
}

async function move(c: Client, key: string, to: string, when: string, path = '/api/v1/bespoke') {
  at(when);
  const res = await c.post(`${path}/${ids[key]}/stage`, { to });
  if (res.statusCode !== 200 || !res.json().moved) throw new Error(`${key} → ${to}: ${res.body}`);
}

async function pay(c: Client, key: string, kind: string, amountCents: number, when: string) {
  at(when);
  const res = await c.post(`/api/v1/bespoke/${ids[key]}/payments`, { kind, amountCents });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id as string;
}

/** A payment taken in error and voided: it stays on the job and must count nowhere. */
async function payInError(c: Client, key: string, kind: string, amountCents: number, when: string) {
  const paymentId = await pay(c, key, kind, amountCents, when);
  const res = await c.post(`/api/v1/bespoke/${ids[key]}/payments/${paymentId}/void`, { reason: 'Taken in error' });
  if (res.statusCode !== 200) throw new Error(res.body);
}

beforeAll(async () => {
  t = await testApp();
  ({ client: owner } = await t.newShop());
  expect((await owner.patch('/api/v1/shop', { timeZone: 'America/New_York' })).statusCode).toBe(200);
  const made = await owner.post('/api/v1/staff', { name: 'Bea Bench', email: 'bea@reports.test', password: 'bench-manager-1', role: 'manager' });
  benchUserId = made.json().id;
  bench = await signIn('bea@reports.test', 'bench-manager-1');
  await owner.post('/api/v1/staff', { name: 'Sid Staff', email: 'sid@reports.test', password: 'bench-staffer-1', role: 'staff' });
  staffClient = await signIn('sid@reports.test', 'bench-staffer-1');
  const customer = (await owner.post('/api/v1/customers', { name: 'Report Customer' })).json().id as string;

  // J1: deposit, two CAD rounds (sent back from approval once), two days on hold, ready on its due day.
  await job(owner, customer, 'J1', '2026-11-02T15:00:00Z', { quotedCents: 100_000, dueDate: '2026-11-13' });
  await pay(owner, 'J1', 'deposit', 50_000, '2026-11-03T14:00:00Z');
  await move(owner, 'J1', 'deposit_received', '2026-11-03T15:00:00Z');
  await move(owner, 'J1', 'cad', '2026-11-04T15:00:00Z');
  await move(owner, 'J1', 'approval', '2026-11-05T15:00:00Z');
  await move(owner, 'J1', 'cad', '2026-11-06T15:00:00Z');
  await move(owner, 'J1', 'approval', '2026-11-07T15:00:00Z');
  await move(owner, 'J1', 'on_hold', '2026-11-08T15:00:00Z');
  await move(owner, 'J1', 'approval', '2026-11-10T15:00:00Z');
  await move(owner, 'J1', 'setting', '2026-11-11T15:00:00Z');
  await move(owner, 'J1', 'polish', '2026-11-12T15:00:00Z');
  await move(owner, 'J1', 'ready', '2026-11-13T15:00:00Z');

  // J2: skips the deposit stage (its clock starts at CAD), ready a day after its due date.
  await job(owner, customer, 'J2', '2026-11-09T15:00:00Z', { quotedCents: 80_000, dueDate: '2026-11-13' });
  await move(owner, 'J2', 'cad', '2026-11-10T15:00:00Z');
  await move(owner, 'J2', 'approval', '2026-11-11T15:00:00Z');
  await payInError(owner, 'J2', 'payment', 30_000, '2026-11-12T15:00:00Z');
  await move(owner, 'J2', 'ready', '2026-11-14T15:00:00Z');

  // J3: ready at 22:00 on 30 November in New York, 03:00 on 1 December in UTC: inside the period.
  await job(owner, customer, 'J3', '2026-11-28T15:00:00Z', { quotedCents: 60_000 });
  await move(owner, 'J3', 'deposit_received', '2026-11-29T03:00:00Z');
  await move(owner, 'J3', 'ready', '2026-12-01T03:00:00Z');

  // J4: ready at 23:00 on 31 October in New York (03:00 on 1 November UTC): outside the period.
  await job(owner, customer, 'J4', '2026-10-29T15:00:00Z', { quotedCents: 40_000 });
  await pay(owner, 'J4', 'deposit', 10_000, '2026-10-30T02:00:00Z');
  await move(owner, 'J4', 'deposit_received', '2026-10-30T03:00:00Z');
  await move(owner, 'J4', 'ready', '2026-11-01T03:00:00Z');

  // J5: one CAD round, then cancelled.
  await job(owner, customer, 'J5', '2026-11-05T12:00:00Z', { quotedCents: 70_000 });
  await move(owner, 'J5', 'deposit_received', '2026-11-05T15:00:00Z');
  await move(owner, 'J5', 'cad', '2026-11-06T15:00:00Z');
  await move(owner, 'J5', 'cancelled', '2026-11-07T15:00:00Z');

  // J6: ready, rolled back to polish, ready again, collected; paid, and part refunded late on a Sunday.
  await job(owner, customer, 'J6', '2026-11-14T15:00:00Z', { quotedCents: 50_000, dueDate: '2026-11-17' });
  await pay(owner, 'J6', 'deposit', 20_000, '2026-11-15T14:00:00Z');
  await move(owner, 'J6', 'deposit_received', '2026-11-15T15:00:00Z');
  await move(owner, 'J6', 'polish', '2026-11-16T15:00:00Z');
  await move(bench, 'J6', 'ready', '2026-11-17T15:00:00Z');
  await move(bench, 'J6', 'polish', '2026-11-18T15:00:00Z');
  await move(bench, 'J6', 'ready', '2026-11-20T15:00:00Z');
  at('2026-11-21T15:00:00Z');
  expect((await owner.patch(`/api/v1/bespoke/${ids.J6}`, { finalCents: 55_000 })).statusCode).toBe(200);
  await pay(owner, 'J6', 'payment', 35_000, '2026-11-22T14:00:00Z');
  await move(owner, 'J6', 'collected', '2026-11-22T15:00:00Z');
  // 22:00 on Sunday 22 November in New York: still the week of Monday 16 November there.
  await pay(owner, 'J6', 'refund', 5_000, '2026-11-23T03:00:00Z');

  // J7: overdue by one day today; J8: due today, so not overdue.
  await job(owner, customer, 'J7', '2026-11-20T15:00:00Z', { quotedCents: 30_000, dueDate: '2026-12-01' });
  await move(owner, 'J7', 'consultation', '2026-11-21T15:00:00Z');
  await payInError(owner, 'J7', 'deposit', 10_000, '2026-11-21T16:00:00Z');
  await job(owner, customer, 'J8', '2026-11-25T15:00:00Z', { quotedCents: 20_000, dueDate: '2026-12-02' });

  // A repair: intake to ready in two days.
  at('2026-11-10T15:00:00Z');
  const repair = await owner.post('/api/v1/repairs', { customerId: customer, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] });
  ids.R1 = repair.json().id;
  await move(owner, 'R1', 'ready', '2026-11-12T15:00:00Z', '/api/v1/repairs');

  // Another shop's busy November, which must show nowhere in this one's figures.
  const other = (await t.newShop('Other Shop')).client;
  const otherCustomer = (await other.post('/api/v1/customers', { name: 'Elsewhere' })).json().id as string;
  for (let i = 0; i < 3; i++) {
    await job(other, otherCustomer, `X${i}`, '2026-11-03T10:00:00Z', { quotedCents: 999_000, dueDate: '2026-11-04' });
    await pay(other, `X${i}`, 'deposit', 99_000, '2026-11-03T11:00:00Z');
    await move(other, `X${i}`, 'deposit_received', '2026-11-03T12:00:00Z');
    await move(other, `X${i}`, 'cad', '2026-11-04T12:00:00Z');
    await move(other, `X${i}`, 'ready', '2026-11-20T12:00:00Z');
  }

  at('2026-12-02T15:00:00Z');
});
afterAll(() => t.close());

async function signIn(email: string, password: string) {
  const res = await t.anonymous.post('/api/v1/session', { email, password });
  if (res.statusCode !== 200) throw new Error(res.body);
  return new Client(t.app, cookieFrom(res));
}

type Row = Record<string, string | number | null>;
interface Figure {
  id: string;
  columns: { key: string; unit: string }[];
  chart: { series: string[] };
  rows: Row[];
  benchmark: { pipeline: string; status: string }[];
}

async function report(c: Client = owner, query = period) {
  const res = await c.get(`/api/v1/reports?${query}`);
  expect(res.statusCode).toBe(200);
  const figures = res.json().figures as Figure[];
  return (id: string) => {
    const f = figures.find((x) => x.id === id);
    if (!f) throw new Error(`no figure ${id}`);
    return f;
  };
}

const rowOf = (f: Figure, match: Row) => f.rows.find((r) => Object.entries(match).every(([k, v]) => r[k] === v));

/** percentile_cont: linear between the two ranks around p·(n−1). */
function percentile(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}

describe('reports, computed from the stage history', () => {
  it('times deposit to ready, with holds apart, skips starting late and roll-backs counting the first ready', async () => {
    const fig = (await report())('cycle');
    // J1: 3 → 13 Nov = 10 days, 2 on hold; J2: CAD 10 → 14 Nov = 4; J3: 29 Nov 03:00 → 1 Dec 03:00 = 2; J6: 15 → 17 Nov = 2.
    // J4 was ready before the period (New York time); J5 was cancelled.
    const total = [10, 4, 2, 2];
    const hold = [2, 0, 0, 0];
    const net = total.map((d, i) => d - (hold[i] ?? 0));
    expect(rowOf(fig, { pipeline: 'Bespoke' })).toMatchObject({
      jobs: 4,
      medianDays: percentile(net, 0.5),
      p90Days: Number(percentile(net, 0.9).toFixed(2)),
      meanDays: net.reduce((a, b) => a + b) / 4,
      meanHoldDays: 0.5,
      medianElapsedDays: percentile(total, 0.5),
    });
    expect(percentile(net, 0.5)).toBe(3);
    // The repair: intake 10 Nov → ready 12 Nov.
    expect(rowOf(fig, { pipeline: 'Repair' })).toMatchObject({ jobs: 1, medianDays: 2, meanDays: 2, meanHoldDays: 0 });
  });

  it('counts design iterations and the share sent back from approval', async () => {
    const r = await report();
    // First entered CAD in November: J1 (twice), J2 (once), J5 (once, then cancelled).
    expect(r('iterations').rows.filter((x) => x.pipeline === 'Bespoke')).toEqual([
      { pipeline: 'Bespoke', iterations: '1', jobs: 2, rounds: 2 },
      { pipeline: 'Bespoke', iterations: '2', jobs: 1, rounds: 2 },
      { pipeline: 'Bespoke', iterations: '3', jobs: 0, rounds: 0 },
      { pipeline: 'Bespoke', iterations: '4+', jobs: 0, rounds: 0 },
    ]);
    expect(rowOf(r('design_returns'), { pipeline: 'Bespoke' })).toMatchObject({ jobs: 3, wentBack: 1, share: 0.3333 });
    // Pipelines without a design review have no iterations.
    expect(r('iterations').rows.some((x) => x.pipeline === 'Repair')).toBe(false);
  });

  it('lists the ready shelf now and times ready to collected', async () => {
    const r = await report();
    const shelf = r('shelf_now').rows.filter((x) => x.pipeline === 'Bespoke');
    // Now is 2 Dec 15:00 UTC. J4 since 1 Nov 03:00 (31.5 days), J1 since 13 Nov 15:00 (19), J2 since 14 Nov 15:00 (18), J3 since 1 Dec 03:00 (1.5).
    expect(shelf.map((x) => [x.title, x.daysWaiting])).toEqual([
      ['Job J4', 31.5],
      ['Job J1', 19],
      ['Job J2', 18],
      ['Job J3', 1.5],
    ]);
    // J6 became ready again on 20 Nov and was collected on 22 Nov.
    expect(rowOf(r('ready_to_collected'), { pipeline: 'Bespoke' })).toMatchObject({ jobs: 1, medianDays: 2, meanDays: 2 });
  });

  it('measures on-time against due dates and lists what is overdue today', async () => {
    const r = await report();
    // J1 ready on its due day, J2 a day late, J6 first ready on its due day; J3 has no due date.
    expect(rowOf(r('on_time'), { pipeline: 'Bespoke' })).toMatchObject({ jobs: 3, onTime: 2, late: 1, rate: Number((2 / 3).toFixed(4)) });
    // Today in New York is 2 Dec: J7 (due 1 Dec) is a day overdue; J8 is due today; ready and archived jobs are never overdue.
    expect(r('overdue_now').rows).toEqual([
      { pipeline: 'Bespoke', reference: expect.any(String), title: 'Job J7', stage: 'Consultation', due: '2026-12-01', daysOverdue: 1 },
    ]);
  });

  it('counts entries and exits per stage per week, time in each stage, and work in progress', async () => {
    const r = await report();
    // Week of Monday 2 Nov: CAD entered by J1 (4th, 6th) and J5 (6th); left by J1 (5th, 7th) and J5 (7th).
    expect(rowOf(r('throughput'), { pipeline: 'Bespoke', week: '2026-11-02', stageKey: 'cad' })).toMatchObject({ entered: 3, left: 3 });
    // Week of Monday 30 Nov: J3 ready at 22:00 on Monday 30 Nov in New York.
    expect(rowOf(r('throughput'), { pipeline: 'Bespoke', week: '2026-11-30', stageKey: 'ready' })).toMatchObject({ entered: 1, left: 0 });
    // The one hold: J1, 8 → 10 Nov.
    expect(rowOf(r('stage_time'), { pipeline: 'Bespoke', stageKey: 'on_hold' })).toMatchObject({ stays: 1, meanDays: 2 });
    // At the end of November: J1, J2, J3, J4 (ready), J7, J8 on the board; J5 cancelled, J6 collected.
    const wip = r('wip').rows.filter((x) => x.pipeline === 'Bespoke');
    expect(wip.at(-1)).toEqual({ pipeline: 'Bespoke', week: '2026-11-30', wip: 6 });
    // 1 Nov falls on a Sunday: the first week is Monday 26 Oct's, with J4 (ready) on the board.
    expect(wip[0]).toEqual({ pipeline: 'Bespoke', week: '2026-10-26', wip: 1 });
  });

  it('adds up money per week in the shop’s time zone, refunds included, and the balance owing', async () => {
    const r = await report();
    const week = (w: string) => rowOf(r('money'), { week: w });
    expect(week('2026-11-02')).toMatchObject({ depositCents: 50_000, paymentCents: 0, refundCents: 0, collected: 0 });
    // J2's payment of 300 that week was voided.
    expect(week('2026-11-09')).toMatchObject({ depositCents: 20_000, paymentCents: 0 });
    // J6 collected on Sunday 22 Nov (quoted 500, final 550), paid 350 that day and refunded 50 late that Sunday.
    expect(week('2026-11-16')).toMatchObject({ collected: 1, quotedCents: 50_000, finalCents: 55_000, paymentCents: 35_000, refundCents: 5_000 });
    expect(week('2026-11-23')).toMatchObject({ depositCents: 0, paymentCents: 0, refundCents: 0 });
    // J4's deposit (30 Oct) is before the period; J7's deposit of 100 was voided.
    expect(r('money').rows.reduce((s, x) => s + Number(x.depositCents), 0)).toBe(70_000);
    // Active bespoke jobs: J1 1000−500, J2 800, J3 600, J4 400−100, J7 300, J8 200 (J2's and J7's voided payments pay nothing).
    expect(rowOf(r('balance_owing'), { pipeline: 'Bespoke' })).toMatchObject({ jobs: 6, owingCents: 50_000 + 80_000 + 60_000 + 30_000 + 30_000 + 20_000 });
  });

  it('shows moves and completions per person to owners and managers only', async () => {
    const staffFig = (await report())('staff');
    // Bea moved J6 to ready, back to polish and to ready again: 3 moves, 2 to ready.
    expect(rowOf(staffFig, { name: 'Bea Bench' })).toMatchObject({ staffId: benchUserId, moves: 3, completions: 2 });
    expect((await report(bench))('staff').rows.length).toBeGreaterThan(0);
    const asStaff = await staffClient.get(`/api/v1/reports?${period}`);
    expect(asStaff.statusCode).toBe(200);
    expect(asStaff.json().figures.some((f: Figure) => f.id === 'staff')).toBe(false);
    expect((await staffClient.get(`/api/v1/reports/staff.csv?${period}`)).statusCode).toBe(403);
    expect((await staffClient.get(`/api/v1/reports/jobs?${period}&figure=staff&x=${benchUserId}`)).statusCode).toBe(403);
  });

  it('lists the jobs behind a bar', async () => {
    const titles = async (q: string) =>
      ((await owner.get(`/api/v1/reports/jobs?${period}&${q}`)).json().items as { title: string }[]).map((x) => x.title).sort();
    expect(await titles('figure=cycle&pipeline=bespoke')).toEqual(['Job J1', 'Job J2', 'Job J3', 'Job J6']);
    expect(await titles('figure=iterations&pipeline=Bespoke&x=1')).toEqual(['Job J2', 'Job J5']);
    expect(await titles('figure=design_returns&pipeline=bespoke')).toEqual(['Job J1']);
    expect(await titles('figure=on_time&pipeline=bespoke&series=late')).toEqual(['Job J2']);
    expect(await titles('figure=throughput&pipeline=bespoke&x=2026-11-02&series=cad')).toEqual(['Job J1', 'Job J5']);
    expect(await titles('figure=wip&pipeline=bespoke&x=2026-11-30')).toEqual(['Job J1', 'Job J2', 'Job J3', 'Job J4', 'Job J7', 'Job J8']);
    expect(await titles('figure=money&x=2026-11-16')).toEqual(['Job J6']);
    expect(await titles(`figure=staff&x=${benchUserId}`)).toEqual(['Job J6']);
    expect(await titles('figure=overdue_now&pipeline=bespoke')).toEqual(['Job J7']);
    expect((await owner.get(`/api/v1/reports/jobs?${period}&figure=cycle`)).statusCode).toBe(422);
  });

  it('exports each figure as CSV', async () => {
    const res = await owner.get(`/api/v1/reports/cycle.csv?${period}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('cycle-2026-11-01-2026-11-30.csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('Pipeline,From,To,Jobs,Median days,90th percentile days,Mean days,Mean days on hold,Median days incl. hold');
    expect(lines[1]).toBe('Bespoke,Deposit received,Ready,4,3,6.8,4,0.5,3');
    expect((await owner.get(`/api/v1/reports/nope.csv?${period}`)).statusCode).toBe(404);
  });

  it('refuses a period that ends before it starts, or a date that is not one', async () => {
    expect((await owner.get('/api/v1/reports?from=2026-11-30&to=2026-11-01')).statusCode).toBe(422);
    expect((await owner.get('/api/v1/reports?from=2026-02-30&to=2026-03-01')).statusCode).toBe(422);
    expect((await owner.get('/api/v1/reports?from=2020-01-01&to=2026-03-01')).statusCode).toBe(422);
    expect((await t.anonymous.get(`/api/v1/reports?${period}`)).statusCode).toBe(401);
  });

  it('leaves voided payments out of money, the balance owing, their CSV files and the summary', async () => {
    const csv = async (file: string) => {
      const res = await owner.get(`/api/v1/reports/${file}?${period}`);
      expect(res.statusCode).toBe(200);
      return res.body.trim().split('\r\n');
    };
    const money = await csv('money.csv');
    expect(money[0]).toBe('Week of,Pieces collected,Quoted,Final,Deposits,Other payments,Refunds');
    expect(money).toContain('2026-11-09,0,0,0,20000,0,0');
    expect(money).toContain('2026-11-16,1,50000,55000,0,35000,5000');
    expect(await csv('balance_owing.csv')).toContain('Bespoke,6,270000');

    const summary = await owner.get(`/api/v1/reports/summary?${period}`);
    expect(summary.statusCode, summary.body).toBe(200);
    // Deposits 500 (J1) + 200 (J6), payment 350 (J6), less the refund of 50.
    expect(summary.json().money).toMatchObject({ unit: 'cents', value: 100_000 });
    // The jobs behind a week's money bar: J6's deposit, not J2's voided payment.
    const drilled = await owner.get(`/api/v1/reports/jobs?${period}&figure=money&x=2026-11-09`);
    expect((drilled.json().items as { title: string }[]).map((x) => x.title)).toEqual(['Job J6']);
  });

  it('draws every money column of the table in the money chart', async () => {
    const money = (await report())('money');
    expect(money.chart.series).toEqual(money.columns.filter((c) => c.unit === 'cents').map((c) => c.key));
  });

  it('averages design rounds from the real counts, a job of five rounds counting five', async () => {
    const { client } = await t.newShop('Design Shop');
    const customerId = (await client.post('/api/v1/customers', { name: 'Design Customer' })).json().id as string;
    const designJob = async (rounds: number) => {
      t.clock.set(new Date('2026-11-02T10:00:00Z'));
      const id = (await client.post('/api/v1/bespoke', { customerId, title: `${rounds} rounds` })).json().id as string;
      for (let i = 0; i < rounds; i++) {
        for (const to of ['cad', 'approval']) {
          t.clock.set(new Date(t.clock.now().getTime() + 3_600_000));
          expect((await client.post(`/api/v1/bespoke/${id}/stage`, { to })).json().moved).toBe(true);
        }
      }
    };
    await designJob(5);
    await designJob(1);
    t.clock.set(new Date('2026-12-02T15:00:00Z'));

    const res = await client.get(`/api/v1/reports?${period}`);
    const iterations = (res.json().figures as Figure[]).find((f) => f.id === 'iterations');
    expect(iterations?.rows.find((x) => x.pipeline === 'Bespoke' && x.iterations === '4+')).toMatchObject({ jobs: 1, rounds: 5 });
    // The summary's default pipeline is bespoke: (5 + 1) / 2, where reading the last bucket as 4 would say 2.5.
    const summary = await client.get(`/api/v1/reports/summary?${period}`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().cadIterations).toMatchObject({ unit: 'count', value: 3, jobs: 2 });
  });

  it('shows a new move at once', async () => {
    const before = rowOf((await report())('cycle'), { pipeline: 'Bespoke' })?.jobs;
    await move(owner, 'J7', 'ready', '2026-11-30T15:00:00Z');
    at('2026-12-02T15:00:00Z');
    expect(rowOf((await report())('cycle'), { pipeline: 'Bespoke' })?.jobs).toBe(Number(before) + 1);
  });
});
