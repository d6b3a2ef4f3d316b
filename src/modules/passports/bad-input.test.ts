import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffEventKinds } from '../../domain/passports.js';
import { aDate, anAmount, badIds, bodiesOf, bombard, expectProblem, malformedJson, mostly, nobodysId, sendBytes, someText } from '../../testing/bad-input.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

let t: TestApp;
let client: Client;
let shopId: string;
let passportId: string;

beforeAll(async () => {
  t = await testApp();
  const shop = await t.newShop();
  client = shop.client;
  shopId = shop.shop.id;
  const made = await client.post('/api/v1/passports', { title: 'Brooch', owner: { name: 'Ann' } });
  expect(made.statusCode, made.body).toBe(201);
  passportId = made.json().id;
});
afterAll(() => t.close());

/** Everything of the shop's passports, as stored. */
const stored = async () => ({
  passports: await rowsOf(t.db, sql`select id, title, visibility, show_values, owner_name, owner_contact from passports where shop_id = ${shopId} order by id`),
  events: await rowsOf(t.db, sql`select passport_id, seq, kind, note, value_cents from passport_events where shop_id = ${shopId} order by passport_id, seq`),
  stones: await rowsOf(t.db, sql`select * from passport_stones where shop_id = ${shopId} order by passport_id, position`),
});

const aStone = mostly(
  fc.record(
    { kind: fc.string({ minLength: 1, maxLength: 20 }), carat: fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.constant(null)), shape: someText },
    { requiredKeys: ['kind'] },
  ),
  fc.constantFrom({ kind: '' }, { carat: -1, kind: 'x' }, { kind: 'x', colour: 'y'.repeat(41) }),
);

describe('issuing', () => {
  it('no 5xx, every 4xx a problem with a code, and a rejected issue stores nothing', () =>
    bombard({
      client,
      method: 'POST',
      url: '/api/v1/passports',
      bodies: bodiesOf(
        {
          title: someText,
          owner: mostly(
            fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }), contact: someText }, { requiredKeys: ['name'] }),
            fc.constantFrom({}, { name: '' }, 'Ann'),
          ),
          metal: someText,
          weightGrams: mostly(fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.constant(null)), fc.constantFrom(-1, 1e9, '4.2')),
          madeOn: aDate,
          visibility: mostly(fc.constantFrom('public', 'private'), fc.constantFrom('PUBLIC', 'secret', '')),
          stones: mostly(fc.array(aStone, { maxLength: 3 }), fc.constantFrom('none', [null])),
          jobId: mostly(fc.constant(undefined), fc.constantFrom(nobodysId, 'not-a-uuid', '')),
          photoIds: mostly(fc.constant([]), fc.constantFrom([nobodysId], ['x'])),
        },
        ['title', 'owner'],
      ),
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ number: expect.stringMatching(/^LP-\d{9}$/), verified: true, madeElsewhere: true });
        return true;
      },
    }));
});

describe('events', () => {
  it('no 5xx, every 4xx a problem with a code, and a rejected event adds nothing', () =>
    bombard({
      client,
      method: 'POST',
      url: `/api/v1/passports/${passportId}/events`,
      bodies: bodiesOf(
        {
          kind: mostly(fc.constantFrom(...staffEventKinds), fc.constantFrom('issued', 'ownership_transferred', 'STOLEN', '')),
          occurredOn: mostly(fc.constantFrom('2026-01-02', '2025-12-31'), fc.constantFrom('2999-01-01', '2026-02-30', 'yesterday')),
          note: someText,
          valueCents: anAmount,
        },
        ['kind'],
      ),
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(201);
        expect(res.json().verified).toBe(true);
        return true;
      },
    }));

  it('refuses malformed JSON, malformed ids and unknown passports with a clear 4xx', async () => {
    for (const [, payload] of malformedJson) expectProblem(await sendBytes(client, 'POST', '/api/v1/passports', payload), 400, 'bad_request');
    for (const id of badIds) {
      for (const res of [await client.get(`/api/v1/passports/${id}`), await client.post(`/api/v1/passports/${id}/events`, { kind: 'serviced' })])
        expect([404, 422], res.body).toContain(res.statusCode);
    }
    expectProblem(await client.get(`/api/v1/passports/${nobodysId}`), 404, 'not_found');
    expectProblem(await client.post(`/api/v1/passports/${nobodysId}/transfer-code`), 404, 'not_found');
    expectProblem(await client.get('/api/v1/passports/draft?jobId=not-a-uuid'), 422, 'validation_failed');
    expectProblem(await client.post(`/api/v1/passports/${passportId}/events`, { kind: 'serviced', valueCents: 100 }), 422, 'validation_failed');
  });
});
