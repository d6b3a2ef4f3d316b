import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MONEY_CENTS } from '../../domain/money.js';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';

/**
 * The money rules hold however many requests race: each payment reads the job's totals under the
 * job row's lock, so what one request judged cannot change under it. On PGlite requests run one at a
 * time anyway; on PostgreSQL these are real races (a probe once saw two of twenty refunds accepted).
 */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Ada Pennington', email: 'ada@example.test' }));
});
afterAll(() => t.close());

interface Financials {
  paidCents: number;
  refundedCents: number;
  depositCents: number;
}

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('%s payments under concurrency', (_kind, p) => {
  async function newJob(): Promise<string> {
    const res = await client.post(p.path, p.newJob(customerId));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  const pay = (id: string, body: Record<string, unknown>) => client.post(`${p.path}/${id}/payments`, body);
  const financials = async (id: string): Promise<Financials> => (await client.get(`${p.path}/${id}`)).json().financials;

  it('twenty concurrent refunds of everything paid: exactly one is accepted, and paid never goes below zero', async () => {
    const id = await newJob();
    expect((await pay(id, { kind: 'payment', amountCents: 10_000, method: 'card' })).statusCode).toBe(201);

    const answers = await Promise.all(Array.from({ length: 20 }, () => pay(id, { kind: 'refund', amountCents: 10_000, method: 'card' })));

    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(19);
    for (const a of answers.filter((x) => x.statusCode === 422)) expect(a.json().code).toBe('refund_exceeds_paid');
    expect(await financials(id)).toMatchObject({ paidCents: 0, refundedCents: 10_000 });
  });

  it('ten concurrent deposits of the largest amount: one is accepted, and the totals stay within the maximum', async () => {
    const id = await newJob();

    const answers = await Promise.all(Array.from({ length: 10 }, () => pay(id, { kind: 'deposit', amountCents: MAX_MONEY_CENTS, method: 'cash' })));

    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 422)).toHaveLength(9);
    const after = await financials(id);
    expect(after).toMatchObject({ depositCents: MAX_MONEY_CENTS, paidCents: MAX_MONEY_CENTS });
    // The list of jobs still answers (it once answered 500 when totals passed the largest amount).
    expect((await client.get(p.path)).statusCode).toBe(200);
  });
});
