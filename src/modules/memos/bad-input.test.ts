import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aDate,
  anAmount,
  badDates,
  badIds,
  badMoney,
  bodiesOf,
  bombard,
  expectProblem,
  fieldsNamed,
  malformedJson,
  mostly,
  nobodysId,
  notObjects,
  overTheLimit,
  sendBytes,
  someText,
  wrongMediaTypes,
} from '../../testing/bad-input.js';
import { bespokeUnderTest } from '../../testing/pipelines.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

let t: TestApp;
let client: Client;
let shopId: string;
let memoId: string;
let itemIds: string[];
let jobId: string;

const stone = { kind: 'stone', stoneType: 'Diamond', carat: 0.5, costCents: 100_000 };
const good = { direction: 'in', contact: { name: 'Ruth Vendor' }, receivedOn: '2026-11-20', dueBackOn: '2026-12-04', items: [stone] };

beforeAll(async () => {
  t = await testApp();
  const shop = await t.newShop();
  client = shop.client;
  shopId = shop.shop.id;
  const made = await client.post('/api/v1/memos', { ...good, items: [stone, stone, stone] });
  expect(made.statusCode, made.body).toBe(201);
  memoId = made.json().id;
  itemIds = made.json().items.map((i: { id: string }) => i.id);
  const customer = await client.post('/api/v1/customers', { name: 'Cass', email: 'cass@example.test' });
  const job = await client.post(bespokeUnderTest.path, bespokeUnderTest.newJob(customer.json().id));
  jobId = job.json().id;
});
afterAll(() => t.close());

/** Everything of the shop's memo records, as stored. */
const stored = async () => ({
  contacts: await rowsOf(t.db, sql`select * from memo_contacts where shop_id = ${shopId} order by id`),
  memos: await rowsOf(t.db, sql`select * from memos where shop_id = ${shopId} order by id`),
  items: await rowsOf(t.db, sql`select * from memo_items where shop_id = ${shopId} order by memo_id, position`),
  counters: await rowsOf(t.db, sql`select kind, last_value from shop_counters where shop_id = ${shopId} order by kind`),
});

/** Text that fits the shorter fields (40 to 80 characters), now and then one that does not. */
const shortText = mostly(fc.oneof(fc.string({ maxLength: 30 }), fc.constant(null)), fc.constantFrom('x'.repeat(81), '\u0000', 42));

const anItem = mostly(
  fc.record(
    {
      kind: mostly(fc.constantFrom('stone', 'piece'), fc.constantFrom('STONE', 'gem', '')),
      stoneType: mostly(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('', 'x'.repeat(61))),
      description: mostly(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('', 'x'.repeat(1001))),
      carat: mostly(fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.constant(null)), fc.constantFrom(-0.5, 1e9, '1.2', Number.NaN)),
      costCents: anAmount,
      retailCents: anAmount,
      // The grading fields, one generated text among them (each is plain text of its length).
      shape: shortText,
      certificateNumber: shortText,
    },
    { requiredKeys: ['kind', 'stoneType', 'description'] },
  ),
  fc.constantFrom({ kind: 'stone' }, { kind: 'piece' }, { kind: 'stone', stoneType: 'Ruby', carat: -1 }),
);

/** A record has many fields: most bodies carry all the required ones, so that enough land on the valid side. */
const createFields = {
  direction: mostly(fc.constantFrom('in', 'out'), fc.constantFrom('IN', 'both', '')),
  contact: mostly(
    fc.record(
      { name: fc.string({ minLength: 1, maxLength: 30 }), email: mostly(fc.constant('v@example.test'), fc.constant('not-mail')), phone: shortText },
      { requiredKeys: ['name'] },
    ),
    fc.constantFrom({}, { name: '' }, 'Ruth'),
  ),
  contactId: mostly(fc.constant(undefined), fc.constantFrom(nobodysId, 'not-a-uuid', '')),
  // Mostly days that agree (received, then due back), so that both sides of the line are reached.
  receivedOn: mostly(fc.constantFrom('2026-11-20', '2026-11-27'), fc.constantFrom('2026-02-30', 'today', null, '2026-12-31')),
  dueBackOn: mostly(fc.constantFrom('2026-12-04', '2027-01-15', null), fc.constantFrom('2026-11-01', '2026-13-01', '')),
  terms: someText,
  notes: someText,
  items: mostly(fc.array(anItem, { minLength: 1, maxLength: 1 }), fc.constantFrom([], 'none', [null])),
};
const createRequired: (keyof typeof createFields)[] = ['direction', 'contact', 'receivedOn', 'items'];
const createBodies = fc.oneof(
  { weight: 2, arbitrary: fc.record(createFields, { requiredKeys: createRequired }) },
  { weight: 1, arbitrary: bodiesOf(createFields, createRequired) },
);

describe('creating a record', () => {
  it('no 5xx, every 4xx a problem with a code, and a rejected create stores nothing (not even a number)', () =>
    bombard({
      client,
      method: 'POST',
      url: '/api/v1/memos',
      bodies: createBodies,
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ reference: expect.stringMatching(/^(MEMO|CON)-\d{4,}$/), status: 'active' });
        return true;
      },
    }));

  it('names the field at fault', async () => {
    const before = await stored();
    const fieldsOf = async (body: unknown) => fieldsNamed(expectProblem(await client.post('/api/v1/memos', body), 422, 'validation_failed'));
    expect(await fieldsOf({ ...good, direction: 'sideways' })).toEqual(['direction']);
    expect(await fieldsOf({ ...good, contact: undefined })).toEqual(['contact']);
    expect(await fieldsOf({ ...good, contactId: nobodysId })).toEqual(['contact']);
    expect(await fieldsOf({ ...good, items: [] })).toEqual(['items']);
    expect(await fieldsOf({ ...good, items: [{ kind: 'stone' }] })).toEqual(['items.0.stoneType']);
    expect(await fieldsOf({ ...good, items: [{ kind: 'piece' }] })).toEqual(['items.0.description']);
    expect(await fieldsOf({ ...good, dueBackOn: '2026-11-01' })).toEqual(['dueBackOn']);
    for (const [, value] of badMoney) expect(await fieldsOf({ ...good, items: [{ ...stone, costCents: value }] })).toEqual(['items.0.costCents']);
    for (const value of badDates) expect(await fieldsOf({ ...good, receivedOn: value })).toContain('receivedOn');
    // An existing contact id that is no contact of this shop's.
    const ghost = expectProblem(await client.post('/api/v1/memos', { ...good, contact: undefined, contactId: nobodysId }), 422, 'validation_failed');
    expect(fieldsNamed(ghost)).toEqual(['contactId']);
    expect(await stored()).toEqual(before);
  });

  it('refuses malformed JSON, non-objects, other media types and an over-large body with a clear 4xx', async () => {
    const before = await stored();
    for (const [, payload] of malformedJson) expectProblem(await sendBytes(client, 'POST', '/api/v1/memos', payload), 400, 'bad_request');
    for (const payload of notObjects) expectProblem(await sendBytes(client, 'POST', '/api/v1/memos', payload), 422, 'validation_failed');
    for (const [type, payload] of wrongMediaTypes)
      expectProblem(await sendBytes(client, 'POST', '/api/v1/memos', payload, type), 415, 'unsupported_media_type');
    expectProblem(await sendBytes(client, 'POST', '/api/v1/memos', overTheLimit('terms')), 413, 'payload_too_large');
    expect(await stored()).toEqual(before);
  });
});

describe('changing a record and its items', () => {
  it('PATCH: no 5xx, every 4xx a problem, a refusal changes nothing', () =>
    bombard({
      client,
      method: 'PATCH',
      url: `/api/v1/memos/${memoId}`,
      bodies: bodiesOf({ receivedOn: aDate, dueBackOn: aDate, terms: someText, notes: someText }, []),
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(200);
        return true;
      },
    }));

  it('adding an item: no 5xx, every 4xx a problem, a refusal adds nothing', () =>
    bombard({
      client,
      method: 'POST',
      url: `/api/v1/memos/${memoId}/items`,
      bodies: anItem,
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(201);
        return true;
      },
    }));

  it('reconciling: no 5xx; an unknown outcome is a field error, another outcome of a settled item a 409 with a code', async () => {
    const before = await stored();
    for (const body of [{}, { outcome: 'SOLD' }, { outcome: 'active' }, { outcome: '' }, { outcome: 'sold', note: 'x' }, null, [], 'sold']) {
      const res = await client.post(`/api/v1/memos/${memoId}/items/${itemIds[0]}/reconcile`, body === null ? undefined : body);
      expect([400, 415, 422], res.body).toContain(res.statusCode);
    }
    expect(await stored()).toEqual(before);
    await bombard({
      client,
      method: 'POST',
      url: `/api/v1/memos/${memoId}/items/${itemIds[1]}/reconcile`,
      bodies: bodiesOf({ outcome: mostly(fc.constantFrom('returned', 'sold', 'expired', 'lost'), fc.constantFrom('active', 'SOLD', '')) }, ['outcome']),
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(200);
        return true;
      },
    });
  });

  it('settings: a boolean, and an e-mail address or nothing', async () => {
    for (const body of [
      {},
      { overdueEmail: 'yes' },
      { overdueEmail: 1 },
      { overdueEmail: true, extra: 1 },
      { overdueEmail: true, recipient: 'not an address' },
      { overdueEmail: true, recipient: 42 },
    ]) {
      expectProblem(await client.request('PUT', '/api/v1/settings/memos', { body }), 422, 'validation_failed');
    }
  });
});

describe('ids and queries', () => {
  it('malformed ids and unknown records are 404 (or a field error), never a 5xx', async () => {
    const before = await stored();
    const jobPath = `${bespokeUnderTest.path}/${jobId}/memo-items`;
    for (const id of [...badIds, nobodysId]) {
      for (const res of [
        await client.get(`/api/v1/memos/${id}`),
        await client.patch(`/api/v1/memos/${id}`, { notes: 'x' }),
        await client.post(`/api/v1/memos/${id}/items`, stone),
        await client.post(`/api/v1/memos/${id}/items/${itemIds[2]}/reconcile`, { outcome: 'sold' }),
        await client.post(`/api/v1/memos/${memoId}/items/${id}/reconcile`, { outcome: 'sold' }),
        await client.get(`/api/v1/memos/${id}/memo.pdf`),
        await client.get(`${bespokeUnderTest.path}/${id}/memo-items`),
        await client.post(`${bespokeUnderTest.path}/${id}/memo-items/${itemIds[2]}`),
        await client.post(`${jobPath}/${id}`),
        await client.delete(`${jobPath}/${id}`),
      ]) {
        expect([404, 422], `${res.statusCode} ${res.body}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    expectProblem(await client.get(`/api/v1/memos/${nobodysId}`), 404, 'not_found');
    expectProblem(await client.post(`${jobPath}/${nobodysId}`), 404, 'not_found');
    expect(await stored()).toEqual(before);
  });

  it('list filters outside their words are field errors; odd searches are searched for', async () => {
    for (const q of ['status=open', 'direction=sideways', 'overdue=yes', `q=${'x'.repeat(101)}`]) {
      expectProblem(await client.get(`/api/v1/memos?${q}`), 422, 'validation_failed');
    }
    for (const q of ['%00', '%25%5F%5C', "' or 1=1 --", '%F0%9F%92%8D', 'MEMO-', 'CON-99999999999']) {
      // PostgreSQL text cannot hold a NUL: that search is a field error, the rest are searched for.
      const expected = q === '%00' ? 422 : 200;
      expect((await client.get(`/api/v1/memos?q=${q}`)).statusCode).toBe(expected);
      expect((await client.get(`/api/v1/memo-contacts?q=${q}`)).statusCode).toBe(expected);
    }
  });
});
