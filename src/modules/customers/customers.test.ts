import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

let t: TestApp;
let client: Client;
beforeAll(async () => {
  t = await testApp();
  ({ client } = await t.newShop());
});
afterAll(() => t.close());

describe('customers', () => {
  it('adds a customer with the phone in E.164 and e-mail lower-cased', async () => {
    const res = await client.post('/api/v1/customers', {
      name: 'Oliver Bennett',
      email: 'Oliver@Example.TEST',
      phone: '07912 345678',
      preferredChannel: 'sms',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Oliver Bennett', email: 'oliver@example.test', phone: '+447912345678', preferredChannel: 'sms' });
    expect(res.json().id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('chooses e-mail, else text, when no channel is given', async () => {
    expect((await client.post('/api/v1/customers', { name: 'A', email: 'a@example.test', phone: '07723 456789' })).json().preferredChannel).toBe('email');
    expect((await client.post('/api/v1/customers', { name: 'B', phone: '07723 456789' })).json().preferredChannel).toBe('sms');
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'X', email: 'nope' }, 'email'],
    [{ name: 'X', phone: '12' }, 'phone'],
    [{ name: 'X', preferredChannel: 'pigeon' }, 'preferredChannel'],
    [{ name: 'X', preferredChannel: 'whatsapp' }, 'preferredChannel'],
    [{ name: 'X', email: 'x@example.test', preferredChannel: 'sms' }, 'preferredChannel'],
  ])('refuses %o with a field error on %s', async (body, path) => {
    const res = await client.post('/api/v1/customers', body);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('finds customers by name, e-mail or phone', async () => {
    const made = (await client.post('/api/v1/customers', { name: 'Isla McAllister', email: 'isla@highland.test', phone: '07834 567890' })).json();
    const find = async (q: string) => ((await client.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).json().items as { id: string }[]).map((c) => c.id);
    expect(await find('mcallister')).toEqual([made.id]);
    expect(await find('highland.test')).toEqual([made.id]);
    expect(await find('07834 567890')).toEqual([made.id]);
    expect(await find('+447834567890')).toEqual([made.id]);
    expect(await find('567890')).toEqual([made.id]);
    // The first digits as dialled at home, trunk 0 and all, while the rest is still being typed.
    expect(await find('07834')).toEqual([made.id]);
    expect(await find('0783 45')).toEqual([made.id]);
    expect(await find('zzzz-nobody')).toEqual([]);
  });

  it('lists the customers seen to most lately first when nothing is searched', async () => {
    const { client: shop } = await t.newShop('Fresh Shop');
    const first = (await shop.post('/api/v1/customers', { name: 'Aaron First' })).json();
    const second = (await shop.post('/api/v1/customers', { name: 'Zelda Second' })).json();
    const order = async () => ((await shop.get('/api/v1/customers')).json().items as { id: string }[]).map((c) => c.id);
    expect(await order()).toEqual([second.id, first.id]);
    await shop.patch(`/api/v1/customers/${first.id}`, { notes: 'Prefers white gold' });
    expect(await order()).toEqual([first.id, second.id]);
  });

  it('shows a customer with their jobs and payments, and edits them', async () => {
    const made = (await client.post('/api/v1/customers', { name: 'Freya Lindqvist' })).json();
    const d = (await client.get(`/api/v1/customers/${made.id}`)).json();
    expect(d).toMatchObject({ id: made.id, name: 'Freya Lindqvist', jobs: [], payments: [] });
    const patched = await client.patch(`/api/v1/customers/${made.id}`, { phone: '07545 678901', preferredChannel: 'whatsapp' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ phone: '+447545678901', preferredChannel: 'whatsapp' });
    const cleared = await client.patch(`/api/v1/customers/${made.id}`, { phone: null });
    expect(cleared.statusCode).toBe(422);
  });

  it('answers 404 for an unknown customer', async () => {
    expect((await client.get('/api/v1/customers/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
