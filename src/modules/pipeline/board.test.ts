import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';
import { pipelines } from '../jobs/registry.js';
import { CARD_FIELDS } from './present.js';

/** The board's cards, for every pipeline: what a card shows and nothing else, agreeing with the full record. */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Grace Holloway', email: 'grace@example.test' }));
});
afterAll(() => t.close());

interface Card {
  id: string;
  stage: string;
  depositCents: number;
  balanceOwingCents: number;
  [k: string]: unknown;
}

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('%s board', (kind, p) => {
  const own = Object.keys(pipelines.find((e) => e.kind === kind)?.store.cardColumns ?? {});
  const board = async (qs = '') => {
    const res = await client.get(`${p.path}/board${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Card[];
  };

  it('answers each active job as a card: the shared card fields and the pipeline’s own, agreeing with the job', async () => {
    const created = (await client.post(p.path, p.newJob(customerId))).json();
    expect((await client.post(`${p.path}/${created.id}/payments`, { kind: 'deposit', amountCents: 1_000 })).statusCode).toBe(201);
    const card = (await board()).find((c) => c.id === created.id);
    expect(Object.keys(card ?? {}).sort()).toEqual([...CARD_FIELDS, ...own].sort());
    const full = (await client.get(`${p.path}/${created.id}`)).json();
    for (const key of [...CARD_FIELDS, ...own]) expect(card?.[key], key).toEqual(full[key]);
    expect(card).toMatchObject({ depositCents: 1_000, balanceOwingCents: full.financials.balanceOwingCents });
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
