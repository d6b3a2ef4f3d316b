import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MONEY_CENTS } from '../../domain/money.js';
import { allStages } from '../../domain/pipeline.js';
import { formatReference } from '../../domain/reference.js';
import { estimateOf, repairItemTypes, repairPipeline, repairWorkKinds } from '../../domain/repair-pipeline.js';
import * as bad from '../../testing/bad-input.js';
import { filePart, multipart } from '../../testing/multipart.js';
import { repairUnderTest, stageNearMisses } from '../../testing/pipelines.js';
import type { TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { png } from '../attachments/fixtures.js';

/**
 * Bad input to the repair endpoints gets a clear problem+json answer with a stable code: never a 500,
 * never a stack trace, and nothing already stored is lost or half-written (a repair's work lines are
 * replaced as one list, so a refused edit must leave the old list whole). Each known case is a row
 * below; then fast-check throws generated bodies at create, patch and move.
 */

const base = repairUnderTest.path;
const def = repairPipeline;

let t: TestApp;
let shop: Awaited<ReturnType<TestApp['newShop']>>;
let customerId: string;
/** A repair in `approved` with two work lines and a deposit paid, that the bad requests aim at. */
let jobId: string;
let photo: Buffer;

const resize = { kind: 'resize', description: 'N to P', priceCents: 4_500 };
const polish = { kind: 'polish', priceCents: 2_000 };
const booking = () => ({ customerId, itemType: 'ring', workLines: [resize] });

beforeAll(async () => {
  t = await testApp();
  shop = await t.newShop('Argent & Ash');
  photo = await png();
  customerId = (await shop.client.post('/api/v1/customers', { name: 'Perpetua Lyle', email: 'perpetua@example.test' })).json().id;
  const made = await shop.client.post(base, {
    ...booking(),
    workLines: [resize, polish],
    conditionNotes: 'Stamped 750; light scratches on the shank',
    declaredValueCents: 120_000,
    dueDate: '2027-03-01',
  });
  expect(made.statusCode, made.body).toBe(201);
  jobId = made.json().id;
  expect((await shop.client.post(`${base}/${jobId}/stage`, { to: 'approved' })).statusCode).toBe(200);
  expect((await shop.client.post(`${base}/${jobId}/payments`, { kind: 'deposit', amountCents: 2_000 })).statusCode).toBe(201);
});
afterAll(() => t.close());

const stored = () =>
  bad.storedOf({
    db: t.db,
    client: shop.client,
    shopId: shop.shop.id,
    path: base,
    jobId: () => jobId,
    tables: [repairUnderTest.jobsTable, repairUnderTest.historyTable, 'repair_work_lines', 'payments', 'comments', 'outbox', 'customers', 'attachments'],
  });

const job = (tail = '') => `${base}/${jobId}${tail}`;
const upload = (url: string) => {
  const { body, headers } = multipart([filePart('ring.png', photo, 'image/png')]);
  return shop.client.post(url, body, { headers });
};

/** One bad request, the answer it must get, and (for field errors) exactly the fields it must name. */
interface Refusal {
  label: string;
  send: () => Promise<LightMyRequestResponse>;
  status: number;
  code: string;
  fields?: readonly string[];
  title?: string;
}

const invalid = (label: string, send: Refusal['send'], fields?: readonly string[]): Refusal => ({
  label,
  send,
  status: 422,
  code: 'validation_failed',
  ...(fields ? { fields } : {}),
});
const shown = (value: unknown) => String(JSON.stringify(value)).slice(0, 70);
const onCreate = (over: Record<string, unknown>, fields?: readonly string[]) =>
  invalid(`create with ${shown(over)}`, () => shop.client.post(base, { ...booking(), ...over }), fields);
const onPatch = (body: Record<string, unknown>, fields?: readonly string[]) =>
  invalid(`patch with ${shown(body)}`, () => shop.client.patch(job(), body), fields);
const onMove = (body: Record<string, unknown>, fields?: readonly string[]) =>
  invalid(`move with ${shown(body)}`, () => shop.client.post(job('/stage'), body), fields);

/** Each is refused the same on create and on patch, naming the field. */
const fieldCases: [over: Record<string, unknown>, fields: string[]][] = [
  ...['tiara', 'Ring', 'RING', '', 42, null].map((itemType): [Record<string, unknown>, string[]] => [{ itemType }, ['itemType']]),
  ...[[], 'resize', resize, null, Array(31).fill(resize)].map((workLines): [Record<string, unknown>, string[]] => [{ workLines }, ['workLines']]),
  [{ workLines: [resize, 42] }, ['workLines.1']],
  // Each line may be the largest amount, but their sum is the estimate, an amount too.
  [
    {
      workLines: [
        { ...resize, priceCents: MAX_MONEY_CENTS },
        { ...polish, priceCents: 1 },
      ],
    },
    ['workLines'],
  ],
  ...['engrave', 'Resize', 're-tip', '', null].map((kind): [Record<string, unknown>, string[]] => [
    { workLines: [resize, { kind, priceCents: 100 }] },
    ['workLines.1.kind'],
  ]),
  [{ workLines: [{ priceCents: 100 }] }, ['workLines.0.kind']],
  ...bad.badMoney.map(([, priceCents]): [Record<string, unknown>, string[]] => [{ workLines: [{ kind: 'resize', priceCents }] }, ['workLines.0.priceCents']]),
  [{ workLines: [{ kind: 'resize' }] }, ['workLines.0.priceCents']],
  [{ workLines: [{ ...resize, description: 'd'.repeat(301) }] }, ['workLines.0.description']],
  ...bad.badMoney.map(([, declaredValueCents]): [Record<string, unknown>, string[]] => [{ declaredValueCents }, ['declaredValueCents']]),
  ...bad.badMoney.map(([, finalCents]): [Record<string, unknown>, string[]] => [{ finalCents }, ['finalCents']]),
  ...['yes', 'true', 1, 0, null].map((rush): [Record<string, unknown>, string[]] => [{ rush }, ['rush']]),
  ...bad.badDates.map((dueDate): [Record<string, unknown>, string[]] => [{ dueDate }, ['dueDate']]),
  [{ conditionNotes: 'n'.repeat(5_001) }, ['conditionNotes']],
  [{ conditionNotes: 12 }, ['conditionNotes']],
  [{ conditionNotes: ['scratched'] }, ['conditionNotes']],
  [{ title: 'T'.repeat(201) }, ['title']],
  [{ title: 42 }, ['title']],
  [{ description: 'd'.repeat(10_001) }, ['description']],
  [{ notes: 12 }, ['notes']],
  [{ customerId: 17 }, ['customerId']],
  [{ customerId: 'not-an-id' }, ['customerId']],
  [{ customerId: bad.nobodysId }, ['customerId']],
];

/** Text the database cannot hold (a NUL character), in every field that reaches it. */
const withNul = 'a\u0000b';

const refusals: Refusal[] = [
  ...fieldCases.flatMap(([over, fields]) => [onCreate(over, fields), onPatch(over, fields)]),
  invalid('create with nothing', () => shop.client.post(base, {}), ['customerId', 'itemType', 'workLines']),
  ...['customerId', 'itemType', 'workLines'].map((missing) =>
    invalid(`create without ${missing}`, () => shop.client.post(base, { ...booking(), [missing]: undefined }), [missing]),
  ),

  // A PATCH edits fields; the stage moves only by POST .../stage, and what the server derives is not for the client to say.
  ...[{ stage: 'ready' }, { stage: 'collected', title: 'Renamed on the way' }, { stage: 'approved' }, { stage: 'bogus' }].map((body) =>
    onPatch(body, ['stage']),
  ),
  ...[
    { quotedCents: 1 },
    { reference: 'R-9999' },
    { version: 99 },
    { depositCents: 5 },
    { trackingCode: 'guessable' },
    { shopId: bad.nobodysId },
    { kind: 'bespoke' },
    { heldFromStage: 'intake' },
    { jewelleryType: 'ring' },
    { colour: 'rose' },
  ].map((body) => onPatch(body, Object.keys(body))),

  ...[
    onCreate({ title: `Ring${withNul}` }),
    onCreate({ conditionNotes: withNul }),
    onCreate({ workLines: [{ ...resize, description: withNul }] }),
    onPatch({ notes: withNul }),
    onPatch({ conditionNotes: withNul }),
    onPatch({ workLines: [polish, { ...resize, description: withNul }] }),
    onMove({ to: 'in_progress', note: withNul }),
    invalid(`comment with ${shown(withNul)}`, () => shop.client.post(job('/comments'), { body: withNul })),
    invalid(`payment note with ${shown(withNul)}`, () => shop.client.post(job('/payments'), { kind: 'payment', amountCents: 100, note: withNul })),
  ],

  // Stage words: anything but one of the repair pipeline's own is "Invalid repair stage".
  ...[...stageNearMisses(def), `${def.initial};drop table repair_jobs`].flatMap((word) => [
    { ...onMove({ to: word }), code: 'invalid_stage', title: 'Invalid repair stage' },
    { ...onMove({ to: 'in_progress', from: word }), code: 'invalid_stage', title: 'Invalid repair stage' },
    // An empty filter is no filter (a form's unset select): it lists everything, as it should.
    ...(word === ''
      ? []
      : [
          {
            ...invalid(`list ?stage=${shown(word)}`, () => shop.client.get(`${base}?stage=${encodeURIComponent(word)}`)),
            code: 'invalid_stage',
            title: 'Invalid repair stage',
          },
        ]),
  ]),
  ...[{ to: 5 }, { to: null }, { note: 'why' }].map((body) => ({ ...onMove(body), code: 'invalid_stage', title: 'Invalid repair stage' })),
  onMove({ to: 'in_progress', from: 3 }, ['from']),
  onMove({ to: 'in_progress', note: 'n'.repeat(2_001) }, ['note']),
  ...['maybe', 'TRUE', 'yes'].map((archived) => invalid(`list ?archived=${archived}`, () => shop.client.get(`${base}?archived=${archived}`), ['archived'])),

  // Money taken on the job.
  ...bad.badPaymentAmounts.map((amountCents) =>
    invalid(`payment of ${shown(amountCents)}`, () => shop.client.post(job('/payments'), { kind: 'payment', amountCents }), ['amountCents']),
  ),
  invalid('payment of an unknown kind', () => shop.client.post(job('/payments'), { kind: 'gift', amountCents: 100 }), ['kind']),
  invalid('payment of no kind', () => shop.client.post(job('/payments'), { amountCents: 100 }), ['kind']),
  invalid('payment method of 41 characters', () => shop.client.post(job('/payments'), { kind: 'payment', amountCents: 100, method: 'm'.repeat(41) }), [
    'method',
  ]),
  invalid('payment note of 501 characters', () => shop.client.post(job('/payments'), { kind: 'payment', amountCents: 100, note: 'n'.repeat(501) }), ['note']),
  // The deposit already paid plus the largest amount would be more than any total can show.
  invalid('a payment taking the job past the largest amount', () => shop.client.post(job('/payments'), { kind: 'payment', amountCents: MAX_MONEY_CENTS }), [
    'amountCents',
  ]),
  {
    label: 'a refund of more than was paid',
    send: () => shop.client.post(job('/payments'), { kind: 'refund', amountCents: 2_001 }),
    status: 422,
    code: 'refund_exceeds_paid',
    fields: ['amountCents'],
  },

  ...[{}, { body: '' }, { body: '  \n ' }, { body: 7 }].map((body) =>
    invalid(`comment ${shown(body)}`, () => shop.client.post(job('/comments'), body), ['body']),
  ),
  ...[{ event: 'bogus' }, { event: 'customer_ready', to: 'someone@example.test' }].map((body) =>
    invalid(`re-send ${shown(body)}`, () => shop.client.post(job('/notifications'), body)),
  ),

  // Bodies that are not JSON, not JSON objects, too large, or of another media type.
  ...bad.malformedJson.flatMap(([label, payload]) =>
    (
      [
        ['POST', base],
        ['PATCH', ''],
        ['POST', '/stage'],
        ['POST', '/comments'],
        ['POST', '/payments'],
        ['POST', '/notifications'],
      ] as const
    ).map(([method, tail]) => ({
      label: `${method} ${tail || 'the repair'} with ${label}`,
      send: () => bad.sendBytes(shop.client, method, tail === base ? base : job(tail), payload),
      status: 400,
      code: 'bad_request',
    })),
  ),
  ...['', '/stage'].map((tail) => ({
    label: `an empty JSON body to POST ${tail || base}`,
    send: () => bad.sendBytes(shop.client, 'POST', tail ? job(tail) : base, ''),
    status: 400,
    code: 'bad_request',
  })),
  ...(
    [
      ['POST', base, 'workLines'],
      ['PATCH', '', 'conditionNotes'],
      ['POST', '/stage', 'note'],
      ['POST', '/comments', 'body'],
      ['POST', '/payments', 'note'],
    ] as const
  ).map(([method, tail, field]) => ({
    label: `a 2 MB body to ${method} ${tail || 'the repair'}`,
    send: () => bad.sendBytes(shop.client, method, tail === base ? base : job(tail), bad.overTheLimit(field)),
    status: 413,
    code: 'payload_too_large',
  })),
  ...bad.wrongMediaTypes.flatMap(([contentType, payload]) =>
    (
      [
        ['POST', base],
        ['PATCH', ''],
        ['POST', '/stage'],
      ] as const
    ).map(([method, tail]) => ({
      label: `${contentType} to ${method} ${tail || 'the repair'}`,
      send: () => bad.sendBytes(shop.client, method, tail === base ? base : job(tail), payload, contentType),
      status: 415,
      code: 'unsupported_media_type',
    })),
  ),

  // An id that is not one names nothing: 404, by every method, as for a repair that does not exist.
  ...bad.badIds.flatMap((id) => {
    const at = `${base}/${id}`;
    return [
      ['GET', () => shop.client.get(at)],
      ['PATCH', () => shop.client.patch(at, { conditionNotes: 'x' })],
      ['stage', () => shop.client.post(`${at}/stage`, { to: 'in_progress' })],
      ['comments', () => shop.client.post(`${at}/comments`, { body: 'x' })],
      ['payments', () => shop.client.post(`${at}/payments`, { kind: 'payment', amountCents: 1 })],
      ['notifications', () => shop.client.post(`${at}/notifications`, {})],
      ['attachments', () => upload(`${at}/attachments`)],
      ['slip', () => shop.client.get(`${at}/slip.pdf`)],
      ['envelope', () => shop.client.get(`${at}/envelope.pdf`)],
    ].map(([what, send]): Refusal => ({ label: `${what} for the id ${shown(id)}`, send: send as Refusal['send'], status: 404, code: 'not_found' }));
  }),
];

describe('each known bad request', () => {
  it.each(refusals)('$label: answers $status $code and changes nothing', async ({ send, status, code, fields, title }) => {
    const before = await stored();
    const problem = bad.expectProblem(await send(), status, code);
    if (fields) expect(bad.fieldsNamed(problem)).toEqual(fields);
    if (title) expect(problem.title).toBe(title);
    expect(await stored()).toEqual(before);
  });

  it('names every valid stage when a word is refused', async () => {
    const problem = bad.expectProblem(await shop.client.post(job('/stage'), { to: 'finished' }), 422, 'invalid_stage');
    for (const s of allStages(def)) expect(problem.detail).toContain(s);
  });

  it('answers a 4xx problem, never a 500, for a body that is JSON but no object', async () => {
    const before = await stored();
    for (const payload of bad.notObjects) {
      for (const [method, url] of [
        ['POST', base],
        ['PATCH', job()],
        ['POST', job('/stage')],
        ['POST', job('/comments')],
        ['POST', job('/payments')],
      ] as const) {
        const res = await bad.sendBytes(shop.client, method, url, payload);
        expect(res.statusCode, `${payload}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, payload).toBeLessThan(500);
        bad.expectProblem(res, res.statusCode, res.json().code);
      }
    }
    expect(await stored()).toEqual(before);
  });

  it.each(bad.oddSearches)('?q=%s on the list is a 200 or a 422, never a 500', async (q) => {
    const res = await shop.client.get(`${base}?q=${q}`);
    if (res.statusCode === 200) expect(res.json().items).toEqual(expect.any(Array));
    else bad.expectProblem(res, 422, 'validation_failed');
  });
});

describe('what is refused leaves no trace, and what is near the line is taken', () => {
  it('uses no reference number for a refused booking: the next repair gets the next in the series', async () => {
    const before = await stored();
    bad.expectProblem(await shop.client.post(base, { ...booking(), customerId: bad.nobodysId }), 422, 'validation_failed');
    bad.expectProblem(await shop.client.post(base, { ...booking(), workLines: [{ ...resize, description: withNul }] }), 422, 'validation_failed');
    expect(await stored()).toEqual(before);
    const next = await shop.client.post(base, booking());
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().reference).toBe(formatReference(def.referencePrefix, before.counters + 1));
  });

  it('never lets forged or derived fields on a booking take effect', async () => {
    const forged = {
      ...booking(),
      id: '5d2c6a8e-1b3f-4e7a-9c0d-2f4e6a8b0c1d',
      shopId: shop.shop.id,
      kind: 'bespoke',
      stage: 'ready',
      reference: 'R-9999',
      version: 42,
      trackingCode: 'guessable',
      quotedCents: 1,
      depositCents: 999,
      paidCents: 999,
      createdAt: '2001-01-01T00:00:00Z',
    };
    const res = await shop.client.post(base, forged);
    if (res.statusCode !== 201) {
      bad.expectProblem(res, 422, 'validation_failed');
      return;
    }
    const made = res.json();
    expect(made).toMatchObject({ kind: 'repair', stage: def.initial, version: 1, quotedCents: resize.priceCents, depositCents: 0, paidCents: 0 });
    expect(made.id).not.toBe(forged.id);
    expect(made.reference).not.toBe(forged.reference);
    expect(made.tracking.code).not.toBe(forged.trackingCode);
    expect(made.createdAt).not.toBe(forged.createdAt);
    const detail = (await shop.client.get(`${base}/${made.id}`)).json();
    expect(detail.stages.map((h: { stage: string }) => h.stage)).toEqual([def.initial]);
    expect(detail.notifications).toEqual([]);
  });

  it('takes the largest amounts, zero, thirty lines, a leap day that exists, and a blank title (which it fills in)', async () => {
    const res = await shop.client.post(base, {
      ...booking(),
      title: '   ',
      workLines: [{ ...resize, priceCents: MAX_MONEY_CENTS - 29 }, ...Array.from({ length: 29 }, () => ({ kind: 'other', priceCents: 1 }))],
      declaredValueCents: MAX_MONEY_CENTS,
      finalCents: 0,
      dueDate: '2028-02-29',
      rush: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      title: 'Ring: resize, repair',
      quotedCents: MAX_MONEY_CENTS,
      declaredValueCents: MAX_MONEY_CENTS,
      finalCents: 0,
      dueDate: '2028-02-29',
    });
    expect(res.json().workLines).toHaveLength(30);
    // Every list that shows it still answers.
    expect((await shop.client.get(base)).statusCode).toBe(200);
    expect((await shop.client.get('/api/v1/jobs')).statusCode).toBe(200);
  });

  it('takes a payment up to the largest amount a job can hold, and no further', async () => {
    const made = (await shop.client.post(base, booking())).json();
    expect((await shop.client.post(`${base}/${made.id}/payments`, { kind: 'deposit', amountCents: MAX_MONEY_CENTS })).statusCode).toBe(201);
    const more = await shop.client.post(`${base}/${made.id}/payments`, { kind: 'payment', amountCents: 1 });
    expect(bad.fieldsNamed(bad.expectProblem(more, 422, 'validation_failed'))).toEqual(['amountCents']);
    const detail = await shop.client.get(`${base}/${made.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().financials).toMatchObject({ depositCents: MAX_MONEY_CENTS, paidCents: MAX_MONEY_CENTS });
    expect((await shop.client.get(base)).statusCode).toBe(200);
  });
});

describe('generated bodies (fast-check)', () => {
  // A hundred requests, each with a look at what is stored: longer than one request, on a busy machine.
  const patient = 240_000;
  const customer = () => customerId;

  const aWorkLine = fc.record(
    {
      kind: bad.mostly(fc.constantFrom(...repairWorkKinds), fc.constantFrom('engrave', 'Resize', 're-tip', '')),
      description: bad.someText,
      priceCents: bad.mostly(
        fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 500_000 }) }, { weight: 1, arbitrary: fc.constant(MAX_MONEY_CENTS) }),
        fc.constantFrom(-1, 0.5, MAX_MONEY_CENTS + 1, '100'),
      ),
    },
    { requiredKeys: ['kind', 'priceCents'] },
  );
  // Built inside each test: the customer's id is known only once the shop is open.
  const repairFields = () => ({
    customerId: bad.aCustomerId(customer),
    itemType: bad.mostly(fc.constantFrom(...repairItemTypes), fc.constantFrom('tiara', 'Ring', '')),
    title: bad.mostly(fc.constantFrom('Ring: resize', 'Clasp on the pearls', '  Trimmed  ', ''), fc.constantFrom('x'.repeat(201), '\u0000')),
    workLines: bad.mostly(
      fc.array(aWorkLine, { minLength: 1, maxLength: 3 }),
      fc.oneof(fc.constant([]), fc.array(aWorkLine, { minLength: 31, maxLength: 31 })),
    ),
    description: bad.someText,
    conditionNotes: bad.someText,
    declaredValueCents: bad.anAmount,
    dueDate: bad.aDate,
    finalCents: bad.anAmount,
    rush: bad.mostly(fc.boolean(), fc.constantFrom('true', 1, 0)),
    notes: bad.someText,
  });
  type Line = { priceCents: number };
  const estimated = (answer: { quotedCents: number; workLines: Line[] }) => expect(answer.quotedCents).toBe(estimateOf(answer.workLines));

  /** Generated bodies at one endpoint: what it takes must be a repair whose estimate is the sum of its lines. */
  const bodiesAt = (method: 'POST' | 'PATCH', url: string, required: readonly string[], check: (answer: Record<string, unknown>) => void) =>
    bad.bombard({
      client: shop.client,
      method,
      url,
      bodies: bad.bodiesOf(repairFields(), required),
      stored,
      accepted: (res) => {
        expect(res.statusCode).toBe(method === 'POST' ? 201 : 200);
        const answer = res.json();
        check(answer);
        estimated(answer);
        return true;
      },
    });

  it(
    'create: no 5xx, every 4xx a problem with a code, and a rejected booking stores nothing',
    () =>
      bodiesAt('POST', base, ['customerId', 'itemType', 'workLines'], (answer) =>
        expect(answer).toMatchObject({ kind: 'repair', stage: def.initial, reference: expect.stringMatching(/^R-\d{4,}$/), title: expect.any(String) }),
      ),
    patient,
  );

  it(
    'patch: no 5xx, every 4xx a problem with a code, and a rejected edit changes nothing (work lines included)',
    async () => {
      const stageBefore = (await stored()).job.stage;
      // An edit never moves the repair.
      await bodiesAt('PATCH', job(), [], (answer) => expect(answer.stage).toBe(stageBefore));
    },
    patient,
  );

  it(
    'move: no 5xx, every 4xx a problem with a code, and a rejected move changes nothing',
    () => bad.bombardMoves({ client: shop.client, url: job('/stage'), jobId, stages: allStages(def), stored }),
    patient,
  );
});
