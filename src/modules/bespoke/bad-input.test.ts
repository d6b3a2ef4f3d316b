import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bespokeStages } from '../../domain/bespoke-pipeline.js';
import { MAX_MONEY_CENTS } from '../../domain/money.js';
import {
  aCustomerId,
  aDate,
  anAmount,
  badDates,
  badIds,
  badMoney,
  badPaymentAmounts,
  bodiesOf,
  bombard,
  bombardMoves,
  expectProblem,
  fieldsNamed,
  malformedJson,
  mostly,
  nobodysId,
  notObjects,
  oddSearches,
  overTheLimit,
  sendBytes,
  someText,
  storedOf,
  wrongMediaTypes,
} from '../../testing/bad-input.js';
import { bespokeUnderTest } from '../../testing/pipelines.js';
import type { TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

/**
 * Bad input gets a clear problem+json answer with a stable code: never a 500, never a stack trace,
 * and nothing already stored is lost or half-written. First the known cases one by one, then
 * fast-check throwing generated bodies at create, patch and move.
 */

const base = bespokeUnderTest.path;

let t: TestApp;
type Shop = Awaited<ReturnType<TestApp['newShop']>>;
let shop: Shop;
let customerId: string;
/** A job in `cad` with a deposit paid, that the bad requests aim at. */
let jobId: string;

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};
const job = (tail = '') => `${base}/${jobId}${tail}`;

beforeAll(async () => {
  t = await testApp();
  shop = await t.newShop('Argent & Ash');
  customerId = ok(await shop.client.post('/api/v1/customers', { name: 'Perpetua Lyle', email: 'perpetua@example.test' }), 201).id;
  jobId = ok(await shop.client.post(base, { title: 'Trilogy ring', customerId, quotedCents: 350_000, dueDate: '2027-03-01' }), 201).id;
  ok(await shop.client.post(job('/stage'), { to: 'cad' }));
  ok(await shop.client.post(job('/payments'), { kind: 'deposit', amountCents: 100_000 }), 201);
});
afterAll(() => t.close());

const stored = () =>
  storedOf({
    db: t.db,
    client: shop.client,
    shopId: shop.shop.id,
    path: base,
    jobId: () => jobId,
    tables: [bespokeUnderTest.jobsTable, bespokeUnderTest.historyTable, 'payments', 'comments', 'outbox', 'customers', 'attachments'],
  });

describe('malformed and mistyped bodies', () => {
  it.each(malformedJson)('answers 400 bad_request for malformed JSON (%s) on every write', async (_label, payload) => {
    const before = await stored();
    for (const url of [base, job('/stage'), job('/comments'), job('/payments')]) {
      expectProblem(await sendBytes(shop.client, 'POST', url, payload), 400, 'bad_request');
    }
    expectProblem(await sendBytes(shop.client, 'PATCH', job(), payload), 400, 'bad_request');
    expect(await stored()).toEqual(before);
  });

  it('answers 400 for an empty JSON body, and a 4xx problem for a body that is null, an array or a number', async () => {
    const before = await stored();
    expectProblem(await sendBytes(shop.client, 'POST', base, ''), 400, 'bad_request');
    for (const payload of notObjects) {
      for (const res of [
        await sendBytes(shop.client, 'POST', base, payload),
        await sendBytes(shop.client, 'PATCH', job(), payload),
        await sendBytes(shop.client, 'POST', job('/stage'), payload),
        await sendBytes(shop.client, 'POST', job('/comments'), payload),
        await sendBytes(shop.client, 'POST', job('/payments'), payload),
      ]) {
        expect(res.statusCode, `${payload}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, payload).toBeLessThan(500);
        expectProblem(res, res.statusCode, res.json().code);
      }
    }
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['title', { title: 42 }],
    ['title', { title: ['Ring'] }],
    ['title', { title: null }],
    ['customerId', { customerId: 17 }],
    ['customerId', { customerId: 'not-an-id' }],
    ['quotedCents', { quotedCents: '125000' }],
    ['quotedCents', { quotedCents: true }],
    ['dueDate', { dueDate: 20270301 }],
    ['description', { description: { text: 'a ring' } }],
    ['notes', { notes: 12 }],
  ])('refuses a wrong type for %s on create with 422 and the field named', async (path, over) => {
    const res = await shop.client.post(base, { title: 'Eternity band', customerId, ...over });
    expect(fieldsNamed(expectProblem(res, 422, 'validation_failed'))).toContain(path);
  });

  it.each([
    ['title', {}],
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['customerId', { title: 'Eternity band' }],
  ])('refuses a missing or blank %s with 422 and errors[].path', async (path, body) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(base, path === 'title' ? { customerId, ...body } : body), 422, 'validation_failed');
    expect(fieldsNamed(problem)).toContain(path);
    expect(problem.errors?.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
    expect(await stored()).toEqual(before);
  });

  it('names every missing field at once', async () => {
    const problem = expectProblem(await shop.client.post(base, {}), 422, 'validation_failed');
    expect(fieldsNamed(problem)).toEqual(expect.arrayContaining(['title', 'customerId']));
  });

  it('refuses a customer that does not exist, with a field error and no job or reference number used', async () => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(base, { title: 'Eternity band', customerId: nobodysId }), 422, 'validation_failed');
    expect(fieldsNamed(problem)).toEqual(['customerId']);
    expect(await stored()).toEqual(before);
    // The next job still gets the next number in the series.
    const next = ok(await shop.client.post(base, { title: 'Eternity band', customerId }), 201);
    expect(next.reference).toBe('B-0002');
  });
});

describe('money and dates', () => {
  const moneyFields = ['quotedCents', 'finalCents', 'budgetCents'] as const;

  it.each(moneyFields.flatMap((field) => badMoney.map(([label, value]) => [field, label, value] as const)))(
    'refuses %s %s (%j) on create and on patch, leaving the job as it was',
    async (field, _label, value) => {
      const before = await stored();
      expect(fieldsNamed(expectProblem(await shop.client.post(base, { title: 'Cuff', customerId, [field]: value }), 422, 'validation_failed'))).toEqual([
        field,
      ]);
      expect(fieldsNamed(expectProblem(await shop.client.patch(job(), { [field]: value }), 422, 'validation_failed'))).toEqual([field]);
      expect(await stored()).toEqual(before);
    },
  );

  it('accepts the largest amount and zero', async () => {
    const made = ok(await shop.client.post(base, { title: 'Crown', customerId, quotedCents: MAX_MONEY_CENTS, budgetCents: 0 }), 201);
    expect(made).toMatchObject({ quotedCents: MAX_MONEY_CENTS, budgetCents: 0 });
  });

  it.each(badPaymentAmounts)('refuses the payment amount %j', async (amountCents) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(job('/payments'), { kind: 'payment', amountCents }), 422, 'validation_failed');
    expect(fieldsNamed(problem)).toEqual(['amountCents']);
    expect(await stored()).toEqual(before);
  });

  it('tells an amount past the largest that it is too large, whether or not it is still a safe whole number', async () => {
    for (const amountCents of [MAX_MONEY_CENTS + 1, 1e19]) {
      const problem = expectProblem(await shop.client.post(job('/payments'), { kind: 'payment', amountCents }), 422, 'validation_failed');
      expect(problem.errors?.[0]?.message, String(amountCents)).toBe('Too large for one amount');
    }
  });

  it('refuses an unknown payment kind', async () => {
    expect(fieldsNamed(expectProblem(await shop.client.post(job('/payments'), { kind: 'gift', amountCents: 100 }), 422, 'validation_failed'))).toEqual([
      'kind',
    ]);
  });

  it('refuses a refund larger than what was paid, and records nothing', async () => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(job('/payments'), { kind: 'refund', amountCents: 100_001 }), 422, 'refund_exceeds_paid');
    expect(fieldsNamed(problem)).toEqual(['amountCents']);
    expect(await stored()).toEqual(before);
  });

  it.each(badDates)('refuses the due date %j on create and on patch', async (dueDate) => {
    const before = await stored();
    expect(fieldsNamed(expectProblem(await shop.client.post(base, { title: 'Locket', customerId, dueDate }), 422, 'validation_failed'))).toEqual(['dueDate']);
    expect(fieldsNamed(expectProblem(await shop.client.patch(job(), { dueDate }), 422, 'validation_failed'))).toEqual(['dueDate']);
    expect(await stored()).toEqual(before);
  });

  it('accepts a leap day that exists', async () => {
    expect(ok(await shop.client.post(base, { title: 'Locket', customerId, dueDate: '2028-02-29' }), 201).dueDate).toBe('2028-02-29');
  });
});

describe('size and content type', () => {
  it('answers 413 payload_too_large for a 2 MB body, and stores nothing', async () => {
    const before = await stored();
    for (const [method, url, field] of [
      ['POST', base, 'description'],
      ['PATCH', job(), 'description'],
      ['POST', job('/stage'), 'note'],
      ['POST', job('/comments'), 'body'],
      ['POST', job('/payments'), 'note'],
    ] as const) {
      expectProblem(await sendBytes(shop.client, method, url, overTheLimit(field)), 413, 'payload_too_large');
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a field longer than it may be with 422, not 413 or 500', async () => {
    const res = await shop.client.post(base, { title: 'T'.repeat(201), customerId });
    expect(fieldsNamed(expectProblem(res, 422, 'validation_failed'))).toEqual(['title']);
  });

  it.each(wrongMediaTypes)('answers 415 unsupported_media_type for %s', async (contentType, payload) => {
    const before = await stored();
    expectProblem(await sendBytes(shop.client, 'POST', base, payload, contentType), 415, 'unsupported_media_type');
    expectProblem(await sendBytes(shop.client, 'PATCH', job(), payload, contentType), 415, 'unsupported_media_type');
    expectProblem(await sendBytes(shop.client, 'POST', job('/stage'), payload, contentType), 415, 'unsupported_media_type');
    expect(await stored()).toEqual(before);
  });
});

describe('stage words', () => {
  const unknown = ['finished', 'READY', 'Ready', ' ready', 'ready ', 'on hold', 'Deposit received', 'in_progress', '', 'enquiry;drop table bespoke_jobs'];

  it.each(unknown)('a move to %j answers 422 invalid_stage "Invalid bespoke stage" and changes nothing', async (to) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(job('/stage'), { to }), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
    expect(await stored()).toEqual(before);
  });

  it.each(unknown)('a move whose from is %j answers 422 invalid_stage and changes nothing', async (from) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(job('/stage'), { to: 'approval', from }), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
    expect(await stored()).toEqual(before);
  });

  it('names the valid stages in the answer', async () => {
    const problem = expectProblem(await shop.client.post(job('/stage'), { to: 'finished' }), 422, 'invalid_stage');
    for (const s of bespokeStages) expect(problem.detail).toContain(s);
  });

  // The contract: `to` must be one of the twelve stage words, else invalid_stage; whatever else it is.
  it.each([
    ['missing', { note: 'why' }, 'No bespoke stage was given'],
    ['a number', { to: 5 }, 'not a number'],
    ['null', { to: null }, 'not null'],
    ['true', { to: true }, 'not a boolean'],
    ['a list', { to: ['ready'] }, 'not a list'],
    ['an object', { to: { stage: 'ready' } }, 'not an object'],
    ['a 65-character word', { to: 'r'.repeat(65) }, 'is not a bespoke stage'],
    ['a very long string', { to: 'ready'.repeat(20_000) }, 'is not a bespoke stage'],
  ])('a move whose to is %s answers 422 invalid_stage "Invalid bespoke stage" and changes nothing', async (_label, body, says) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(job('/stage'), body), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
    expect(problem.detail).toContain(says);
    // The answer names the valid words and never echoes a long value back.
    expect(problem.detail).toContain('Valid stages: enquiry');
    expect(problem.detail.length).toBeLessThan(400);
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['from a number', { to: 'approval', from: 3 }, 'from'],
    ['a note too long', { to: 'approval', note: 'n'.repeat(2001) }, 'note'],
    ['from a number beside a to that is not a word', { to: 5, from: 3 }, 'from'],
  ])('a move with %s answers 422 validation_failed with the field named', async (_label, body, path) => {
    const before = await stored();
    expect(fieldsNamed(expectProblem(await shop.client.post(job('/stage'), body), 422, 'validation_failed'))).toContain(path);
    expect(await stored()).toEqual(before);
  });

  it.each(['bogus', 'READY', 'on hold', ' ', 'c'.repeat(65), 'c'.repeat(5000)])('?stage=%s on the list answers 422 invalid_stage', async (stage) => {
    const problem = expectProblem(await shop.client.get(`${base}?stage=${encodeURIComponent(stage)}`), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
  });

  it('a repeated ?stage= on the list answers 422 invalid_stage: the filter takes one stage word', async () => {
    const problem = expectProblem(await shop.client.get(`${base}?stage=cad&stage=ready`), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
    expect(problem.detail).toContain('not a list');
  });

  it('?stage= with a stage word filters, and an empty one does not filter', async () => {
    const inCad = ok(await shop.client.get(`${base}?stage=cad`)).items as { id: string; stage: string }[];
    expect(inCad.map((j) => j.id)).toContain(jobId);
    expect(inCad.every((j) => j.stage === 'cad')).toBe(true);
    expect(ok(await shop.client.get(`${base}?stage=`)).items.length).toBe(ok(await shop.client.get(base)).items.length);
  });

  it('the repair pipeline, on the same machinery, answers in its own words: "Invalid repair stage"', async () => {
    const booking = { customerId, itemType: 'ring', workLines: [{ kind: 'polish', priceCents: 2_000 }] };
    const repair: { id: string; stage: string } = ok(await shop.client.post('/api/v1/repairs', booking), 201);
    for (const body of [{ to: 'cad' }, { to: 7 }, { to: null }, {}, { to: 'p'.repeat(65) }]) {
      const problem = expectProblem(await shop.client.post(`/api/v1/repairs/${repair.id}/stage`, body), 422, 'invalid_stage');
      expect(problem.title).toBe('Invalid repair stage');
    }
    expect(expectProblem(await shop.client.get('/api/v1/repairs?stage=cad'), 422, 'invalid_stage').title).toBe('Invalid repair stage');
    expect(ok(await shop.client.get(`/api/v1/repairs/${repair.id}`)).stage).toBe(repair.stage);
  });

  it.each(['maybe', 'TRUE', 'yes'])('?archived=%s answers 422', async (archived) => {
    expectProblem(await shop.client.get(`${base}?archived=${archived}`), 422, 'validation_failed');
  });

  it.each(oddSearches)('?q=%s on the list is a 200 or a 422, never a 500', async (q) => {
    const res = await shop.client.get(`${base}?q=${q}`);
    if (res.statusCode === 200) expect(res.json().items).toEqual(expect.any(Array));
    else expectProblem(res, 422, 'validation_failed');
  });
});

describe('ids and fields', () => {
  it.each([...badIds, 'B-0001'])('answers 404 not_found for the non-uuid id %j by every method', async (id) => {
    expectProblem(await shop.client.get(`${base}/${id}`), 404, 'not_found');
    expectProblem(await shop.client.patch(`${base}/${id}`, { title: 'x' }), 404, 'not_found');
    expectProblem(await shop.client.post(`${base}/${id}/stage`, { to: 'cad' }), 404, 'not_found');
    expectProblem(await shop.client.post(`${base}/${id}/comments`, { body: 'x' }), 404, 'not_found');
    expectProblem(await shop.client.post(`${base}/${id}/payments`, { kind: 'payment', amountCents: 1 }), 404, 'not_found');
    expectProblem(await shop.client.get(`/api/v1/customers/${id}`), 404, 'not_found');
  });

  it('refuses a PATCH carrying stage with 422, and the stage (and every other field) stays as it was', async () => {
    const before = await stored();
    for (const body of [{ stage: 'ready' }, { stage: 'collected', title: 'Renamed on the way' }, { stage: 'cad' }, { stage: 'bogus' }]) {
      const problem = expectProblem(await shop.client.patch(job(), body), 422, 'validation_failed');
      expect(fieldsNamed(problem)).toContain('stage');
    }
    const after = await stored();
    expect(after).toEqual(before);
    expect(after.job.stage).toBe('cad');
  });

  it.each([
    [{ colour: 'rose' }, 'colour'],
    [{ title: 'Renamed', shopId: nobodysId }, 'shopId'],
    [{ reference: 'B-9999' }, 'reference'],
    [{ version: 99 }, 'version'],
    [{ depositCents: 5 }, 'depositCents'],
    [{ trackingCode: 'guessable' }, 'trackingCode'],
  ])('refuses a PATCH with the unknown or read-only field %o', async (body, path) => {
    const before = await stored();
    expect(fieldsNamed(expectProblem(await shop.client.patch(job(), body), 422, 'validation_failed'))).toContain(path);
    expect(await stored()).toEqual(before);
  });

  it('never lets unknown or read-only fields on create take effect (refused, or dropped before they reach the job)', async () => {
    const before = await stored();
    const forged = {
      title: 'Bangle',
      customerId,
      id: '5d2c6a8e-1b3f-4e7a-9c0d-2f4e6a8b0c1d',
      shopId: shop.shop.id,
      stage: 'ready',
      reference: 'B-9999',
      version: 42,
      trackingCode: 'guessable',
      depositCents: 999,
      paidCents: 999,
      createdAt: '2001-01-01T00:00:00Z',
    };
    const res = await shop.client.post(base, forged);
    if (res.statusCode === 201) {
      const made = res.json();
      expect(made).toMatchObject({ kind: 'bespoke', stage: 'enquiry', version: 1, depositCents: 0, paidCents: 0 });
      expect(made.id).not.toBe(forged.id);
      expect(made.reference).not.toBe('B-9999');
      expect(made.tracking.code).not.toBe('guessable');
      expect(made.createdAt).not.toBe(forged.createdAt);
      const detail = ok(await shop.client.get(`${base}/${made.id}`));
      expect(detail.stages.map((h: { stage: string }) => h.stage)).toEqual(['enquiry']);
      expect(detail.notifications).toEqual([]);
    } else {
      expectProblem(res, 422, 'validation_failed');
      expect(await stored()).toEqual(before);
    }
  });

  it('refuses empty and blank comments', async () => {
    const before = await stored();
    for (const body of [{}, { body: '' }, { body: '  \n ' }, { body: 7 }]) {
      expect(fieldsNamed(expectProblem(await shop.client.post(job('/comments'), body), 422, 'validation_failed'))).toEqual(['body']);
    }
    expect(await stored()).toEqual(before);
  });

  it('stores text the database cannot hold as a 422, not a 500 (a NUL character)', async () => {
    const before = await stored();
    for (const res of [
      await shop.client.post(base, { title: 'Ring\u0000', customerId }),
      await shop.client.patch(job(), { notes: 'a\u0000b' }),
      await shop.client.post(job('/comments'), { body: 'nul \u0000' }),
      await shop.client.post(job('/stage'), { to: 'approval', note: '\u0000' }),
    ]) {
      expectProblem(res, 422, 'validation_failed');
    }
    expect(await stored()).toEqual(before);
  });
});

describe('generated bodies (fast-check)', () => {
  const customer = () => customerId;
  // Built inside each test: the customer's id is known only once the shop is open.
  const jobFields = () => ({
    title: mostly(fc.constantFrom('Halo ring', 'Pendant', 'Signet, oval face', '  Trimmed  '), fc.constantFrom('', '   ', 'x'.repeat(201), '\u0000')),
    customerId: aCustomerId(customer),
    jewelleryType: someText,
    description: someText,
    dueDate: aDate,
    quotedCents: anAmount,
    finalCents: anAmount,
    budgetCents: anAmount,
    metal: someText,
    stones: someText,
    notes: someText,
  });

  it('create: no 5xx, every 4xx a problem with a code, and a rejected create stores nothing', () =>
    bombard({
      client: shop.client,
      method: 'POST',
      url: base,
      bodies: bodiesOf(jobFields(), ['title', 'customerId']),
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ kind: 'bespoke', stage: 'enquiry', reference: expect.stringMatching(/^B-\d{4,}$/) });
        return true;
      },
    }));

  it('patch: no 5xx, every 4xx a problem with a code, and a rejected patch changes nothing', async () => {
    const stageBefore = (await stored()).job.stage;
    await bombard({
      client: shop.client,
      method: 'PATCH',
      url: job(),
      bodies: bodiesOf(jobFields(), []),
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(200);
        // A patch never moves the job.
        expect(res.json()).toMatchObject({ id: jobId, stage: stageBefore });
        return true;
      },
    });
  });

  it('move: no 5xx, every 4xx a problem with a code, and a rejected move changes nothing', () =>
    bombardMoves({ client: shop.client, url: job('/stage'), jobId, stages: bespokeStages, stored }));
});
