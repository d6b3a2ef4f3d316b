import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

it('lists bespoke jobs and repairs together, soonest due first, for one shop only', async () => {
  const { client } = await t.newShop();
  const c = (await client.post('/api/v1/customers', { name: 'Poppy Fairbairn' })).json();
  const bespoke = (await client.post('/api/v1/bespoke', { title: 'Locket', customerId: c.id, dueDate: '2026-12-10', quotedCents: 38_000 })).json();
  const repair = (
    await client.post('/api/v1/repairs', {
      customerId: c.id,
      itemType: 'necklace',
      workLines: [{ kind: 're_string', priceCents: 2_500 }],
      dueDate: '2026-12-01',
    })
  ).json();
  const collected = (await client.post('/api/v1/repairs', { customerId: c.id, itemType: 'watch', workLines: [{ kind: 'other', priceCents: 1_000 }] })).json();
  await client.post(`/api/v1/repairs/${collected.id}/stage`, { to: 'collected' });

  const items = (await client.get('/api/v1/jobs')).json().items;
  expect(items.map((i: { id: string }) => i.id)).toEqual([repair.id, bespoke.id]);
  expect(items[0]).toMatchObject({
    kind: 'repair',
    stage: 'intake',
    stageLabel: 'Booked in',
    priceCents: 2_500,
    path: `/repairs/${repair.id}`,
    customer: { name: 'Poppy Fairbairn' },
  });
  expect(items[1]).toMatchObject({ kind: 'bespoke', stage: 'enquiry', progress: 5, priceCents: 38_000, path: `/bespoke/${bespoke.id}` });

  expect((await client.get('/api/v1/jobs?archived=true')).json().items).toHaveLength(3);
  expect((await client.get('/api/v1/jobs?dueFrom=2026-12-05&dueTo=2026-12-31')).json().items.map((i: { id: string }) => i.id)).toEqual([bespoke.id]);
  expect((await client.get(`/api/v1/jobs?q=${repair.reference}`)).json().items.map((i: { id: string }) => i.id)).toEqual([repair.id]);

  const someoneElse = (await client.post('/api/v1/customers', { name: 'Someone Else' })).json();
  await client.post('/api/v1/bespoke', { title: 'Not hers', customerId: someoneElse.id });
  const hers = (await client.get(`/api/v1/jobs?archived=true&customerId=${c.id}`)).json().items;
  expect(hers.map((i: { id: string }) => i.id).sort()).toEqual([bespoke.id, repair.id, collected.id].sort());
  expect((await client.get('/api/v1/jobs?customerId=nope')).statusCode).toBe(422);

  const customer = (await client.get(`/api/v1/customers/${c.id}`)).json();
  expect(customer.jobs.map((j: { kind: string }) => j.kind).sort()).toEqual(['bespoke', 'repair', 'repair']);

  const other = await t.newShop('Elsewhere');
  expect((await other.client.get('/api/v1/jobs?archived=true')).json().items).toEqual([]);
});
