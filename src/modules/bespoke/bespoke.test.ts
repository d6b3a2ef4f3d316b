import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Grace Holloway', email: 'grace@example.test' }));
});
afterAll(() => t.close());

type Job = { id: string; reference: string; stage: string; version: number; [k: string]: unknown };

async function newJob(body: Record<string, unknown> = {}): Promise<Job> {
  const res = await client.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId, quotedCents: 420_000, ...body });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const move = (id: string, body: Record<string, unknown>) => client.post(`/api/v1/bespoke/${id}/stage`, body);
const detail = async (id: string) => (await client.get(`/api/v1/bespoke/${id}`)).json();

describe('creating a bespoke job', () => {
  it('starts at enquiry with a shop-unique reference, a tracking link and an enquiry history row', async () => {
    const job = await newJob({
      jewelleryType: 'ring',
      dueDate: '2027-02-14',
      metal: 'platinum',
      stones: 'oval sapphire',
      budgetCents: 500_000,
      description: 'Halo of round brilliants',
    });
    expect(job).toMatchObject({
      stage: 'enquiry',
      progress: 5,
      title: 'Oval sapphire halo',
      customer: { id: customerId, name: 'Grace Holloway' },
      jewelleryType: 'ring',
      dueDate: '2027-02-14',
      quotedCents: 420_000,
      finalCents: null,
      depositCents: 0,
      balanceOwingCents: 420_000,
      version: 1,
    });
    expect(job.reference).toMatch(/^B-\d{4,}$/);
    const tracking = job.tracking as { code: string; url: string };
    // At least 128 bits: 22 base64url characters carry 132.
    expect(tracking.code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(tracking.url).toBe(`http://loupe.test/track/${tracking.code}`);
    expect(new Date(job.createdAt as string).toISOString()).toBe(job.createdAt);
    const d = await detail(job.id);
    expect(d.stages).toHaveLength(1);
    expect(d.stages[0]).toMatchObject({ stage: 'enquiry', fromStage: null, actor: { name: 'Ada Hatton' } });
  });

  it('numbers each shop from its own series', async () => {
    const first = await newJob();
    const second = await newJob();
    expect(Number(second.reference.slice(2))).toBe(Number(first.reference.slice(2)) + 1);
    const other = await t.newShop('Other Shop');
    const c = (await other.client.post('/api/v1/customers', { name: 'Someone' })).json();
    const theirs = (await other.client.post('/api/v1/bespoke', { title: 'Band', customerId: c.id })).json();
    expect(theirs.reference).toBe('B-0001');
  });

  it('gives concurrent creates distinct references', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => newJob()));
    expect(new Set(made.map((j) => j.reference)).size).toBe(8);
  });
});

describe('listing', () => {
  it('shows active jobs by default, archived ones on request, and filters by stage and search', async () => {
    const active = await newJob({ title: 'Signet with family crest' });
    const collected = await newJob({ title: 'Rope chain collected' });
    await move(collected.id, { to: 'collected' });
    const cancelled = await newJob({ title: 'Tanzanite earrings cancelled' });
    await move(cancelled.id, { to: 'cancelled' });
    const held = await newJob({ title: 'Christening bracelet held' });
    await move(held.id, { to: 'setting' });
    await move(held.id, { to: 'on_hold' });

    const ids = async (qs: string) => ((await client.get(`/api/v1/bespoke${qs}`)).json().items as Job[]).map((j) => j.id);
    const defaults = await ids('');
    expect(defaults).toContain(active.id);
    expect(defaults).toContain(held.id);
    expect(defaults).not.toContain(collected.id);
    expect(defaults).not.toContain(cancelled.id);

    const all = await ids('?archived=true');
    expect(all).toEqual(expect.arrayContaining([active.id, held.id, collected.id, cancelled.id]));

    expect(await ids('?stage=on_hold')).toEqual([held.id]);
    expect(await ids('?stage=collected')).toEqual([collected.id]);
    expect(await ids('?q=family crest')).toEqual([active.id]);
    expect(await ids(`?q=${active.reference.toLowerCase()}`)).toEqual([active.id]);
    expect((await ids('?q=grace')).length).toBeGreaterThan(1);
    expect(await ids('?q=%25')).toEqual([]);

    const heldRow = ((await client.get('/api/v1/bespoke?stage=on_hold')).json().items as Job[])[0];
    expect(heldRow).toMatchObject({ stage: 'on_hold', heldFromStage: 'setting', progress: 80 });
  });
});

describe('editing', () => {
  it('changes fields, clears them with null, bumps the version, and last write wins', async () => {
    const job = await newJob({ metal: 'platinum', dueDate: '2027-01-01' });
    const a = await client.patch(`/api/v1/bespoke/${job.id}`, { metal: '18ct yellow gold', finalCents: 450_000 });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ metal: '18ct yellow gold', finalCents: 450_000, balanceOwingCents: 450_000, version: 2 });
    const b = await client.patch(`/api/v1/bespoke/${job.id}`, { metal: 'palladium', dueDate: null });
    expect(b.json()).toMatchObject({ metal: 'palladium', dueDate: null, version: 3, stage: 'enquiry' });
    expect(new Date(b.json().updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(job.updatedAt as string).getTime());
  });
});

describe('comments', () => {
  it('adds a comment with its author, shown oldest first on the job', async () => {
    const job = await newJob();
    const res = await client.post(`/api/v1/bespoke/${job.id}/comments`, { body: 'Memo parcel arriving Thursday' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ body: 'Memo parcel arriving Thursday', author: { name: 'Ada Hatton' } });
    await client.post(`/api/v1/bespoke/${job.id}/comments`, { body: 'Chose the 1.2ct' });
    expect((await detail(job.id)).comments.map((c: { body: string }) => c.body)).toEqual(['Memo parcel arriving Thursday', 'Chose the 1.2ct']);
  });

  it('refuses an empty comment', async () => {
    const job = await newJob();
    const res = await client.post(`/api/v1/bespoke/${job.id}/comments`, { body: '   ' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('body');
  });
});

describe('payments and financials', () => {
  it('reconciles deposits, payments and refunds against the quote, then the final price', async () => {
    const job = await newJob({ quotedCents: 200_000 });
    const dep = await client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'deposit', amountCents: 100_000, method: 'card' });
    expect(dep.statusCode).toBe(201);
    expect(dep.json()).toMatchObject({
      kind: 'deposit',
      amountCents: 100_000,
      method: 'card',
      financials: { depositCents: 100_000, paidCents: 100_000, balanceOwingCents: 100_000 },
    });
    await client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'payment', amountCents: 50_000 });
    await client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'refund', amountCents: 20_000, note: 'Stone cheaper than quoted' });
    await client.patch(`/api/v1/bespoke/${job.id}`, { finalCents: 190_000 });
    const d = await detail(job.id);
    expect(d.financials).toEqual({
      quotedCents: 200_000,
      finalCents: 190_000,
      depositCents: 100_000,
      paidCents: 130_000,
      refundedCents: 20_000,
      balanceOwingCents: 60_000,
    });
    expect(d.payments.map((p: { kind: string }) => p.kind)).toEqual(['deposit', 'payment', 'refund']);
    const listed = ((await client.get('/api/v1/bespoke')).json().items as Job[]).find((j) => j.id === job.id);
    expect(listed).toMatchObject({ depositCents: 100_000, balanceOwingCents: 60_000, paidCents: 130_000 });
  });

  it('refuses a refund larger than what was paid, and zero or negative amounts', async () => {
    const job = await newJob();
    await client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'deposit', amountCents: 1_000 });
    const refund = await client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'refund', amountCents: 1_001 });
    expect(refund.statusCode).toBe(422);
    expect(refund.json().code).toBe('refund_exceeds_paid');
    for (const amountCents of [0, -5, 10.5]) {
      expect((await client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'payment', amountCents })).statusCode).toBe(422);
    }
    expect((await detail(job.id)).financials.paidCents).toBe(1_000);
  });

  it('shows on the customer record', async () => {
    const job = await newJob();
    await client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'deposit', amountCents: 7_500 });
    const c = (await client.get(`/api/v1/customers/${customerId}`)).json();
    expect(c.jobs.map((j: { id: string }) => j.id)).toContain(job.id);
    expect(c.payments).toEqual(
      expect.arrayContaining([expect.objectContaining({ jobId: job.id, jobReference: job.reference, kind: 'deposit', amountCents: 7_500 })]),
    );
  });
});

describe('detail', () => {
  it('carries history, financials, attachments, comments and notifications', async () => {
    const job = await newJob();
    const d = await detail(job.id);
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining(['stages', 'financials', 'attachments', 'comments', 'notifications', 'tracking', 'balanceOwingCents', 'version']),
    );
  });

  it('answers 404 for a job that does not exist', async () => {
    const res = await client.get('/api/v1/bespoke/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});
