import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filePart, multipart } from '../../testing/multipart.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';
import { png } from '../attachments/fixtures.js';

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Harry Thornton', email: 'harry@example.test' }));
});
afterAll(() => t.close());

type Repair = { id: string; reference: string; stage: string; [k: string]: unknown };
const resize = { kind: 'resize', description: 'N to P', priceCents: 4_500 };
const polish = { kind: 'polish', priceCents: 2_000 };

async function book(body: Record<string, unknown> = {}): Promise<Repair> {
  const res = await client.post('/api/v1/repairs', { customerId, itemType: 'ring', workLines: [resize, polish], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const move = (id: string, body: Record<string, unknown>) => client.post(`/api/v1/repairs/${id}/stage`, body);

describe('booking a repair in', () => {
  it('starts at intake ("Booked in") with an R- reference, its work lines and their sum as the estimate', async () => {
    const job = await book({ conditionNotes: 'Light scratches; stamped 750', declaredValueCents: 120_000, rush: true, dueDate: '2026-12-04' });
    expect(job).toMatchObject({
      kind: 'repair',
      stage: 'intake',
      stageLabel: 'Booked in',
      progress: 5,
      title: 'Ring: resize, polish',
      itemType: 'ring',
      rush: true,
      conditionNotes: 'Light scratches; stamped 750',
      declaredValueCents: 120_000,
      quotedCents: 6_500,
      balanceOwingCents: 6_500,
      workLines: [
        { kind: 'resize', description: 'N to P', priceCents: 4_500 },
        { kind: 'polish', description: null, priceCents: 2_000 },
      ],
    });
    expect(job.reference).toMatch(/^R-\d{4}$/);
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.stages.map((s: { stage: string }) => s.stage)).toEqual(['intake']);
  });

  it('numbers repairs apart from bespoke jobs', async () => {
    const a = await book();
    const bespoke = (await client.post('/api/v1/bespoke', { title: 'Ring', customerId })).json();
    const b = await book();
    expect(bespoke.reference).toMatch(/^B-/);
    expect(Number(b.reference.slice(2))).toBe(Number(a.reference.slice(2)) + 1);
  });

  it('refuses a repair with no work, an unknown item type or a bad price', async () => {
    for (const body of [
      { workLines: [] },
      { itemType: 'tiara' },
      { workLines: [{ kind: 'resize', priceCents: -1 }] },
      { workLines: [{ kind: 'engrave', priceCents: 1 }] },
    ]) {
      const res = await client.post('/api/v1/repairs', { customerId, itemType: 'ring', workLines: [resize], ...body });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('re-prices the estimate when the work lines change', async () => {
    const job = await book();
    const res = await client.patch(`/api/v1/repairs/${job.id}`, { workLines: [{ kind: 'solder', priceCents: 3_000 }] });
    expect(res.json()).toMatchObject({ quotedCents: 3_000, workLines: [{ kind: 'solder', priceCents: 3_000 }], version: 2 });
  });
});

describe('repair money and comments', () => {
  it('takes a deposit at the counter and reconciles against the final price', async () => {
    const job = await book();
    await client.post(`/api/v1/repairs/${job.id}/payments`, { kind: 'deposit', amountCents: 2_000, method: 'cash' });
    await client.patch(`/api/v1/repairs/${job.id}`, { finalCents: 7_000 });
    await client.post(`/api/v1/repairs/${job.id}/comments`, { body: 'Shank thin at the back' });
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.financials).toMatchObject({ quotedCents: 6_500, finalCents: 7_000, depositCents: 2_000, balanceOwingCents: 5_000 });
    expect(d.comments[0]).toMatchObject({ body: 'Shank thin at the back', author: { name: 'Ada Hatton' } });
  });
});

describe('listing repairs', () => {
  it('lists active repairs, rush first, and filters like bespoke', async () => {
    const rush = await book({ rush: true });
    const done = await book();
    await move(done.id, { to: 'collected' });
    const items = (await client.get('/api/v1/repairs')).json().items as Repair[];
    expect(items[0]?.rush).toBe(true);
    expect(items.map((i) => i.id)).toContain(rush.id);
    expect(items.map((i) => i.id)).not.toContain(done.id);
    expect(((await client.get('/api/v1/repairs?archived=true')).json().items as Repair[]).map((i) => i.id)).toContain(done.id);
    expect((await client.get('/api/v1/repairs?stage=polish')).statusCode).toBe(422);
  });
});

describe('repair photos', () => {
  it('attaches an intake photo at the current stage and shows it on the card', async () => {
    const job = await book();
    const { body, headers } = multipart([filePart('ring.png', await png(), 'image/png'), { name: 'caption', value: 'Scratch on the shank at intake' }]);
    const res = await client.post(`/api/v1/repairs/${job.id}/attachments`, body, { headers });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ stage: 'intake', caption: 'Scratch on the shank at intake', customerVisible: false, contentType: 'image/png' });
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.attachments).toHaveLength(1);
    const listed = ((await client.get('/api/v1/repairs')).json().items as Repair[]).find((r) => r.id === job.id);
    expect(listed?.thumbnailUrl).toBe(res.json().thumbnailUrl);
    expect((await client.get(String(listed?.thumbnailUrl))).statusCode).toBe(200);
  });
});

describe('repair messages', () => {
  it('queues the ready message on the same engine and re-sends it on purpose', async () => {
    const job = await book();
    await move(job.id, { to: 'in_progress' });
    await move(job.id, { from: 'in_progress', to: 'ready' });
    const res = await client.post(`/api/v1/repairs/${job.id}/notifications`, {});
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ event: 'customer_ready', manual: true, status: 'pending' });
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.notifications.map((n: { manual: boolean }) => n.manual).sort()).toEqual([false, true]);
  });
});
