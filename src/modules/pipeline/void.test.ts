import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import { Client, cookieFrom, shopWithCustomer, type TestApp } from '../../testing/test-app.js';

/**
 * A payment taken in error is voided, never deleted: by a manager or owner, with a reason. It stays
 * in the job's payments marked with who, when and why, and stops counting everywhere money is shown.
 */

let t: TestApp, owner: Client, staff: Client, manager: Client, customerId: string;

async function member(role: 'staff' | 'manager'): Promise<Client> {
  const email = `${role}-${Math.random()}@example.test`;
  const made = await owner.post('/api/v1/staff', { name: `Jo ${role}`, email, password: `bench-${role}-123`, role });
  expect(made.statusCode, made.body).toBe(201);
  const signIn = await t.anonymous.post('/api/v1/session', { email, password: `bench-${role}-123` });
  expect(signIn.statusCode).toBe(200);
  return new Client(t.app, cookieFrom(signIn));
}

beforeAll(async () => {
  ({ t, client: owner, customerId } = await shopWithCustomer({ name: 'Ada Pennington', email: 'ada@example.test' }));
  staff = await member('staff');
  manager = await member('manager');
});
afterAll(() => t.close());

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('%s payment void', (_kind, p) => {
  async function newJob(): Promise<string> {
    const res = await owner.post(p.path, p.newJob(customerId));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  async function pay(id: string, body: Record<string, unknown>): Promise<string> {
    const res = await owner.post(`${p.path}/${id}/payments`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  const voidOf = (c: Client, id: string, paymentId: string, reason: unknown = 'Card charged twice') =>
    c.post(`${p.path}/${id}/payments/${paymentId}/void`, { reason });

  it('a manager voids a payment: it stays listed with who, when and why, and stops counting on the job, the list and the board', async () => {
    const id = await newJob();
    await pay(id, { kind: 'deposit', amountCents: 5_000, method: 'card' });
    const wrong = await pay(id, { kind: 'payment', amountCents: 42_500, method: 'card' });
    const before = (await owner.get(`${p.path}/${id}`)).json();

    const res = await voidOf(manager, id, wrong, '  Card charged twice  ');

    expect(res.statusCode, res.body).toBe(200);
    const voided = res.json();
    expect(voided).toMatchObject({ id: wrong, kind: 'payment', amountCents: 42_500, voided: { by: 'Jo manager', reason: 'Card charged twice' } });
    expect(voided.financials.paidCents).toBe(5_000);
    expect(voided.financials.balanceOwingCents).toBe(before.financials.balanceOwingCents + 42_500);

    const after = (await owner.get(`${p.path}/${id}`)).json();
    expect(after.payments.map((x: { id: string }) => x.id)).toEqual(before.payments.map((x: { id: string }) => x.id));
    expect(after.payments[1].voided).toMatchObject({ by: 'Jo manager', reason: 'Card charged twice' });
    expect(after.payments[0].voided).toBeNull();
    expect(after.financials).toMatchObject({ depositCents: 5_000, paidCents: 5_000 });
    expect(after.paidCents).toBe(5_000);

    const card = (await owner.get(`${p.path}/board`)).json().items.find((c: { id: string }) => c.id === id);
    expect(card).toMatchObject({ deposit: 5_000, paid: 5_000 });
    const listed = (await owner.get(p.path)).json().items.find((c: { id: string }) => c.id === id);
    expect(listed).toMatchObject({ depositCents: 5_000, paidCents: 5_000, balanceOwingCents: after.financials.balanceOwingCents });

    // A voided deposit stops counting as a deposit too.
    const deposit = after.payments[0].id;
    expect((await voidOf(owner, id, deposit)).json().financials).toMatchObject({ depositCents: 0, paidCents: 0 });
  });

  it('is for managers and owners: staff get 403 and nothing changes', async () => {
    const id = await newJob();
    const paid = await pay(id, { kind: 'payment', amountCents: 1_000, method: 'cash' });
    const res = await voidOf(staff, id, paid);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    const job = (await owner.get(`${p.path}/${id}`)).json();
    expect(job.payments[0].voided).toBeNull();
    expect(job.financials.paidCents).toBe(1_000);
  });

  it('voiding twice is a 409, however the two race, and the first void stands', async () => {
    const id = await newJob();
    const paid = await pay(id, { kind: 'payment', amountCents: 1_000, method: 'cash' });
    const answers = await Promise.all([voidOf(owner, id, paid, 'first'), voidOf(manager, id, paid, 'second'), voidOf(owner, id, paid, 'third')]);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().code).toBe('already_voided');
    const job = (await owner.get(`${p.path}/${id}`)).json();
    const winner = answers.find((a) => a.statusCode === 200)?.json().voided.reason;
    expect(job.payments[0].voided.reason).toBe(winner);
    expect(job.financials.paidCents).toBe(0);
  });

  it('a void cannot leave more refunded than paid: void the refund first, then the payment', async () => {
    const id = await newJob();
    const paid = await pay(id, { kind: 'payment', amountCents: 10_000, method: 'card' });
    const refund = await pay(id, { kind: 'refund', amountCents: 4_000, method: 'card' });

    const refused = await voidOf(owner, id, paid);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('refund_exceeds_paid');

    expect((await voidOf(owner, id, refund)).json().financials).toMatchObject({ paidCents: 10_000, refundedCents: 0 });
    expect((await voidOf(owner, id, paid)).json().financials).toMatchObject({ paidCents: 0, refundedCents: 0 });
  });

  it('a void racing a refund never leaves more refunded than paid', async () => {
    const id = await newJob();
    const paid = await pay(id, { kind: 'payment', amountCents: 10_000, method: 'card' });
    const [v, r] = await Promise.all([
      voidOf(owner, id, paid),
      owner.post(`${p.path}/${id}/payments`, { kind: 'refund', amountCents: 10_000, method: 'card' }),
    ]);
    // Whichever lands first wins (the void: 200, or the refund: 201); the other is refused.
    expect([v.statusCode, r.statusCode]).toContain(422);
    expect(v.statusCode === 200 || r.statusCode === 201).toBe(true);
    const f = (await owner.get(`${p.path}/${id}`)).json().financials;
    expect(f.paidCents).toBe(0);
    expect(f.refundedCents).toBe(r.statusCode === 201 ? 10_000 : 0);
  });

  it('refuses a blank reason, an unknown payment, and another job’s payment', async () => {
    const id = await newJob();
    const other = await newJob();
    const paid = await pay(id, { kind: 'payment', amountCents: 1_000, method: 'cash' });
    expect((await voidOf(owner, id, paid, '   ')).statusCode).toBe(422);
    expect((await owner.post(`${p.path}/${id}/payments/${paid}/void`, {})).statusCode).toBe(422);
    expect((await voidOf(owner, id, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await voidOf(owner, other, paid)).statusCode).toBe(404);
    expect((await voidOf(owner, id, 'not-an-id')).statusCode).toBe(404);
  });
});
