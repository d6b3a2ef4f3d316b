import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../db/client.js';
import { MAX_MONEY_CENTS } from '../domain/money.js';
import { rowsOf } from './sql.js';
import type { Client } from './test-app.js';

/**
 * What the bad-input tests of every pipeline share: how a refusal must look, what the shop has
 * stored (to show a refusal changed nothing), the bad values worth sending, and fast-check's
 * generators and loop for bodies nobody thought of.
 */

/** Every code a refusal of bad input may carry. */
export const inputCodes: ReadonlySet<string> = new Set([
  'bad_request',
  'validation_failed',
  'invalid_stage',
  'stage_conflict',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'refund_exceeds_paid',
  'memo_item_settled',
  'memo_item_unavailable',
]);

export interface ProblemBody {
  code: string;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** Asserts a well-formed problem answer with no internals in it, and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code });
  expect(body.requestId).toEqual(expect.any(String));
  expect(res.body).not.toMatch(/\bat .+:\d+:\d+|node_modules|Error:/);
  return body;
}

/** The fields named in a problem's errors, each once (one field may carry several messages). */
export const fieldsNamed = (body: Pick<ProblemBody, 'errors'>) => [...new Set((body.errors ?? []).map((e) => e.path))];

/** Sends the bytes exactly as given, under the content type given. */
export const sendBytes = (client: Client, method: InjectOptions['method'], url: string, payload: string | Buffer, contentType = 'application/json') =>
  client.request(method, url, { body: payload, headers: { 'content-type': contentType } });

/** Where one shop's stored data is looked at: its job's API answers, and its rows in the tables named. */
export interface StoredOf {
  db: Database;
  client: Client;
  shopId: string;
  /** The pipeline's API path. */
  path: string;
  jobId: () => string;
  tables: readonly string[];
}

/** What the shop has stored, as the API shows it and as the rows hold it. */
export async function storedOf(at: StoredOf) {
  const counts = sql.join(
    at.tables.map((table) => sql`(select count(*) from ${sql.identifier(table)} where shop_id = ${at.shopId})::int as ${sql.identifier(table)}`),
    sql`, `,
  );
  const [rows] = await rowsOf<Record<string, number>>(
    at.db,
    sql`select ${counts}, (select coalesce(sum(last_value), 0) from shop_counters where shop_id = ${at.shopId})::int as counters`,
  );
  if (!rows) throw new Error('no counts');
  const job = await at.client.get(`${at.path}/${at.jobId()}`);
  const list = await at.client.get(`${at.path}?archived=true`);
  expect(job.statusCode, job.body).toBe(200);
  expect(list.statusCode, list.body).toBe(200);
  return { job: job.json(), listed: list.json().items.length as number, rows, counters: rows.counters ?? 0 };
}

// Values worth sending, by what they should be.

export const malformedJson: readonly (readonly [label: string, payload: string])[] = [
  ['a truncated object', '{"customerId": '],
  ['a trailing comma', '{"title": "Ring",}'],
  ['single quotes', "{'title': 'Ring'}"],
  ['bare words', 'title=Ring'],
  ['an unterminated string', '"Ring'],
];
/** JSON that parses, but is no object. */
export const notObjects = ['null', '[]', '42', '"a title"', 'true'];
export const wrongMediaTypes: readonly (readonly [contentType: string, payload: string])[] = [
  ['text/plain', 'title=Ring'],
  ['application/x-www-form-urlencoded', 'title=Ring&customerId=x'],
  ['application/xml', '<job><title>Ring</title></job>'],
];
/** More than the JSON body limit (1 MiB) allows. */
export const overTheLimit = (field: string) => JSON.stringify({ [field]: 'x'.repeat(2 * 1024 * 1024) });

export const badMoney: readonly (readonly [label: string, value: number | string])[] = [
  ['negative', -1],
  ['negative large', -250_000],
  ['fractional', 12.5],
  ['a tiny fraction', 100.000001],
  ['too large', MAX_MONEY_CENTS + 1],
  ['beyond a safe integer', 2 ** 53 + 2],
  ['beyond a bigint', 1e21],
  ['a string', '12500'],
];
export const badPaymentAmounts = [-100, 0, 99.5, MAX_MONEY_CENTS + 1, '100'];
export const badDates = [
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  'tomorrow',
  '2026-1-1',
  '01/03/2027',
  '2027-03-01T00:00:00Z',
  '',
];
export const badIds = [
  'abc',
  '123',
  'R-0001',
  `${'0'.repeat(8)}-0000-0000-0000-00000000000g`,
  '3f0c2b1e-8a4d-4c1b-9e2f-7a6b5c4d3e2f0',
  '%00',
  "1'%20or%20'1'='1",
];
export const oddSearches = ['%00', '%25%5F%5C', 'x'.repeat(201), "' or 1=1 --", '%F0%9F%92%8D'];
/** A uuid nothing has. */
export const nobodysId = '3f0c2b1e-8a4d-4c1b-9e2f-7a6b5c4d3e2f';

// Generated bodies (fast-check).

/** A fixed seed, so that "both sides of the line were reached" never rests on one run's luck; FC_SEED explores others. */
export const propertyRuns = { numRuns: 100, seed: Number(process.env.FC_SEED ?? 20_261_127) };

/** A body as it goes over the wire; values JSON cannot carry are dropped by JSON.stringify, as a client would. */
export function onTheWire(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

export const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Mostly a valid value, sometimes a near miss, sometimes junk: so that generated bodies land on both sides of the line. */
export const mostly = <T, U>(valid: fc.Arbitrary<T>, nearMiss: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 14, arbitrary: valid }, { weight: 1, arbitrary: nearMiss }, { weight: 1, arbitrary: junk });

export const anAmount = mostly(
  fc.oneof(fc.integer({ min: 0, max: MAX_MONEY_CENTS }), fc.constant(null)),
  fc.constantFrom(-1, 0.5, 12.25, MAX_MONEY_CENTS + 1, 2 ** 53, -(2 ** 31), 1e300, '100'),
);
export const aDate = mostly(
  fc.oneof(
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.constant(null),
  ),
  fc.constantFrom('2026-02-30', '2026-13-01', 'tomorrow', '2026-02-29', '0000-00-00', '9999-99-99', '2026-1-1'),
);
export const someText = mostly(
  fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constant(null)),
  fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('x'.repeat(10_001), '\u0000')),
);
export const aStageWord = (stages: readonly string[]) =>
  mostly(fc.constantFrom(...stages), fc.oneof(fc.constantFrom('READY', 'finished', '', 'on hold', ` ${stages[1] ?? ''}`), fc.string({ maxLength: 12 })));
/** A customer id: mostly the one given, sometimes one that does not exist or is no id at all. */
export const aCustomerId = (customer: () => string) =>
  mostly(fc.constant(null).map(customer), fc.constantFrom(nobodysId, 'not-a-uuid', '', customer().toUpperCase()));

/** Now and then keys no request takes, or keys that are the server's to set. */
const sometimesExtraKeys = fc.oneof(
  { weight: 5, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.oneof(fc.constantFrom('stage', 'shopId', 'id', 'version', 'reference', 'depositCents', '__proto__', 'constructor'), fc.string({ maxLength: 10 })),
      fc.jsonValue({ maxDepth: 1 }),
      { maxKeys: 2 },
    ),
  },
);

/** Bodies for one endpoint: records of its fields (with the required ones, or any of them), sometimes with extra keys, sometimes anything at all. */
export function bodiesOf(fields: Record<string, fc.Arbitrary<unknown>>, requiredKeys: readonly string[]) {
  const nearValid = fc
    .tuple(fc.oneof(fc.record(fields, { requiredKeys: [...requiredKeys] }), fc.record(fields, { requiredKeys: [] })), sometimesExtraKeys)
    .map(([body, extra]) => ({ ...extra, ...body }));
  return fc.oneof({ weight: 3, arbitrary: nearValid }, { weight: 1, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.anything() });
}

/** The answer to any request, good or bad: never 5xx, and every 4xx a problem with a known code. */
export function judge(res: LightMyRequestResponse, sent: string | undefined): 'accepted' | 'rejected' {
  expect(res.statusCode, `${sent} -> ${res.body}`).toBeLessThan(500);
  if (res.statusCode < 300) return 'accepted';
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.headers['content-type'], sent).toMatch(/^application\/problem\+json/);
  const problem = res.json();
  expect(problem.status).toBe(res.statusCode);
  expect(inputCodes, `${sent} -> ${res.body}`).toContain(problem.code);
  return 'rejected';
}

export interface Bombardment<T> {
  client: Client;
  method: 'POST' | 'PATCH';
  url: string;
  bodies: fc.Arbitrary<T>;
  stored: () => Promise<unknown>;
  /** Checks an accepted answer, and says whether it may have changed what is stored. */
  accepted: (res: LightMyRequestResponse) => boolean;
}

/**
 * Throws generated bodies at one endpoint. Every answer is judged; after a rejection (and after an
 * accepted request that says it changed nothing) what is stored must be exactly what was there before.
 */
export async function bombard<T>(b: Bombardment<T>) {
  const tally = { accepted: 0, rejected: 0 };
  let before = await b.stored();
  await fc.assert(
    fc.asyncProperty(b.bodies, async (body) => {
      const payload = onTheWire(body);
      const res = await b.client.request(b.method, b.url, payload === undefined ? {} : { body: payload, headers: { 'content-type': 'application/json' } });
      if (judge(res, payload) === 'accepted') {
        tally.accepted++;
        if (b.accepted(res)) {
          before = await b.stored();
          return;
        }
      } else {
        tally.rejected++;
      }
      expect(await b.stored(), payload).toEqual(before);
    }),
    propertyRuns,
  );
  // The generators must reach both sides of the line, or the property tests only one.
  expect(tally.accepted).toBeGreaterThan(propertyRuns.numRuns / 20);
  expect(tally.rejected).toBeGreaterThan(propertyRuns.numRuns / 4);
}

/**
 * Throws generated move bodies (stage words mostly of the pipeline's own) at one job. A move that
 * lands may change what is stored; a quiet no-op is held to "nothing changed" like a rejection.
 */
export async function bombardMoves(at: { client: Client; url: string; jobId: string; stages: readonly string[]; stored: () => Promise<unknown> }) {
  let moved = 0;
  await bombard({
    client: at.client,
    method: 'POST',
    url: at.url,
    bodies: bodiesOf({ to: aStageWord(at.stages), from: aStageWord(at.stages), note: someText }, []),
    stored: at.stored,
    accepted: (res) => {
      expect(res.statusCode).toBe(200);
      const answer = res.json();
      expect(answer).toMatchObject({ moved: expect.any(Boolean), job: { id: at.jobId } });
      if (answer.moved) moved++;
      return answer.moved === true;
    },
  });
  expect(moved).toBeGreaterThan(0);
}
