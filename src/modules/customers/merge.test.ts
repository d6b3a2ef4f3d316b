import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';

/** Two records of one person become one: a manager's act, recorded, within one shop. */

let t: TestApp, owner: Client, staff: Client, other: Client;

beforeAll(async () => {
  t = await testApp();
  ({ client: owner } = await t.newShop());
  ({ client: other } = await t.newShop('Another Shop'));
  const email = `staff-${Math.random()}@example.test`;
  expect((await owner.post('/api/v1/staff', { name: 'Jo Bench', email, password: 'bench-staff-123', role: 'staff' })).statusCode).toBe(201);
  staff = new Client(t.app, cookieFrom(await t.anonymous.post('/api/v1/session', { email, password: 'bench-staff-123' })));
});
afterAll(() => t.close());

async function customer(c: Client, body: Record<string, unknown>): Promise<string> {
  const res = await c.post('/api/v1/customers', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('customer merge', () => {
  it("moves every pipeline's jobs, their payments and messages to the kept record, deletes the duplicate and records the merge", async () => {
    const keep = await customer(owner, { name: 'Zoë Marchetti', email: 'zoe@example.test', notes: 'Prefers mornings' });
    const dup = await customer(owner, { name: 'Zoe Marchetti', phone: '07911 123456', notes: 'Allergic to nickel' });
    const jobs: { path: string; id: string }[] = [];
    for (const p of pipelinesUnderTest) {
      const made = await owner.post(p.path, p.newJob(dup));
      expect(made.statusCode, made.body).toBe(201);
      const id: string = made.json().id;
      jobs.push({ path: p.path, id });
      expect((await owner.post(`${p.path}/${id}/payments`, { kind: 'deposit', amountCents: 1_000, method: 'cash' })).statusCode).toBe(201);
      expect((await owner.post(`${p.path}/${id}/messages`, { body: 'We have your piece' })).statusCode).toBeLessThan(300);
    }
    const kept = await customer(owner, { name: 'Someone else' });
    await owner.post(pipelinesUnderTest[0]?.path ?? '', pipelinesUnderTest[0]?.newJob(kept));

    const res = await owner.post(`/api/v1/customers/${dup}/merge`, { intoId: keep });

    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json();
    expect(merged.id).toBe(keep);
    expect(merged.jobs.map((j: { id: string }) => j.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(merged.payments).toHaveLength(pipelinesUnderTest.length);
    // What the kept record lacked is taken from the duplicate; both notes are kept.
    expect(merged).toMatchObject({ email: 'zoe@example.test', phone: '+447911123456', notes: 'Prefers mornings\n\nAllergic to nickel' });
    expect(merged.merges).toEqual([
      expect.objectContaining({
        mergedId: dup,
        mergedName: 'Zoe Marchetti',
        mergedPhone: '+447911123456',
        mergedBy: 'Ada Hatton',
        jobsMoved: jobs.length,
        paymentsMoved: jobs.length,
      }),
    ]);
    for (const j of jobs) {
      const job = (await owner.get(`${j.path}/${j.id}`)).json();
      expect(job.customer.id).toBe(keep);
      const thread = (await owner.get(`${j.path}/${j.id}/messages`)).json();
      expect(JSON.stringify(thread)).toContain('We have your piece');
    }
    expect((await owner.get(`/api/v1/customers/${dup}`)).statusCode).toBe(404);
    expect((await owner.get(`/api/v1/customers/${kept}`)).json().jobs).toHaveLength(1);
  });

  it('is for owners and managers: staff get 403 and nothing moves', async () => {
    const a = await customer(owner, { name: 'Alba One' });
    const b = await customer(owner, { name: 'Alba Two' });
    const res = await staff.post(`/api/v1/customers/${a}/merge`, { intoId: b });
    expect(res.statusCode).toBe(403);
    expect((await owner.get(`/api/v1/customers/${a}`)).statusCode).toBe(200);
  });

  it('refuses merging a customer into itself (422) and another shop’s customer either way (404)', async () => {
    const a = await customer(owner, { name: 'Bea Self' });
    const self = await owner.post(`/api/v1/customers/${a}/merge`, { intoId: a });
    expect(self.statusCode).toBe(422);
    expect(self.json().errors).toEqual([expect.objectContaining({ path: 'intoId' })]);

    const theirs = await customer(other, { name: 'Cora Elsewhere' });
    expect((await owner.post(`/api/v1/customers/${a}/merge`, { intoId: theirs })).statusCode).toBe(404);
    expect((await owner.post(`/api/v1/customers/${theirs}/merge`, { intoId: a })).statusCode).toBe(404);
    expect((await other.get(`/api/v1/customers/${theirs}`)).statusCode).toBe(200);
    expect((await owner.get(`/api/v1/customers/${a}`)).json().merges).toEqual([]);
  });

  it('two crossing merges of the same pair: one lands, the other finds its record gone', async () => {
    const a = await customer(owner, { name: 'Dora A' });
    const b = await customer(owner, { name: 'Dora B' });
    const answers = await Promise.all([owner.post(`/api/v1/customers/${a}/merge`, { intoId: b }), owner.post(`/api/v1/customers/${b}/merge`, { intoId: a })]);
    expect(answers.map((x) => x.statusCode).sort()).toEqual([200, 404]);
    const found = await Promise.all([a, b].map(async (id) => (await owner.get(`/api/v1/customers/${id}`)).statusCode));
    expect(found.sort()).toEqual([200, 404]);
  });
});
