import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bespokeStages } from '../../domain/bespoke-pipeline.js';
import { MAX_MONEY_CENTS } from '../../domain/money.js';
import { rowsOf } from '../../testing/sql.js';
import type { TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

/**
 * Bad input gets a clear problem+json answer with a stable code: never a 500, never a stack trace,
 * and nothing already stored is lost or half-written. First the known cases one by one, then
 * fast-check throwing generated bodies at create, patch and move.
 */

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

beforeAll(async () => {
  t = await testApp();
  shop = await t.newShop('Argent & Ash');
  customerId = ok(await shop.client.post('/api/v1/customers', { name: 'Perpetua Lyle', email: 'perpetua@example.test' }), 201).id;
  jobId = ok(await shop.client.post('/api/v1/bespoke', { title: 'Trilogy ring', customerId, quotedCents: 350_000, dueDate: '2027-03-01' }), 201).id;
  ok(await shop.client.post(`/api/v1/bespoke/${jobId}/stage`, { to: 'cad' }));
  ok(await shop.client.post(`/api/v1/bespoke/${jobId}/payments`, { kind: 'deposit', amountCents: 100_000 }), 201);
});
afterAll(() => t.close());

const knownCodes = new Set([
  'bad_request',
  'validation_failed',
  'invalid_stage',
  'stage_conflict',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'refund_exceeds_paid',
]);

/** Asserts a well-formed problem answer, and returns its body. */
function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code });
  expect(body.requestId).toEqual(expect.any(String));
  expect(res.body).not.toMatch(/\bat .+:\d+:\d+|node_modules|Error:/);
  return body as { code: string; title: string; detail: string; errors?: { path: string; message: string }[] };
}

/** The fields named in a problem's errors, each once (one field may carry several messages). */
const pathsOf = (body: { errors?: { path: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.path))];

/** What the shop has stored, as the API shows it and as the rows hold it. */
async function stored() {
  const shopId = shop.shop.id;
  const [counts] = await rowsOf<Record<string, number>>(
    t.db,
    sql`select
      (select count(*) from bespoke_jobs where shop_id = ${shopId})::int as jobs,
      (select count(*) from bespoke_job_stages where shop_id = ${shopId})::int as history,
      (select count(*) from payments where shop_id = ${shopId})::int as payments,
      (select count(*) from comments where shop_id = ${shopId})::int as comments,
      (select count(*) from outbox where shop_id = ${shopId})::int as outbox,
      (select count(*) from customers where shop_id = ${shopId})::int as customers,
      (select coalesce(sum(last_value), 0) from shop_counters where shop_id = ${shopId})::int as counters`,
  );
  return {
    job: ok(await shop.client.get(`/api/v1/bespoke/${jobId}`)),
    listed: ok(await shop.client.get('/api/v1/bespoke?archived=true')).items.length as number,
    rows: counts,
  };
}

const raw = (payload: string, contentType = 'application/json') => ({ body: payload, headers: { 'content-type': contentType } });
/** Sends bytes exactly as given, with the content type given. */
const postRaw = (url: string, payload: string, contentType?: string) => shop.client.request('POST', url, raw(payload, contentType));
const patchRaw = (url: string, payload: string, contentType?: string) => shop.client.request('PATCH', url, raw(payload, contentType));

describe('malformed and mistyped bodies', () => {
  it.each([
    ['a truncated object', '{"title": "Ring", "customerId": '],
    ['a trailing comma', '{"title": "Ring",}'],
    ['single quotes', "{'title': 'Ring'}"],
    ['bare words', 'title=Ring'],
    ['an unterminated string', '"Ring'],
  ])('answers 400 bad_request for malformed JSON (%s) on every write', async (_label, payload) => {
    const before = await stored();
    for (const url of ['/api/v1/bespoke', `/api/v1/bespoke/${jobId}/stage`, `/api/v1/bespoke/${jobId}/comments`, `/api/v1/bespoke/${jobId}/payments`]) {
      expectProblem(await postRaw(url, payload), 400, 'bad_request');
    }
    expectProblem(await patchRaw(`/api/v1/bespoke/${jobId}`, payload), 400, 'bad_request');
    expect(await stored()).toEqual(before);
  });

  it('answers 400 for an empty JSON body, and a 4xx problem for a body that is null, an array or a number', async () => {
    expectProblem(await postRaw('/api/v1/bespoke', ''), 400, 'bad_request');
    for (const payload of ['null', '[]', '42', '"a title"', 'true']) {
      for (const res of [
        await postRaw('/api/v1/bespoke', payload),
        await patchRaw(`/api/v1/bespoke/${jobId}`, payload),
        await postRaw(`/api/v1/bespoke/${jobId}/stage`, payload),
      ]) {
        expect(res.statusCode, `${payload}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, payload).toBeLessThan(500);
        expectProblem(res, res.statusCode, res.json().code);
      }
    }
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
    const res = await shop.client.post('/api/v1/bespoke', { title: 'Eternity band', customerId, ...over });
    expect(pathsOf(expectProblem(res, 422, 'validation_failed'))).toContain(path);
  });

  it.each([
    ['title', {}],
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['customerId', { title: 'Eternity band' }],
  ])('refuses a missing or blank %s with 422 and errors[].path', async (path, body) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post('/api/v1/bespoke', path === 'title' ? { customerId, ...body } : body), 422, 'validation_failed');
    expect(pathsOf(problem)).toContain(path);
    expect(problem.errors?.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
    expect(await stored()).toEqual(before);
  });

  it('names every missing field at once', async () => {
    const problem = expectProblem(await shop.client.post('/api/v1/bespoke', {}), 422, 'validation_failed');
    expect(pathsOf(problem)).toEqual(expect.arrayContaining(['title', 'customerId']));
  });

  it('refuses a customer that does not exist, with a field error and no job or reference number used', async () => {
    const before = await stored();
    const problem = expectProblem(
      await shop.client.post('/api/v1/bespoke', { title: 'Eternity band', customerId: '3f0c2b1e-8a4d-4c1b-9e2f-7a6b5c4d3e2f' }),
      422,
      'validation_failed',
    );
    expect(pathsOf(problem)).toEqual(['customerId']);
    expect(await stored()).toEqual(before);
    // The next job still gets the next number in the series.
    const next = ok(await shop.client.post('/api/v1/bespoke', { title: 'Eternity band', customerId }), 201);
    expect(next.reference).toBe('B-0002');
  });
});

describe('money and dates', () => {
  const moneyFields = ['quotedCents', 'finalCents', 'budgetCents'] as const;
  const badMoney: [string, number][] = [
    ['negative', -1],
    ['negative large', -250_000],
    ['fractional', 12.5],
    ['a tiny fraction', 100.000001],
    ['too large', MAX_MONEY_CENTS + 1],
    ['beyond a safe integer', 2 ** 53 + 2],
    ['beyond a bigint', 1e21],
  ];

  it.each(moneyFields.flatMap((field) => badMoney.map(([label, value]) => [field, label, value] as const)))(
    'refuses %s %s (%d) on create and on patch, leaving the job as it was',
    async (field, _label, value) => {
      const before = await stored();
      expect(
        pathsOf(expectProblem(await shop.client.post('/api/v1/bespoke', { title: 'Cuff', customerId, [field]: value }), 422, 'validation_failed')),
      ).toEqual([field]);
      expect(pathsOf(expectProblem(await shop.client.patch(`/api/v1/bespoke/${jobId}`, { [field]: value }), 422, 'validation_failed'))).toEqual([field]);
      expect(await stored()).toEqual(before);
    },
  );

  it('accepts the largest amount and zero', async () => {
    const job = ok(await shop.client.post('/api/v1/bespoke', { title: 'Crown', customerId, quotedCents: MAX_MONEY_CENTS, budgetCents: 0 }), 201);
    expect(job).toMatchObject({ quotedCents: MAX_MONEY_CENTS, budgetCents: 0 });
  });

  it.each([
    ['negative', -100],
    ['zero', 0],
    ['fractional', 99.5],
    ['too large', MAX_MONEY_CENTS + 1],
    ['a string', '100'],
  ])('refuses a %s payment amount', async (_label, amountCents) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/payments`, { kind: 'payment', amountCents }), 422, 'validation_failed');
    expect(pathsOf(problem)).toEqual(['amountCents']);
    expect(await stored()).toEqual(before);
  });

  it('refuses an unknown payment kind', async () => {
    expect(
      pathsOf(expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/payments`, { kind: 'gift', amountCents: 100 }), 422, 'validation_failed')),
    ).toEqual(['kind']);
  });

  it('refuses a refund larger than what was paid, and records nothing', async () => {
    const before = await stored();
    const problem = expectProblem(
      await shop.client.post(`/api/v1/bespoke/${jobId}/payments`, { kind: 'refund', amountCents: 100_001 }),
      422,
      'refund_exceeds_paid',
    );
    expect(pathsOf(problem)).toEqual(['amountCents']);
    expect(await stored()).toEqual(before);
  });

  const badDates = ['2026-02-30', '2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', 'tomorrow', '2026-1-1', '01/03/2027', '2027-03-01T00:00:00Z', ''];
  it.each(badDates)('refuses the due date %j on create and on patch', async (dueDate) => {
    const before = await stored();
    expect(pathsOf(expectProblem(await shop.client.post('/api/v1/bespoke', { title: 'Locket', customerId, dueDate }), 422, 'validation_failed'))).toEqual([
      'dueDate',
    ]);
    expect(pathsOf(expectProblem(await shop.client.patch(`/api/v1/bespoke/${jobId}`, { dueDate }), 422, 'validation_failed'))).toEqual(['dueDate']);
    expect(await stored()).toEqual(before);
  });

  it('accepts a leap day that exists', async () => {
    expect(ok(await shop.client.post('/api/v1/bespoke', { title: 'Locket', customerId, dueDate: '2028-02-29' }), 201).dueDate).toBe('2028-02-29');
  });
});

describe('size and content type', () => {
  it('answers 413 payload_too_large for a 2 MB body, and stores nothing', async () => {
    const before = await stored();
    const huge = JSON.stringify({ title: 'Tiara', customerId, description: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(await postRaw('/api/v1/bespoke', huge), 413, 'payload_too_large');
    expectProblem(await patchRaw(`/api/v1/bespoke/${jobId}`, huge), 413, 'payload_too_large');
    expectProblem(await postRaw(`/api/v1/bespoke/${jobId}/comments`, JSON.stringify({ body: 'y'.repeat(2_100_000) })), 413, 'payload_too_large');
    expect(await stored()).toEqual(before);
  });

  it('refuses a field longer than it may be with 422, not 413 or 500', async () => {
    const res = await shop.client.post('/api/v1/bespoke', { title: 'T'.repeat(201), customerId });
    expect(pathsOf(expectProblem(res, 422, 'validation_failed'))).toEqual(['title']);
  });

  it.each([
    ['text/plain', 'title=Ring'],
    ['application/x-www-form-urlencoded', 'title=Ring&customerId=x'],
    ['application/xml', '<job><title>Ring</title></job>'],
  ])('answers 415 unsupported_media_type for %s', async (contentType, payload) => {
    const before = await stored();
    expectProblem(await postRaw('/api/v1/bespoke', payload, contentType), 415, 'unsupported_media_type');
    expectProblem(await patchRaw(`/api/v1/bespoke/${jobId}`, payload, contentType), 415, 'unsupported_media_type');
    expectProblem(await postRaw(`/api/v1/bespoke/${jobId}/stage`, payload, contentType), 415, 'unsupported_media_type');
    expect(await stored()).toEqual(before);
  });
});

describe('stage words', () => {
  const unknown = ['finished', 'READY', 'Ready', ' ready', 'ready ', 'on hold', 'Deposit received', 'in_progress', '', 'enquiry;drop table bespoke_jobs'];

  it.each(unknown)('a move to %j answers 422 invalid_stage "Invalid bespoke stage" and changes nothing', async (to) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/stage`, { to }), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
    expect(await stored()).toEqual(before);
  });

  it.each(unknown)('a move whose from is %j answers 422 invalid_stage and changes nothing', async (from) => {
    const before = await stored();
    const problem = expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/stage`, { to: 'approval', from }), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
    expect(await stored()).toEqual(before);
  });

  it('names the valid stages in the answer', async () => {
    const problem = expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/stage`, { to: 'finished' }), 422, 'invalid_stage');
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
    const problem = expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/stage`, body), 422, 'invalid_stage');
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
    expect(pathsOf(expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/stage`, body), 422, 'validation_failed'))).toContain(path);
    expect(await stored()).toEqual(before);
  });

  it.each(['bogus', 'READY', 'on hold', ' ', 'c'.repeat(65), 'c'.repeat(5000)])('?stage=%s on the list answers 422 invalid_stage', async (stage) => {
    const problem = expectProblem(await shop.client.get(`/api/v1/bespoke?stage=${encodeURIComponent(stage)}`), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
  });

  it('a repeated ?stage= on the list answers 422 invalid_stage: the filter takes one stage word', async () => {
    const problem = expectProblem(await shop.client.get('/api/v1/bespoke?stage=cad&stage=ready'), 422, 'invalid_stage');
    expect(problem.title).toBe('Invalid bespoke stage');
    expect(problem.detail).toContain('not a list');
  });

  it('?stage= with a stage word filters, and an empty one does not filter', async () => {
    const inCad = ok(await shop.client.get('/api/v1/bespoke?stage=cad')).items as { id: string; stage: string }[];
    expect(inCad.map((j) => j.id)).toContain(jobId);
    expect(inCad.every((j) => j.stage === 'cad')).toBe(true);
    expect(ok(await shop.client.get('/api/v1/bespoke?stage=')).items.length).toBe(ok(await shop.client.get('/api/v1/bespoke')).items.length);
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
    expectProblem(await shop.client.get(`/api/v1/bespoke?archived=${archived}`), 422, 'validation_failed');
  });

  it.each(['%00', '%25%5F%5C', 'x'.repeat(201), "' or 1=1 --", '%F0%9F%92%8D'])('?q=%s on the list is a 200 or a 422, never a 500', async (q) => {
    const res = await shop.client.get(`/api/v1/bespoke?q=${q}`);
    if (res.statusCode === 200) expect(res.json().items).toEqual(expect.any(Array));
    else expectProblem(res, 422, 'validation_failed');
  });
});

describe('ids and fields', () => {
  const badIds = ['abc', '123', 'B-0001', `${'0'.repeat(8)}-0000-0000-0000-00000000000g`, '3f0c2b1e-8a4d-4c1b-9e2f-7a6b5c4d3e2f0', '%00', "1'%20or%20'1'='1"];

  it.each(badIds)('answers 404 not_found for the non-uuid id %j by every method', async (id) => {
    expectProblem(await shop.client.get(`/api/v1/bespoke/${id}`), 404, 'not_found');
    expectProblem(await shop.client.patch(`/api/v1/bespoke/${id}`, { title: 'x' }), 404, 'not_found');
    expectProblem(await shop.client.post(`/api/v1/bespoke/${id}/stage`, { to: 'cad' }), 404, 'not_found');
    expectProblem(await shop.client.post(`/api/v1/bespoke/${id}/comments`, { body: 'x' }), 404, 'not_found');
    expectProblem(await shop.client.post(`/api/v1/bespoke/${id}/payments`, { kind: 'payment', amountCents: 1 }), 404, 'not_found');
    expectProblem(await shop.client.get(`/api/v1/customers/${id}`), 404, 'not_found');
  });

  it('refuses a PATCH carrying stage with 422, and the stage (and every other field) stays as it was', async () => {
    const before = await stored();
    for (const body of [{ stage: 'ready' }, { stage: 'collected', title: 'Renamed on the way' }, { stage: 'cad' }, { stage: 'bogus' }]) {
      const problem = expectProblem(await shop.client.patch(`/api/v1/bespoke/${jobId}`, body), 422, 'validation_failed');
      expect(pathsOf(problem)).toContain('stage');
    }
    const after = await stored();
    expect(after).toEqual(before);
    expect(after.job.stage).toBe('cad');
  });

  it.each([
    [{ colour: 'rose' }, 'colour'],
    [{ title: 'Renamed', shopId: '3f0c2b1e-8a4d-4c1b-9e2f-7a6b5c4d3e2f' }, 'shopId'],
    [{ reference: 'B-9999' }, 'reference'],
    [{ version: 99 }, 'version'],
    [{ depositCents: 5 }, 'depositCents'],
    [{ trackingCode: 'guessable' }, 'trackingCode'],
  ])('refuses a PATCH with the unknown or read-only field %o', async (body, path) => {
    const before = await stored();
    expect(pathsOf(expectProblem(await shop.client.patch(`/api/v1/bespoke/${jobId}`, body), 422, 'validation_failed'))).toContain(path);
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
    const res = await shop.client.post('/api/v1/bespoke', forged);
    if (res.statusCode === 201) {
      const job = res.json();
      expect(job).toMatchObject({ stage: 'enquiry', version: 1, depositCents: 0, paidCents: 0 });
      expect(job.id).not.toBe(forged.id);
      expect(job.reference).not.toBe('B-9999');
      expect(job.tracking.code).not.toBe('guessable');
      expect(job.createdAt).not.toBe(forged.createdAt);
      const detail = ok(await shop.client.get(`/api/v1/bespoke/${job.id}`));
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
      expect(pathsOf(expectProblem(await shop.client.post(`/api/v1/bespoke/${jobId}/comments`, body), 422, 'validation_failed'))).toEqual(['body']);
    }
    expect(await stored()).toEqual(before);
  });

  it('stores text the database cannot hold as a 422, not a 500 (a NUL character)', async () => {
    const before = await stored();
    for (const res of [
      await shop.client.post('/api/v1/bespoke', { title: 'Ring\u0000', customerId }),
      await shop.client.patch(`/api/v1/bespoke/${jobId}`, { notes: 'a\u0000b' }),
      await shop.client.post(`/api/v1/bespoke/${jobId}/comments`, { body: 'nul \u0000' }),
      await shop.client.post(`/api/v1/bespoke/${jobId}/stage`, { to: 'approval', note: '\u0000' }),
    ]) {
      expectProblem(res, 422, 'validation_failed');
    }
    expect(await stored()).toEqual(before);
  });
});

describe('generated bodies (fast-check)', () => {
  // A fixed seed: the check that the generators reach both accepted and rejected bodies must not
  // depend on the luck of one run (it failed once in CI with 5 accepted of 100). FC_SEED explores others.
  const runs = { numRuns: 100, seed: Number(process.env.FC_SEED ?? 20_261_127) };
  const aUuid = '5d2c6a8e-1b3f-4e7a-9c0d-2f4e6a8b0c1d';

  /** A body as it goes over the wire; values JSON cannot carry are dropped by JSON.stringify, as a client would. */
  const wire = (value: unknown): string | undefined => {
    try {
      return JSON.stringify(value);
    } catch {
      return undefined;
    }
  };

  const junk = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  );
  /** Mostly a valid value, sometimes a near miss, sometimes junk: so generated bodies land on both sides of the line. */
  const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
    fc.oneof({ weight: 14, arbitrary: valid }, { weight: 1, arbitrary: invalid }, { weight: 1, arbitrary: junk });

  const money = mostly(
    fc.oneof(fc.integer({ min: 0, max: MAX_MONEY_CENTS }), fc.constant(null)),
    fc.constantFrom(-1, 0.5, 12.25, MAX_MONEY_CENTS + 1, 2 ** 53, -(2 ** 31), 1e300, '100'),
  );
  const date = mostly(
    fc.oneof(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constant(null),
    ),
    fc.constantFrom('2026-02-30', '2026-13-01', 'tomorrow', '2026-02-29', '0000-00-00', '9999-99-99', '2026-1-1'),
  );
  const text = mostly(
    fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constant(null)),
    fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('x'.repeat(10_001), '\u0000')),
  );
  const stageWord = mostly(
    fc.constantFrom(...bespokeStages),
    fc.oneof(fc.constantFrom('READY', 'finished', '', 'on hold', ' cad'), fc.string({ maxLength: 12 })),
  );
  const unknownKeys = fc.dictionary(
    fc.oneof(fc.constantFrom('stage', 'shopId', 'id', 'version', 'reference', 'depositCents', '__proto__', 'constructor'), fc.string({ maxLength: 10 })),
    fc.jsonValue({ maxDepth: 1 }),
    { maxKeys: 2 },
  );

  const noUnknownKeysMostly = fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: unknownKeys });

  const jobFields = (customer: () => string) => ({
    title: mostly(fc.constantFrom('Halo ring', 'Pendant', 'Signet, oval face', '  Trimmed  '), fc.constantFrom('', '   ', 'x'.repeat(201), '\u0000')),
    customerId: mostly(fc.constant(null).map(customer), fc.constantFrom(aUuid, 'not-a-uuid', '', customer().toUpperCase())),
    jewelleryType: text,
    description: text,
    dueDate: date,
    quotedCents: money,
    finalCents: money,
    budgetCents: money,
    metal: text,
    stones: text,
    notes: text,
  });

  const nearValid = (customer: () => string) =>
    fc
      .tuple(
        fc.oneof(fc.record(jobFields(customer), { requiredKeys: ['title', 'customerId'] }), fc.record(jobFields(customer), { requiredKeys: [] })),
        noUnknownKeysMostly,
      )
      .map(([fields, extra]) => ({ ...extra, ...fields }));

  const bodies = (customer: () => string) =>
    fc.oneof({ weight: 3, arbitrary: nearValid(customer) }, { weight: 1, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.anything() });

  /** The answer to any request, good or bad: never 5xx, and every 4xx a problem with a code. */
  function judge(res: LightMyRequestResponse, sent: string | undefined): 'accepted' | 'rejected' {
    expect(res.statusCode, `${sent} -> ${res.body}`).toBeLessThan(500);
    if (res.statusCode < 300) return 'accepted';
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.headers['content-type'], sent).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem.status).toBe(res.statusCode);
    expect(knownCodes, `${sent} -> ${res.body}`).toContain(problem.code);
    return 'rejected';
  }

  async function send(method: 'POST' | 'PATCH', url: string, value: unknown) {
    const payload = wire(value);
    const res = await shop.client.request(method, url, payload === undefined ? {} : raw(payload));
    return { res, payload };
  }

  /**
   * Throws generated bodies at one endpoint. Every answer is judged; after a rejection (and after an
   * accepted request that says it changed nothing) what is stored must be exactly what was there before.
   * `accepted` answers whether the request may have changed stored data.
   */
  async function bombard<T>(method: 'POST' | 'PATCH', url: string, arb: fc.Arbitrary<T>, accepted: (res: LightMyRequestResponse) => boolean) {
    const tally = { accepted: 0, rejected: 0 };
    let before = await stored();
    await fc.assert(
      fc.asyncProperty(arb, async (body) => {
        const { res, payload } = await send(method, url, body);
        if (judge(res, payload) === 'accepted') {
          tally.accepted++;
          if (accepted(res)) {
            before = await stored();
            return;
          }
        } else {
          tally.rejected++;
        }
        expect(await stored(), payload).toEqual(before);
      }),
      runs,
    );
    // The generators must reach both sides of the line, or the property tests only one.
    expect(tally.accepted).toBeGreaterThan(runs.numRuns / 20);
    expect(tally.rejected).toBeGreaterThan(runs.numRuns / 4);
  }

  it('create: no 5xx, every 4xx a problem with a code, and a rejected create stores nothing', async () => {
    await bombard(
      'POST',
      '/api/v1/bespoke',
      bodies(() => customerId),
      (res) => {
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ stage: 'enquiry', reference: expect.stringMatching(/^B-\d{4,}$/) });
        return true;
      },
    );
  });

  it('patch: no 5xx, every 4xx a problem with a code, and a rejected patch changes nothing', async () => {
    const stageBefore = (await stored()).job.stage;
    await bombard(
      'PATCH',
      `/api/v1/bespoke/${jobId}`,
      bodies(() => customerId),
      (res) => {
        expect(res.statusCode).toBe(200);
        // A patch never moves the job.
        expect(res.json().stage).toBe(stageBefore);
        return true;
      },
    );
  });

  it('move: no 5xx, every 4xx a problem with a code, and a rejected move changes nothing', async () => {
    let moved = 0;
    const moves = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.record({ to: stageWord, from: stageWord, note: text }, { requiredKeys: [] }), noUnknownKeysMostly)
          .map(([fields, extra]) => ({ ...extra, ...fields })),
      },
      { weight: 1, arbitrary: fc.jsonValue() },
      { weight: 1, arbitrary: fc.anything() },
    );
    await bombard('POST', `/api/v1/bespoke/${jobId}/stage`, moves, (res) => {
      expect(res.statusCode).toBe(200);
      const answer = res.json();
      expect(answer).toMatchObject({ moved: expect.any(Boolean), job: { id: jobId } });
      if (answer.moved) moved++;
      // A quiet no-op changes nothing, and is held to that like a rejection.
      return answer.moved === true;
    });
    expect(moved).toBeGreaterThan(0);
  });
});
