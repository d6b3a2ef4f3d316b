import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';
import { pipelines } from '../jobs/registry.js';

/** The board's cards, for every pipeline: what a card shows and nothing else, agreeing with the full record. */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Grace Holloway', email: 'grace@example.test' }));
});
afterAll(() => t.close());

interface Card {
  id: string;
  ref: string;
  stage: string;
  [k: string]: unknown;
}

const SHARED = ['id', 'ref', 'title', 'stage', 'held', 'customer', 'due', 'quoted', 'final', 'deposit', 'paid', 'photo'];

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('%s board', (kind, p) => {
  const own = Object.keys(pipelines.find((e) => e.kind === kind)?.store.cardColumns ?? {});
  const board = async (qs = '') => {
    const res = await client.get(`${p.path}/board${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Card[];
  };

  it('answers each active job as a card: short keys, nothing empty, agreeing with the job', async () => {
    const created = (await client.post(p.path, { ...p.newJob(customerId), dueDate: '2031-05-04' })).json();
    expect((await client.post(`${p.path}/${created.id}/payments`, { kind: 'deposit', amountCents: 1_000 })).statusCode).toBe(201);
    const card = (await board()).find((c) => c.id === created.id);
    const full = (await client.get(`${p.path}/${created.id}`)).json();
    const expected: Record<string, unknown> = {
      id: full.id,
      ref: full.reference,
      title: full.title,
      stage: full.stage,
      customer: full.customer.name,
      due: '2031-05-04',
      deposit: 1_000,
      paid: 1_000,
      ...(full.quotedCents === null ? {} : { quoted: full.quotedCents }),
      ...Object.fromEntries(own.map((k) => [k, full[k]])),
    };
    expect(card).toEqual(expected);
    for (const key of Object.keys(card ?? {})) expect([...SHARED, ...own]).toContain(key);
  });

  it('shows where a held job was, and what is paid after a refund', async () => {
    const job = (await client.post(p.path, p.newJob(customerId))).json();
    expect((await client.post(`${p.path}/${job.id}/stage`, { to: p.def.hold })).statusCode).toBe(200);
    await client.post(`${p.path}/${job.id}/payments`, { kind: 'payment', amountCents: 5_000 });
    await client.post(`${p.path}/${job.id}/payments`, { kind: 'refund', amountCents: 2_000 });
    const card = (await board()).find((c) => c.id === job.id);
    expect(card).toMatchObject({ stage: p.def.hold, held: p.def.initial, paid: 3_000 });
    expect(card).not.toHaveProperty('deposit');
  });

  it('leaves archived jobs off unless asked, newest first', async () => {
    const [older, newer] = [(await client.post(p.path, p.newJob(customerId))).json(), (await client.post(p.path, p.newJob(customerId))).json()];
    const archivedStage = p.def.archived[0];
    expect((await client.post(`${p.path}/${older.id}/stage`, { to: archivedStage })).statusCode).toBe(200);
    const active = (await board()).map((c) => c.id);
    expect(active).toContain(newer.id);
    expect(active).not.toContain(older.id);
    const all = (await board('?archived=true')).map((c) => c.id);
    expect(all.indexOf(newer.id)).toBeLessThan(all.indexOf(older.id));
    expect(all.indexOf(older.id)).toBeGreaterThanOrEqual(0);
  });

  it('refuses an unknown archived word with a 422', async () => {
    const res = await client.get(`${p.path}/board?archived=maybe`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('a card’s text', () => {
  it('carries quotes, backslashes, newlines and other scripts as valid JSON', async () => {
    const title = 'Ring "Aurora" \\ line one\nline two\t— 指輪 💍';
    const named = (await client.post('/api/v1/customers', { name: 'O\'Brien "the elder"' })).json();
    const job = (await client.post('/api/v1/bespoke', { title, customerId: named.id })).json();
    const card = ((await client.get('/api/v1/bespoke/board')).json().items as Card[]).find((c) => c.id === job.id);
    expect(card).toMatchObject({ title, customer: 'O\'Brien "the elder"' });
  });
});
