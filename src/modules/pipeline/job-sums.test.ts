import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';

/**
 * The money sums each job row keeps (deposit, paid, refunded) are the ledger's, however payments and
 * voids race: a trigger adds each payment and takes out each void in its own transaction. On
 * PostgreSQL the requests below really run at once; on PGlite one after another.
 */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Ada Pennington', email: 'ada@example.test' }));
});
afterAll(() => t.close());

interface Sums {
  id: string;
  deposit: number;
  paid: number;
  refunded: number;
}

/** Each job's sums as its row keeps them, beside the same sums computed from the ledger. */
async function kept(ids: string[]) {
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await rowsOf<Sums & { ledger_deposit: number; ledger_paid: number; ledger_refunded: number }>(
    t.db,
    sql`select j.id, j.deposit_cents::int as deposit, j.paid_cents::int as paid, j.refunded_cents::int as refunded,
          coalesce(sum(p.amount_cents) filter (where p.kind = 'deposit'), 0)::int as ledger_deposit,
          coalesce(sum(case when p.kind = 'refund' then -p.amount_cents else p.amount_cents end), 0)::int as ledger_paid,
          coalesce(sum(p.amount_cents) filter (where p.kind = 'refund'), 0)::int as ledger_refunded
        from jobs j left join payments p on p.shop_id = j.shop_id and p.job_id = j.id and p.voided_at is null
        where j.id in (${list}) group by j.shop_id, j.id order by j.id`,
  );
  return rows;
}

describe('job money sums under concurrent payments and voids', () => {
  it('equal the ledger after every payment, refund and void of several jobs has raced', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await client.post('/api/v1/bespoke', { title: `Race ${i}`, customerId, quotedCents: 1_000_000 })).json().id);
    const pay = (id: string, kind: string, amountCents: number) => client.post(`/api/v1/bespoke/${id}/payments`, { kind, amountCents, method: 'card' });
    // Payments to be voided in the race, taken first.
    const early = await Promise.all(ids.flatMap((id) => [pay(id, 'deposit', 7_000), pay(id, 'payment', 3_000)]));
    for (const r of early) expect(r.statusCode, r.body).toBe(201);

    const race = await Promise.all([
      ...ids.flatMap((id) => [
        pay(id, 'deposit', 1_000),
        pay(id, 'payment', 2_500),
        pay(id, 'payment', 4_000),
        pay(id, 'refund', 500),
        pay(id, 'deposit', 250),
        pay(id, 'refund', 1_500),
      ]),
      ...early.map((r, i) => client.post(`/api/v1/bespoke/${ids[Math.floor(i / 2)]}/payments/${r.json().id}/void`, { reason: 'Taken twice' })),
      // The same void twice at once: one lands, the other is already voided.
      ...early.slice(0, 2).map((r, i) => client.post(`/api/v1/bespoke/${ids[Math.floor(i / 2)]}/payments/${r.json().id}/void`, { reason: 'Twice' })),
    ]);
    // A void may be refused when a refund landed first and would be left larger than what is paid.
    for (const r of race) expect([200, 201, 409, 422], r.body).toContain(r.statusCode);
    expect(race.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(ids.length * 4);

    const rows = await kept(ids);
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) {
      expect({ deposit: r.deposit, paid: r.paid, refunded: r.refunded }, r.id).toEqual({
        deposit: r.ledger_deposit,
        paid: r.ledger_paid,
        refunded: r.ledger_refunded,
      });
      expect(r.paid).toBeGreaterThanOrEqual(0);
    }
    // What the API shows is what the row keeps.
    for (const r of rows) {
      const financials = (await client.get(`/api/v1/bespoke/${r.id}`)).json().financials;
      expect(financials).toMatchObject({ depositCents: r.deposit, paidCents: r.paid, refundedCents: r.refunded });
    }
  });

  it('leave a payment moved to another customer where it was (a merge changes no sum)', async () => {
    const id = (await client.post('/api/v1/bespoke', { title: 'Merged', customerId, quotedCents: 50_000 })).json().id;
    expect((await client.post(`/api/v1/bespoke/${id}/payments`, { kind: 'deposit', amountCents: 10_000 })).statusCode).toBe(201);
    const other = (await client.post('/api/v1/customers', { name: 'Ada P.' })).json().id;
    await rowsOf(t.db, sql`update payments set customer_id = ${other} where job_id = ${id}`);
    const [r] = await kept([id]);
    expect(r).toMatchObject({ deposit: 10_000, paid: 10_000, refunded: 0, ledger_paid: 10_000 });
  });
});
