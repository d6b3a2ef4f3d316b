import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';

/**
 * A double click, a retry after a dropped connection, two tabs: with one Idempotency-Key they make
 * one record, and every repeat answers what the first request answered.
 */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Lavinia Crane', email: 'lavinia@example.test' }));
});
afterAll(() => t.close());

let n = 0;
const newKey = () => `key-${Date.now()}-${n++}`;
const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });
const count = async (table: string, where = sql`true`) =>
  (await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`))[0]?.n ?? 0;

describe('Idempotency-Key on creates', () => {
  it('a customer created twice with one key is one customer, and the repeat answers the first result', async () => {
    const key = newKey();
    const body = { name: 'Octavia Rook', email: 'octavia@example.test' };
    const first = await client.post('/api/v1/customers', body, withKey(key));
    const again = await client.post('/api/v1/customers', body, withKey(key));
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count('customers', sql`email = 'octavia@example.test'`)).toBe(1);
  });

  it.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))(
    'ten concurrent %s creates with one key make one job, and all ten answer it',
    async (_kind, p) => {
      const key = newKey();
      const before = await count(p.jobsTable);
      const answers = await Promise.all(Array.from({ length: 10 }, () => client.post(p.path, p.newJob(customerId), withKey(key))));
      expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
      expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
      expect(await count(p.jobsTable)).toBe(before + 1);
    },
  );

  it('the same key with another body is refused, and nothing is made', async () => {
    const key = newKey();
    expect((await client.post('/api/v1/customers', { name: 'Septimus Vale' }, withKey(key))).statusCode).toBe(201);
    const other = await client.post('/api/v1/customers', { name: 'Someone Else' }, withKey(key));
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused', errors: [{ path: 'Idempotency-Key' }] });
    expect(await count('customers', sql`name = 'Someone Else'`)).toBe(0);
  });

  it('the same key on another path is another request', async () => {
    const key = newKey();
    expect((await client.post('/api/v1/customers', { name: 'Ambrose Teal' }, withKey(key))).statusCode).toBe(201);
    const elsewhere = await client.post('/api/v1/bespoke', { title: 'Ring', customerId }, withKey(key));
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('idempotency_key_reused');
  });

  it('a refused first request is answered the same again (nothing was made either time)', async () => {
    const key = newKey();
    const first = await client.post('/api/v1/customers', { name: 'Bad Phone', phone: 'not a phone' }, withKey(key));
    expect(first.statusCode).toBe(422);
    const again = await client.post('/api/v1/customers', { name: 'Bad Phone', phone: 'not a phone' }, withKey(key));
    expect(again.statusCode).toBe(422);
    expect(again.json().errors).toEqual(first.json().errors);
  });

  it('keys are per shop: another shop using the same key makes its own record', async () => {
    const key = newKey();
    const other = await t.newShop('Other Shop');
    const mine = await client.post('/api/v1/customers', { name: 'Cordelia Ash' }, withKey(key));
    const theirs = await other.client.post('/api/v1/customers', { name: 'Cordelia Ash' }, withKey(key));
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('refuses a key that is not 1 to 255 printable characters', async () => {
    const res = await client.post('/api/v1/customers', { name: 'Key Tester' }, withKey('x'.repeat(256)));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('Idempotency-Key');
  });
});

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('Idempotency-Key on %s payments', (_kind, p) => {
  it('a deposit sent twice, or ten times at once, with one key is one deposit', async () => {
    const job = (await client.post(p.path, p.newJob(customerId))).json();
    const pay = (key: string) => client.post(`${p.path}/${job.id}/payments`, { kind: 'deposit', amountCents: 42_500, method: 'card' }, withKey(key));
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 10 }, () => pay(key)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    const financials = (await client.get(`${p.path}/${job.id}`)).json().financials;
    expect(financials).toMatchObject({ depositCents: 42_500, paidCents: 42_500 });
    // A new key is a new payment.
    expect((await pay(newKey())).statusCode).toBe(201);
    expect((await client.get(`${p.path}/${job.id}`)).json().financials.paidCents).toBe(85_000);
  });
});
