import { randomUUID } from 'node:crypto';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { type SQL, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../db/client.js';
import { OutboundGuard } from '../net/outbound-guard.js';
import { filePart, multipart } from '../testing/multipart.js';
import { mainLine, type PipelineUnderTest, pipelinesUnderTest } from '../testing/pipelines.js';
import { rowsOf } from '../testing/sql.js';
import { type Client, ORIGIN, type TestApp, testApp } from '../testing/test-app.js';
import { png } from './attachments/fixtures.js';

/**
 * Two shops on one database. Shop B tries every door into shop A's data: through the API (each
 * answers 404, exactly as for a record that does not exist, and nothing of A's changes), and
 * underneath the application, inside B's tenant transaction with no shop filter at all (row-level
 * security hides, protects and refuses A's rows).
 */

let t: TestApp;
type Shop = Awaited<ReturnType<TestApp['newShop']>>;
let shopA: Shop;
let shopB: Shop;

interface Job {
  id: string;
  reference: string;
  title: string;
  stage: string;
  customer: { id: string };
  payments: { id: string }[];
}

/** One pipeline's records of a shop's: a job in work (money, a comment and a photo on it), and one walked through ready to the archive. */
interface PipelineRecords {
  job: Job;
  archivedJob: Job;
  attachmentId: string;
}

/** A's records. */
const a = {
  customerId: '',
  customerName: 'Ottoline Vandersteen',
  customerEmail: 'ottoline.vandersteen@example.test',
  customerPhone: '+447400417417',
  /** By pipeline kind. */
  of: {} as Record<string, PipelineRecords>,
  passportId: '',
  /** A web enquiry to the shop, with a picture and a reply. */
  enquiry: { id: '', imageId: '' },
  /** A memo parcel (overdue), one stone linked to the bespoke job and one sold. */
  memo: { id: '', itemId: '', contactId: '' },
  /** An invitation to join A's staff, not yet taken up. */
  inviteId: '',
  /** The bespoke ones, which the bare-SQL checks below name. */
  job: undefined as unknown as Job,
  archivedJob: undefined as unknown as Job,
};
/** B's records, so that every RLS check also shows B still sees its own rows. */
const b = {
  customerId: '',
  passportId: '',
  of: {} as Record<string, PipelineRecords>,
  enquiry: { id: '', imageId: '' },
  memo: { id: '', itemId: '', contactId: '' },
  appointmentId: '',
  feedPath: '',
  inviteId: '',
};
/** A's appointment (with A's first pipeline's job and A's owner) and A's calendar feed address. */
const aCalendar = { appointmentId: '', feedPath: '' };
/** A's calendar sync: a CalDAV calendar, and a Google consent under way (the state Google would hand back). */
const aSync = { caldavUrl: 'https://caldav.vandersteen.example/calendars/ottoline/workshop/', googleState: '' };

let photo: Buffer;

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

const uploadTo = (c: Client, path: string, id: string) => {
  const { body, headers } = multipart([filePart('ring.png', photo, 'image/png'), { name: 'caption', value: 'Scratch on the shank' }]);
  return c.post(`${path}/${id}/attachments`, body, { headers });
};

async function populatePipeline(c: Client, p: PipelineUnderTest, customerId: string, title: string): Promise<PipelineRecords> {
  const line = mainLine(p.def);
  const made: Job = ok(await c.post(p.path, { ...p.newJob(customerId), title, dueDate: '2027-02-14', notes: 'Private note' }), 201);
  ok(await c.post(`${p.path}/${made.id}/stage`, { to: line.at(1) }));
  ok(await c.post(`${p.path}/${made.id}/payments`, { kind: 'deposit', amountCents: 1_200, method: 'card' }), 201);
  ok(await c.post(`${p.path}/${made.id}/stage`, { to: line.late, from: line.at(1) }));
  ok(await c.post(`${p.path}/${made.id}/comments`, { body: 'Customer prefers a knife-edge band' }), 201);
  const attachmentId: string = ok(await uploadTo(c, p.path, made.id), 201).id;
  // A second job walked to ready (one outbox row) and then collected: it lives in the archive.
  const archived: Job = ok(await c.post(p.path, { ...p.newJob(customerId), title: `${title} (archived)` }), 201);
  ok(await c.post(`${p.path}/${archived.id}/payments`, { kind: 'payment', amountCents: 900 }), 201);
  ok(await c.post(`${p.path}/${archived.id}/stage`, { to: p.def.ready }));
  ok(await c.post(`${p.path}/${archived.id}/stage`, { to: line.at(line.readyAt + 1), from: p.def.ready }));
  return { job: ok(await c.get(`${p.path}/${made.id}`)), archivedJob: ok(await c.get(`${p.path}/${archived.id}`)), attachmentId };
}

/** A web enquiry sent through the shop's public form (its proof of work solved here), with a picture, then answered. */
async function populateEnquiry(shop: Shop, name: string) {
  const { slug } = ok(await shop.client.get('/api/v1/settings/enquiries')) as { slug: string };
  const challenge = ok(await t.anonymous.get(`/enquire/${slug}/challenge`)) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  const altcha = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  const fields = {
    name,
    email: `${name.split(' ')[0]?.toLowerCase()}@example.test`,
    topic: 'bespoke',
    description: 'Sapphire halo, please',
    budget: 'unsure',
    consent: 'on',
    altcha,
  };
  const { body, headers } = multipart([
    ...Object.entries(fields).map(([k, value]) => ({ name: k, value })),
    { name: 'images', fileName: 'idea.png', bytes: photo, type: 'image/png' },
  ]);
  const sent = await t.app.inject({ method: 'POST', url: `/enquire/${slug}`, payload: body, headers: { ...headers, origin: ORIGIN } });
  expect(sent.statusCode, sent.body).toBe(303);
  const id: string = ok(await shop.client.get('/api/v1/enquiries')).items[0].id;
  const detail = ok(await shop.client.post(`/api/v1/enquiries/${id}/replies`, { body: 'Thank you; when can you come in?' }), 201);
  return { id, imageId: detail.images[0].id as string };
}

async function populate(shop: Shop, customer: { name: string; email: string; phone: string }, title: string) {
  const customerId: string = ok(await shop.client.post('/api/v1/customers', customer), 201).id;
  const of: Record<string, PipelineRecords> = {};
  for (const p of pipelinesUnderTest) of[p.def.kind] = await populatePipeline(shop.client, p, customerId, title);
  // A provenance passport of the collected bespoke piece, with a stone, its history and an open transfer code.
  const collected = of.bespoke?.archivedJob.id;
  const passport = ok(
    await shop.client.post('/api/v1/passports', { jobId: collected, title, owner: { name: customer.name }, stones: [{ kind: 'Sapphire', carat: 1.1 }] }),
    201,
  );
  ok(await shop.client.post(`/api/v1/passports/${passport.id}/transfer-code`), 201);
  // A repair linked to it (its collection will add "repaired"), and the certificate e-mailed with its PDF.
  const repair = of.repair?.job.id;
  if (repair) ok(await shop.client.post(`/api/v1/passports/${passport.id}/jobs`, { jobId: repair }), 201);
  ok(await shop.client.patch(`/api/v1/passports/${passport.id}`, { ownerContact: customer.email }));
  ok(await shop.client.post(`/api/v1/passports/${passport.id}/certificate-email`, {}), 202);
  return { customerId, of, passportId: passport.id as string };
}

/** A memo parcel taken in from a vendor, due back already, with a stone linked to the job and another sold. */
async function populateMemo(shop: Shop, jobId: string, vendor: string) {
  const memo = ok(
    await shop.client.post('/api/v1/memos', {
      direction: 'in',
      contact: { name: vendor, email: 'vendor@example.test' },
      receivedOn: '2026-11-01',
      dueBackOn: '2026-11-15',
      items: [
        { kind: 'stone', stoneType: 'Sapphire', carat: 1.2, certificateLab: 'GRS', certificateNumber: `GRS-${vendor.length}`, costCents: 400_000 },
        { kind: 'stone', stoneType: 'Diamond', carat: 0.3, costCents: 50_000 },
      ],
    }),
    201,
  );
  ok(await shop.client.post(`/api/v1/bespoke/${jobId}/memo-items/${memo.items[0].id}`), 201);
  ok(await shop.client.post(`/api/v1/memos/${memo.id}/items/${memo.items[1].id}/reconcile`, { outcome: 'sold' }));
  return { id: memo.id as string, itemId: memo.items[0].id as string, contactId: memo.contact.id as string };
}

/** An appointment about a job, with the owner, and the owner's calendar feed. */
async function populateCalendar(shop: Shop, customerId: string, jobId: string) {
  const appointmentId: string = ok(
    await shop.client.post('/api/v1/appointments', {
      kind: 'fitting',
      customerId,
      jobId,
      staffId: shop.user.id,
      startsAt: '2027-02-10T11:00:00Z',
      durationMinutes: 30,
      note: 'Private fitting note',
    }),
    201,
  ).id;
  const feedPath = new URL(ok(await shop.client.post('/api/v1/calendar/feed', {}), 201).url).pathname;
  return { appointmentId, feedPath };
}

/** An invitation to join the shop's staff, sent and not yet taken up. */
async function populateInvite(shop: Shop, name: string) {
  return ok(await shop.client.post('/api/v1/staff/invites', { name, email: `invitee-${randomUUID()}@example.test`, role: 'staff' }), 201).id as string;
}

/** The shop's calendar sync: a CalDAV calendar saved (its due dates and appointment queued for it). */
async function populateCalendarSync(shop: Shop, url: string, username: string) {
  ok(await shop.client.request('PUT', '/api/v1/settings/calendar-sync/caldav', { body: { url, username, password: `${username}-app-password` } }));
}

const recordsOf = (shop: { of: Record<string, PipelineRecords> }, p: PipelineUnderTest): PipelineRecords => {
  const records = shop.of[p.def.kind];
  if (!records) throw new Error(`no ${p.def.kind} records`);
  return records;
};

beforeAll(async () => {
  t = await testApp({ enquiries: { difficulty: { cost: 10, maxCounter: 50, ttlSeconds: 600 } } });
  photo = await png();
  shopA = await t.newShop('Vandersteen Fine Jewellery');
  shopB = await t.newShop('Bramble & Burr');
  const made = await populate(shopA, { name: a.customerName, email: a.customerEmail, phone: a.customerPhone }, 'Sapphire halo with pavé shoulders');
  Object.assign(a, made, { job: made.of.bespoke?.job, archivedJob: made.of.bespoke?.archivedJob });
  Object.assign(b, await populate(shopB, { name: 'Gideon Marsh', email: 'gideon.marsh@example.test', phone: '+447400123123' }, 'Signet ring, oval face'));
  a.enquiry = await populateEnquiry(shopA, 'Ottoline Vandersteen');
  b.enquiry = await populateEnquiry(shopB, 'Gideon Marsh');
  a.inviteId = await populateInvite(shopA, 'Percival Vandersteen');
  b.inviteId = await populateInvite(shopB, 'Hester Marsh');
  a.memo = await populateMemo(shopA, a.job.id, 'Vandersteen Sapphire Traders');
  b.memo = await populateMemo(shopB, b.of.bespoke?.job.id ?? '', 'Marsh Gems');
  Object.assign(aCalendar, await populateCalendar(shopA, a.customerId, a.job.id));
  Object.assign(b, await populateCalendar(shopB, b.customerId, b.of.bespoke?.job.id ?? ''));
  // Google is configured (no call leaves the process: the consent address is made locally).
  t.deps.calendarSync = {
    guard: new OutboundGuard(),
    google: {
      clientId: 'isolation-client',
      clientSecret: 'isolation-secret',
      authUrl: 'https://accounts.example/auth',
      tokenUrl: 'https://accounts.example/token',
      apiRoot: 'https://calendar.example/',
    },
  };
  await populateCalendarSync(shopA, aSync.caldavUrl, 'ottoline');
  await populateCalendarSync(shopB, 'https://caldav.bramble.example/calendars/gideon/', 'gideon');
  aSync.googleState = new URL(ok(await shopA.client.post('/api/v1/settings/calendar-sync/google/connect')).url).searchParams.get('state') ?? '';
});
afterAll(() => t.close());

/** Every shop-owned table, the column naming its shop, and the key that picks out one row. */
const tables = [
  { name: 'shops', shopColumn: 'id', key: 'id' },
  { name: 'users', shopColumn: 'shop_id', key: 'id' },
  { name: 'sessions', shopColumn: 'shop_id', key: 'id' },
  { name: 'staff_invites', shopColumn: 'shop_id', key: 'id' },
  { name: 'customers', shopColumn: 'shop_id', key: 'id' },
  { name: 'jobs', shopColumn: 'shop_id', key: 'id' },
  { name: 'job_stages', shopColumn: 'shop_id', key: 'id' },
  { name: 'bespoke_details', shopColumn: 'shop_id', key: 'job_id' },
  { name: 'repair_details', shopColumn: 'shop_id', key: 'job_id' },
  { name: 'repair_work_lines', shopColumn: 'shop_id', key: 'id' },
  { name: 'appraisal_details', shopColumn: 'shop_id', key: 'job_id' },
  { name: 'appraisal_stones', shopColumn: 'shop_id', key: 'id' },
  { name: 'attachments', shopColumn: 'shop_id', key: 'id' },
  { name: 'comments', shopColumn: 'shop_id', key: 'id' },
  { name: 'payments', shopColumn: 'shop_id', key: 'id' },
  { name: 'outbox', shopColumn: 'shop_id', key: 'id' },
  { name: 'shop_counters', shopColumn: 'shop_id', key: 'kind' },
  { name: 'passports', shopColumn: 'shop_id', key: 'id' },
  { name: 'passport_keys', shopColumn: 'shop_id', key: 'kid' },
  { name: 'passport_stones', shopColumn: 'shop_id', key: 'passport_id' },
  { name: 'passport_events', shopColumn: 'shop_id', key: 'passport_id' },
  { name: 'passport_owners', shopColumn: 'shop_id', key: 'passport_id' },
  { name: 'passport_transfers', shopColumn: 'shop_id', key: 'id' },
  { name: 'passport_job_links', shopColumn: 'shop_id', key: 'job_id' },
  { name: 'outbox_attachments', shopColumn: 'shop_id', key: 'outbox_id' },
  { name: 'enquiries', shopColumn: 'shop_id', key: 'id' },
  { name: 'enquiry_images', shopColumn: 'shop_id', key: 'id' },
  { name: 'enquiry_replies', shopColumn: 'shop_id', key: 'id' },
  { name: 'enquiry_challenges', shopColumn: 'shop_id', key: 'challenge_id' },
  { name: 'appointments', shopColumn: 'shop_id', key: 'id' },
  { name: 'calendar_feeds', shopColumn: 'shop_id', key: 'id' },
  { name: 'calendar_connections', shopColumn: 'shop_id', key: 'provider' },
  { name: 'calendar_sync_queue', shopColumn: 'shop_id', key: 'subject_id' },
  { name: 'memo_contacts', shopColumn: 'shop_id', key: 'id' },
  { name: 'memos', shopColumn: 'shop_id', key: 'id' },
  { name: 'memo_items', shopColumn: 'shop_id', key: 'id' },
] as const;
type Table = { name: string; shopColumn: string; key: string };

/** The old per-pipeline tables' names, now read-only views over `jobs`: reporting tools read them as the app role. */
const views = [
  { name: 'bespoke_jobs', shopColumn: 'shop_id', key: 'id' },
  { name: 'bespoke_job_stages', shopColumn: 'shop_id', key: 'id' },
  { name: 'repair_jobs', shopColumn: 'shop_id', key: 'id' },
  { name: 'repair_job_stages', shopColumn: 'shop_id', key: 'id' },
] as const;

const ident = (name: string) => sql.identifier(name);

/** Everything of one shop's, read as the owner (no row-level security): the before-and-after picture. */
async function everythingOf(shopId: string) {
  const out: Record<string, unknown[]> = {};
  for (const tb of tables) {
    out[tb.name] = await rowsOf(t.db, sql`select * from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopId} order by ${ident(tb.key)}`);
  }
  return out;
}

/** A's records as A's own staff see them through the API. */
async function aAsSeenByA() {
  const c = shopA.client;
  const seen: Record<string, unknown> = {
    customer: ok(await c.get(`/api/v1/customers/${a.customerId}`)),
    hub: ok(await c.get('/api/v1/jobs?archived=true')),
    calendar: ok(await c.get('/api/v1/calendar?from=2027-01-15&to=2027-03-15')),
    feed: (await c.get(aCalendar.feedPath)).body.replace(/^DTSTAMP:.*$/gm, ''),
  };
  for (const p of pipelinesUnderTest) {
    const { job, archivedJob, attachmentId } = recordsOf(a, p);
    seen[p.def.kind] = {
      job: ok(await c.get(`${p.path}/${job.id}`)),
      archivedJob: ok(await c.get(`${p.path}/${archivedJob.id}`)),
      board: ok(await c.get(`${p.path}?archived=true`)),
      photo: (await c.get(`/api/v1/attachments/${attachmentId}/file?variant=original`)).rawPayload.toString('base64'),
    };
  }
  return seen;
}

/** The answer for a record that does not exist anywhere, with the parts that vary per request removed. */
const comparable = (res: LightMyRequestResponse) => {
  const { requestId: _r, instance: _i, ...rest } = res.json() as Record<string, unknown>;
  return rest;
};

function expectNotFound(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(404);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status: 404, code: 'not_found', type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(res.body).not.toMatch(/stack|at .*\.ts:\d+/);
  return body;
}

/** What one attempt aims at: a pipeline, and the ids of a job of it, its customer and a photo on it. */
interface Target {
  p: PipelineUnderTest;
  job: string;
  customer: string;
  attachment: string;
  payment: string;
}
const aTarget = (p: PipelineUnderTest, which: 'job' | 'archivedJob'): Target => {
  const records = recordsOf(a, p);
  const payment = records[which].payments[0]?.id;
  if (!payment) throw new Error('a job with no payment');
  return { p, job: records[which].id, customer: a.customerId, attachment: records.attachmentId, payment };
};
const nobodysTarget = (p: PipelineUnderTest): Target => ({ p, job: randomUUID(), customer: randomUUID(), attachment: randomUUID(), payment: randomUUID() });

describe("shop B's session, through the API", () => {
  type Attempt = [label: string, call: (c: Client, at: Target) => Promise<LightMyRequestResponse>];
  const jobUrl = (at: Target, tail = '') => `${at.p.path}/${at.job}${tail}`;
  const attempts: Attempt[] = [
    ['GET a customer', (c, at) => c.get(`/api/v1/customers/${at.customer}`)],
    ['PATCH a customer', (c, at) => c.patch(`/api/v1/customers/${at.customer}`, { name: 'Taken over', notes: 'B was here' })],
    ["POST a merge of A's customer into B's", (c, at) => c.post(`/api/v1/customers/${at.customer}/merge`, { intoId: b.customerId })],
    ["POST a merge of B's customer into A's", (c, at) => c.post(`/api/v1/customers/${b.customerId}/merge`, { intoId: at.customer })],
    ['GET a job', (c, at) => c.get(jobUrl(at))],
    ['PATCH a job', (c, at) => c.patch(jobUrl(at), { title: 'Taken over', notes: 'B was here', dueDate: '2027-01-01' })],
    ['PATCH a job onto its own customer', (c, at) => c.patch(jobUrl(at), { customerId: b.customerId })],
    ['POST a stage move', (c, at) => c.post(jobUrl(at, '/stage'), { to: at.p.def.ready })],
    ['POST a stage move with from', (c, at) => c.post(jobUrl(at, '/stage'), { to: mainLine(at.p.def).later, from: mainLine(at.p.def).late, note: 'rework' })],
    ['POST a move to where it already is', (c, at) => c.post(jobUrl(at, '/stage'), { to: mainLine(at.p.def).late })],
    ['POST a comment', (c, at) => c.post(jobUrl(at, '/comments'), { body: 'Hello from another shop' })],
    ['POST a payment', (c, at) => c.post(jobUrl(at, '/payments'), { kind: 'payment', amountCents: 500 })],
    ['POST a refund', (c, at) => c.post(jobUrl(at, '/payments'), { kind: 'refund', amountCents: 100 })],
    ['POST a void of its payment', (c, at) => c.post(jobUrl(at, `/payments/${at.payment}/void`), { reason: 'Taken over' })],
    ['POST a re-send of the customer message', (c, at) => c.post(jobUrl(at, '/notifications'), { event: 'customer_ready' })],
    ['POST a photo', (c, at) => uploadTo(c, at.p.path, at.job)],
    ['GET the take-in slip', (c, at) => c.get(jobUrl(at, '/slip.pdf'))],
    ['GET the job envelope', (c, at) => c.get(jobUrl(at, '/envelope.pdf'))],
    ["GET a photo's file", (c, at) => c.get(`/api/v1/attachments/${at.attachment}/file`)],
    ["GET a photo's original", (c, at) => c.get(`/api/v1/attachments/${at.attachment}/file?variant=original`)],
    ['PATCH a photo', (c, at) => c.patch(`/api/v1/attachments/${at.attachment}`, { caption: 'Taken over', customerVisible: true })],
    ['DELETE a photo', (c, at) => c.delete(`/api/v1/attachments/${at.attachment}`)],
    ['PATCH the due date from the calendar', (c, at) => c.patch(`/api/v1/calendar/jobs/${at.job}/due-date`, { dueDate: '2027-01-01' })],
  ];
  const everyAttempt = pipelinesUnderTest.flatMap((p) => attempts.map(([label, call]) => [p.def.kind, label, p, call] as const));

  it.each(everyAttempt)("%s: %s of shop A's gets 404, the same answer as for no record at all", async (_kind, _label, p, call) => {
    const theirs = expectNotFound(await call(shopB.client, aTarget(p, 'job')));
    const nobodys = await call(shopB.client, nobodysTarget(p));
    expectNotFound(nobodys);
    expect(comparable(await call(shopB.client, aTarget(p, 'job')))).toEqual(comparable(nobodys));
    // Nothing in the answer gives A's record away.
    expect(JSON.stringify(theirs)).not.toMatch(/Ottoline|Sapphire|Vandersteen/);
  });

  it.each(everyAttempt)("%s: %s of shop A's archived job gets 404 too", async (_kind, _label, p, call) => {
    expectNotFound(await call(shopB.client, aTarget(p, 'archivedJob')));
  });

  it("changes nothing of A's: jobs, history, work lines, photos, payments, comments, customer and the rows underneath are identical", async () => {
    const before = { api: await aAsSeenByA(), rows: await everythingOf(shopA.shop.id) };
    for (const p of pipelinesUnderTest) {
      const { job } = before.api[p.def.kind] as { job: { stages: unknown[]; payments: unknown[]; comments: unknown[]; attachments: unknown[] } };
      expect(job.stages).toHaveLength(3);
      expect(job.payments).toHaveLength(1);
      expect(job.comments).toHaveLength(1);
      expect(job.attachments).toHaveLength(1);
    }
    expect(before.rows.repair_work_lines?.length).toBeGreaterThan(0);
    for (const p of pipelinesUnderTest) {
      for (const target of [aTarget(p, 'job'), aTarget(p, 'archivedJob')]) {
        for (const [, call] of attempts) expectNotFound(await call(shopB.client, target));
      }
    }
    const after = { api: await aAsSeenByA(), rows: await everythingOf(shopA.shop.id) };
    expect(after).toEqual(before);
  });

  it.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))("never lists A's %s jobs, whatever the filter", async (_kind, p) => {
    const { job, archivedJob } = recordsOf(a, p);
    const aIds = new Set([job.id, archivedJob.id]);
    const line = mainLine(p.def);
    const queries = [
      p.path,
      `${p.path}?archived=true`,
      `${p.path}?archived=1`,
      `${p.path}?stage=${line.late}`,
      `${p.path}?stage=${line.at(line.readyAt + 1)}`,
      `${p.path}?q=${encodeURIComponent(job.reference)}`,
      `${p.path}?archived=true&q=${encodeURIComponent(archivedJob.reference)}`,
      `${p.path}?archived=true&q=${encodeURIComponent(job.title)}`,
      `${p.path}?archived=true&q=${encodeURIComponent('Sapphire')}`,
      `${p.path}?archived=true&q=${encodeURIComponent(a.customerName)}`,
      '/api/v1/jobs?archived=true',
      `/api/v1/jobs?archived=true&q=${encodeURIComponent(job.reference)}`,
      `/api/v1/jobs?archived=true&q=${encodeURIComponent(a.customerName)}`,
      '/api/v1/jobs?archived=true&dueFrom=2027-02-14&dueTo=2027-02-14',
    ];
    for (const url of queries) {
      const { items } = ok(await shopB.client.get(url)) as { items: Job[] };
      expect(
        items.filter((j) => aIds.has(j.id) || j.customer.id === a.customerId),
        url,
      ).toEqual([]);
    }
    // The searches by A's words find nothing at all in B's shop; B's own search still works.
    for (const q of [job.title, 'Sapphire', a.customerName]) {
      expect(ok(await shopB.client.get(`${p.path}?archived=true&q=${encodeURIComponent(q)}`)).items, q).toEqual([]);
    }
    expect(ok(await shopB.client.get(`${p.path}?archived=true`)).items).toHaveLength(2);
    // The board's cards: B's own two, none of A's.
    const cards = ok(await shopB.client.get(`${p.path}/board?archived=true`)).items as Job[];
    expect(cards.map((j) => j.id).sort()).toEqual(
      ok(await shopB.client.get(`${p.path}?archived=true`))
        .items.map((j: Job) => j.id)
        .sort(),
    );
    // A's board's ETag, sent by B, is not B's: B gets its own cards, never a 304 that would keep A's.
    const aTag = (await shopA.client.get(`${p.path}/board?archived=true`)).headers.etag as string;
    const withA = await shopB.client.get(`${p.path}/board?archived=true`, { headers: { 'if-none-match': aTag } });
    expect(withA.statusCode).toBe(200);
    expect(withA.headers.etag).not.toBe(aTag);
    expect((withA.json().items as Job[]).map((j) => j.id).sort()).toEqual(cards.map((j) => j.id).sort());
    // The same reference exists in both shops (each has its own series): B sees only its own.
    const sameRef = ok(await shopB.client.get(`${p.path}?q=${encodeURIComponent(job.reference)}`)).items as Job[];
    expect(sameRef.map((j) => j.id)).toEqual([recordsOf(b, p).job.id]);
  });

  it("A's passport: B cannot read, list, change, add to, hand on or print it (404), nor issue one from A's job; nothing of A's changes", async () => {
    const c = shopB.client;
    const id = a.passportId;
    const before = { api: ok(await shopA.client.get(`/api/v1/passports/${id}`)), rows: await everythingOf(shopA.shop.id) };
    for (const res of [
      await c.get(`/api/v1/passports/${id}`),
      await c.patch(`/api/v1/passports/${id}`, { visibility: 'private', ownerContact: 'b@example.test' }),
      await c.post(`/api/v1/passports/${id}/events`, { kind: 'reported_stolen' }),
      await c.post(`/api/v1/passports/${id}/transfer-code`),
      await c.get(`/api/v1/passports/${id}/certificate.pdf`),
      await c.get(`/api/v1/passports/draft?jobId=${a.archivedJob.id}`),
      await c.post('/api/v1/passports', { jobId: a.archivedJob.id, title: 'Taken over', owner: { name: 'B' } }),
      await c.post(`/api/v1/passports/${id}/certificate-email`, {}),
      // Linking: A's passport with B's job, B's passport with A's job, and A's link seen or undone.
      await c.post(`/api/v1/passports/${id}/jobs`, { jobId: b.of.repair?.job.id }),
      await c.post(`/api/v1/passports/${b.passportId}/jobs`, { jobId: a.of.repair?.job.id }),
      await c.get(`/api/v1/passports/job-link?jobId=${a.of.repair?.job.id}`),
      await c.delete(`/api/v1/passports/${id}/jobs/${a.of.repair?.job.id}`),
    ])
      expectNotFound(res);
    const listed = ok(await c.get('/api/v1/passports')).items as { id: string }[];
    expect(listed.map((p) => p.id)).toEqual([b.passportId]);
    expect(ok(await c.get(`/api/v1/passports?jobId=${a.archivedJob.id}`)).items).toEqual([]);
    expect({ api: ok(await shopA.client.get(`/api/v1/passports/${id}`)), rows: await everythingOf(shopA.shop.id) }).toEqual(before);
  });

  it("never lists A's customers, by name, e-mail or phone", async () => {
    for (const q of ['', a.customerName, 'Ottoline', a.customerEmail, 'vandersteen', a.customerPhone, '07400 417417', '417417']) {
      const { items } = ok(await shopB.client.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)) as { items: { id: string }[] };
      expect(
        items.map((c) => c.id),
        q,
      ).not.toContain(a.customerId);
      if (q !== '') expect(items, q).toEqual([]);
    }
    const all = ok(await shopB.client.get('/api/v1/customers')).items as { id: string }[];
    expect(all.map((c) => c.id)).toEqual([b.customerId]);
  });

  it("never lists A's customer messages", async () => {
    // A's archived jobs passed through ready, so A has customer-ready messages queued, of both kinds.
    const aIds = new Set(Object.values(a.of).flatMap((r) => [r.job.id, r.archivedJob.id]));
    const mine = ok(await shopA.client.get('/api/v1/notifications')).items as { jobId: string | null; jobKind: string | null }[];
    // ...and the messages about its web enquiry, which belong to no job.
    expect(new Set(mine.map((m) => m.jobKind))).toEqual(new Set([...pipelinesUnderTest.map((p) => p.def.kind), null]));
    const { items } = ok(await shopB.client.get('/api/v1/notifications')) as { items: { jobId: string | null }[] };
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((m) => m.jobId !== null && aIds.has(m.jobId))).toEqual([]);
  });

  it.each([
    ['GET', (c: Client, id: string) => c.get(`/api/v1/appointments/${id}`)],
    ['PATCH', (c: Client, id: string) => c.patch(`/api/v1/appointments/${id}`, { startsAt: '2027-02-11T09:00:00Z', note: 'B was here' })],
    ['DELETE', (c: Client, id: string) => c.delete(`/api/v1/appointments/${id}`)],
  ] as const)("%s of A's appointment gets 404, the same answer as for no appointment at all", async (_m, call) => {
    const theirs = expectNotFound(await call(shopB.client, aCalendar.appointmentId));
    const nobodys = await call(shopB.client, randomUUID());
    expectNotFound(nobodys);
    expect(comparable(await call(shopB.client, aCalendar.appointmentId))).toEqual(comparable(nobodys));
    expect(JSON.stringify(theirs)).not.toMatch(/Ottoline|Sapphire|Vandersteen|fitting note/);
  });

  it("never shows A's due dates or appointments on B's calendar, list or feed, nor takes A's customer, job or staff for B's appointment", async () => {
    const aIds = [...Object.values(a.of).flatMap((r) => [r.job.id, r.archivedJob.id]), aCalendar.appointmentId, a.customerId];
    const cal = ok(await shopB.client.get('/api/v1/calendar?from=2027-01-15&to=2027-03-15'));
    expect(cal.jobs.length).toBeGreaterThan(0);
    expect(cal.appointments.map((x: { id: string }) => x.id)).toEqual([b.appointmentId]);
    const listed = ok(await shopB.client.get(`/api/v1/appointments?from=2027-01-01&to=2027-03-31&customerId=${a.customerId}`));
    expect(listed.items).toEqual([]);
    const feed = (await t.anonymous.get(b.feedPath)).body;
    expect(feed).toContain(b.appointmentId);
    for (const text of [JSON.stringify(cal), feed]) {
      for (const id of aIds) expect(text).not.toContain(id);
      expect(text).not.toMatch(/Ottoline|Sapphire|Vandersteen/);
    }
    const base = { kind: 'fitting', customerId: b.customerId, startsAt: '2027-02-12T10:00:00Z', durationMinutes: 30 };
    for (const [body, path] of [
      [{ ...base, customerId: a.customerId }, 'customerId'],
      [{ ...base, jobId: a.job.id }, 'jobId'],
      [{ ...base, staffId: shopA.user.id }, 'staffId'],
    ] as const) {
      const res = await shopB.client.post('/api/v1/appointments', body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    // B's owner's feed settings are B's: turning B's off leaves A's working.
    expect(ok(await shopB.client.get('/api/v1/calendar/feed')).active).toBe(true);
  });

  it("never shows A's calendar sync settings, and A's Google consent, connection and queue answer 404 or stay A's", async () => {
    const before = await everythingOf(shopA.shop.id);
    const mine = ok(await shopB.client.get('/api/v1/settings/calendar-sync'));
    expect(mine.caldav.url).toBe('https://caldav.bramble.example/calendars/gideon/');
    expect(mine.google.connection).toBeNull();
    const text = JSON.stringify(mine);
    expect(text).not.toMatch(/vandersteen|ottoline/i);
    for (const id of [a.job.id, aCalendar.appointmentId]) expect(text).not.toContain(id);
    // The way back from Google with A's state is no way into A's connection: the same 404 as for no state at all.
    const theirs = await shopB.client.get(`/api/v1/settings/calendar-sync/google/callback?code=stolen&state=${aSync.googleState}`);
    const nobodys = await shopB.client.get('/api/v1/settings/calendar-sync/google/callback?code=stolen&state=nobodys-state');
    expectNotFound(theirs);
    expect(comparable(theirs)).toEqual(comparable(nobodys));
    expectNotFound(await shopB.client.get('/api/v1/settings/calendar-sync/google/calendars'));
    expectNotFound(await shopB.client.request('PUT', '/api/v1/settings/calendar-sync/google', { body: { calendarId: 'primary' } }));
    expectNotFound(await shopB.client.delete('/api/v1/settings/calendar-sync/google'));
    // B's own change queues B's record for B's calendar only.
    ok(await shopB.client.patch(`/api/v1/bespoke/${b.of.bespoke?.job.id}`, { dueDate: '2027-02-14' }));
    expect(await everythingOf(shopA.shop.id)).toEqual(before);
  });

  it("never counts A's jobs in B's reports, nor lists them behind any bar", async () => {
    const period = 'from=2026-01-01&to=2026-12-31';
    const report = ok(await shopB.client.get(`/api/v1/reports?${period}`)) as { figures: { id: string; rows: Record<string, unknown>[] }[] };
    expect(JSON.stringify(report)).not.toMatch(/Ottoline|Sapphire|Vandersteen/);
    const cycle = report.figures.find((f) => f.id === 'cycle');
    const bIds = new Set(Object.values(b.of).flatMap((r) => [r.job.id, r.archivedJob.id]));
    for (const p of pipelinesUnderTest) {
      // Each shop walked one job of each pipeline to ready: B's figure counts its own one only.
      expect(cycle?.rows.find((r) => r.pipeline === p.def.noun.charAt(0).toUpperCase() + p.def.noun.slice(1))?.jobs).toBe(1);
      for (const figure of ['cycle', 'throughput', 'stage_time', 'on_time', 'ready_to_collected', 'balance_owing']) {
        const { items } = ok(await shopB.client.get(`/api/v1/reports/jobs?${period}&figure=${figure}&pipeline=${p.def.kind}`)) as { items: { id: string }[] };
        expect(
          items.filter((j) => !bIds.has(j.id)),
          figure,
        ).toEqual([]);
      }
    }
    const money = ok(await shopB.client.get(`/api/v1/reports/jobs?${period}&figure=money`)) as { items: { id: string }[] };
    expect(money.items.length).toBeGreaterThan(0);
    expect(money.items.filter((j) => !bIds.has(j.id))).toEqual([]);
  });

  it("never lists A's staff", async () => {
    const { items } = ok(await shopB.client.get('/api/v1/staff')) as { items: { id: string }[] };
    expect(items.map((u) => u.id)).toEqual([shopB.user.id]);
  });

  it.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))(
    "refuses to create or re-point a B %s job at A's customer, with a field error on customerId",
    async (_kind, p) => {
      const before = await everythingOf(shopB.shop.id);
      const created = await shopB.client.post(p.path, p.newJob(a.customerId));
      expect(created.statusCode).toBe(422);
      expect(created.headers['content-type']).toContain('application/problem+json');
      expect(created.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'customerId' }] });
      const own = recordsOf(b, p).job.id;
      const repointed = await shopB.client.patch(`${p.path}/${own}`, { customerId: a.customerId });
      expect(repointed.statusCode).toBe(422);
      expect(repointed.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'customerId' }] });
      // Not even B's reference counter moved.
      expect(await everythingOf(shopB.shop.id)).toEqual(before);
      expect(ok(await shopB.client.get(`${p.path}/${own}`)).customer.id).toBe(b.customerId);
    },
  );
});

describe("shop B's session on A's web enquiries", () => {
  type Attempt = [label: string, call: (c: Client, at: { id: string; imageId: string }) => Promise<LightMyRequestResponse>];
  const attempts: Attempt[] = [
    ['GET an enquiry', (c, at) => c.get(`/api/v1/enquiries/${at.id}`)],
    ['POST a status', (c, at) => c.post(`/api/v1/enquiries/${at.id}/status`, { status: 'spam' })],
    ['POST a reply', (c, at) => c.post(`/api/v1/enquiries/${at.id}/replies`, { body: 'Hello from another shop' })],
    ['POST a convert', (c, at) => c.post(`/api/v1/enquiries/${at.id}/convert`, { kind: 'bespoke' })],
    ['POST a convert onto its own customer', (c, at) => c.post(`/api/v1/enquiries/${at.id}/convert`, { kind: 'bespoke', customerId: b.customerId })],
    ["GET an enquiry's picture", (c, at) => c.get(`/api/v1/enquiries/${at.id}/images/${at.imageId}`)],
    ["GET an enquiry's picture through its own enquiry", (c, at) => c.get(`/api/v1/enquiries/${b.enquiry.id}/images/${at.imageId}?variant=thumb`)],
  ];

  it.each(attempts)("%s of shop A's gets 404, the same as for none at all, and changes nothing", async (_label, call) => {
    const before = { rows: await everythingOf(shopA.shop.id), seen: ok(await shopA.client.get('/api/v1/enquiries')) };
    const theirs = expectNotFound(await call(shopB.client, a.enquiry));
    const nobodys = await call(shopB.client, { id: randomUUID(), imageId: randomUUID() });
    expectNotFound(nobodys);
    expect(comparable(await call(shopB.client, a.enquiry))).toEqual(comparable(nobodys));
    expect(JSON.stringify(theirs)).not.toMatch(/Ottoline|Sapphire|Vandersteen/);
    expect({ rows: await everythingOf(shopA.shop.id), seen: ok(await shopA.client.get('/api/v1/enquiries')) }).toEqual(before);
  });

  it("never lists or counts A's enquiries", async () => {
    const inbox = ok(await shopB.client.get('/api/v1/enquiries')) as { items: { id: string }[]; unread: number };
    expect(inbox.items.map((e) => e.id)).toEqual([b.enquiry.id]);
    for (const status of ['new', 'contacted', 'spam']) {
      const list = ok(await shopB.client.get(`/api/v1/enquiries?status=${status}`)) as { items: { id: string }[] };
      expect(list.items.map((e) => e.id)).not.toContain(a.enquiry.id);
    }
    expect(ok(await shopB.client.get('/api/v1/enquiries/unread'))).toEqual({ unread: 0 });
  });
});

describe("shop B's session on A's staff and invitations", () => {
  type At = { member: string; invite: string };
  type Attempt = [label: string, call: (c: Client, at: At) => Promise<LightMyRequestResponse>];
  const attempts: Attempt[] = [
    ['DELETE (withdraw) an invitation', (c, at) => c.delete(`/api/v1/staff/invites/${at.invite}`)],
    ["PATCH a member's role", (c, at) => c.patch(`/api/v1/staff/${at.member}`, { role: 'staff' })],
    ['DELETE (let go) a member', (c, at) => c.delete(`/api/v1/staff/${at.member}`)],
    ["GET a member's sessions", (c, at) => c.get(`/api/v1/staff/${at.member}/sessions`)],
    ["DELETE (sign out) a member's sessions", (c, at) => c.delete(`/api/v1/staff/${at.member}/sessions`)],
  ];
  const seenByA = async () => ({
    staff: ok(await shopA.client.get('/api/v1/staff')),
    invites: ok(await shopA.client.get('/api/v1/staff/invites')),
    sessions: ok(await shopA.client.get(`/api/v1/staff/${shopA.user.id}/sessions`)),
  });

  it.each(attempts)("%s of shop A's gets 404, the same as for none at all, and changes nothing", async (_label, call) => {
    const before = { rows: await everythingOf(shopA.shop.id), seen: await seenByA() };
    const theirs = expectNotFound(await call(shopB.client, { member: shopA.user.id, invite: a.inviteId }));
    const nobodys = await call(shopB.client, { member: randomUUID(), invite: randomUUID() });
    expectNotFound(nobodys);
    expect(comparable(await call(shopB.client, { member: shopA.user.id, invite: a.inviteId }))).toEqual(comparable(nobodys));
    expect(JSON.stringify(theirs)).not.toMatch(/Ottoline|Percival|Vandersteen/);
    expect({ rows: await everythingOf(shopA.shop.id), seen: await seenByA() }).toEqual(before);
  });

  it("never lists A's invitations", async () => {
    const { items } = ok(await shopB.client.get('/api/v1/staff/invites')) as { items: { id: string }[] };
    expect(items.map((i) => i.id)).toEqual([b.inviteId]);
  });
});

describe("shop B's session on A's memo parcels", () => {
  type At = { memo: string; item: string; job: string };
  type Attempt = [label: string, call: (c: Client, at: At) => Promise<LightMyRequestResponse>];
  const bJob = () => b.of.bespoke?.job.id ?? '';
  const attempts: Attempt[] = [
    ['GET a memo', (c, at) => c.get(`/api/v1/memos/${at.memo}`)],
    ['PATCH a memo', (c, at) => c.patch(`/api/v1/memos/${at.memo}`, { notes: 'B was here', dueBackOn: '2027-06-01' })],
    ['POST an item to a memo', (c, at) => c.post(`/api/v1/memos/${at.memo}/items`, { kind: 'stone', stoneType: 'Glass' })],
    ['POST a reconcile of an item', (c, at) => c.post(`/api/v1/memos/${at.memo}/items/${at.item}/reconcile`, { outcome: 'lost' })],
    ["POST a reconcile of A's item through B's memo", (c, at) => c.post(`/api/v1/memos/${b.memo.id}/items/${at.item}/reconcile`, { outcome: 'lost' })],
    ['GET the memo document', (c, at) => c.get(`/api/v1/memos/${at.memo}/memo.pdf`)],
    ["GET a job's memo items", (c, at) => c.get(`/api/v1/bespoke/${at.job}/memo-items`)],
    ["POST a link of A's item to B's job", (c, at) => c.post(`/api/v1/bespoke/${bJob()}/memo-items/${at.item}`)],
    ["POST a link of B's item to A's job", (c, at) => c.post(`/api/v1/bespoke/${at.job}/memo-items/${b.memo.itemId}`)],
    ["DELETE the link of A's item from A's job", (c, at) => c.delete(`/api/v1/bespoke/${at.job}/memo-items/${at.item}`)],
    ["DELETE A's item from B's job", (c, at) => c.delete(`/api/v1/bespoke/${bJob()}/memo-items/${at.item}`)],
  ];

  it.each(attempts)("%s of shop A's gets 404, the same as for none at all, and changes nothing", async (_label, call) => {
    const seen = async () => ({
      rows: await everythingOf(shopA.shop.id),
      memo: ok(await shopA.client.get(`/api/v1/memos/${a.memo.id}`)),
      linked: ok(await shopA.client.get(`/api/v1/bespoke/${a.job.id}/memo-items`)),
      bLinked: ok(await shopB.client.get(`/api/v1/bespoke/${bJob()}/memo-items`)),
    });
    const before = await seen();
    const at = { memo: a.memo.id, item: a.memo.itemId, job: a.job.id };
    const theirs = expectNotFound(await call(shopB.client, at));
    const nobodys = await call(shopB.client, { memo: randomUUID(), item: randomUUID(), job: randomUUID() });
    expectNotFound(nobodys);
    expect(comparable(await call(shopB.client, at))).toEqual(comparable(nobodys));
    expect(JSON.stringify(theirs)).not.toMatch(/Ottoline|Sapphire|Vandersteen/);
    expect(await seen()).toEqual(before);
  });

  it("never lists A's memos, overdue items or contacts, whatever the filter", async () => {
    const c = shopB.client;
    for (const url of [
      '/api/v1/memos',
      '/api/v1/memos?overdue=true',
      '/api/v1/memos?status=active',
      '/api/v1/memos?direction=in',
      '/api/v1/memos?q=MEMO-0001',
    ]) {
      expect(
        ok(await c.get(url)).items.map((m: { id: string }) => m.id),
        url,
      ).toEqual([b.memo.id]);
    }
    for (const q of ['Vandersteen', 'GRS-28', 'Sapphire']) {
      const found = ok(await c.get(`/api/v1/memos?q=${encodeURIComponent(q)}`)).items as { id: string }[];
      expect(
        found.map((m) => m.id),
        q,
      ).not.toContain(a.memo.id);
    }
    const overdue = ok(await c.get('/api/v1/memos/overdue')).items as { id: string }[];
    expect(overdue.map((i) => i.id)).toEqual([b.memo.itemId]);
    expect(ok(await c.get('/api/v1/memo-contacts')).items.map((x: { id: string }) => x.id)).toEqual([b.memo.contactId]);
    expect(ok(await c.get('/api/v1/memo-contacts?q=Vandersteen')).items).toEqual([]);
    // A's contact cannot be used for B's record.
    const taken = await c.post('/api/v1/memos', {
      direction: 'in',
      contactId: a.memo.contactId,
      receivedOn: '2026-11-01',
      items: [{ kind: 'stone', stoneType: 'Spinel' }],
    });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors.map((e: { path: string }) => e.path)).toEqual(['contactId']);
  });
});

describe("row-level security, with the application's shop filter left out", () => {
  /** One of A's rows in each table, found as the owner. */
  async function aRowKey(tb: Table): Promise<string> {
    const [row] = await rowsOf<{ k: string }>(
      t.db,
      sql`select ${ident(tb.key)}::text as k from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopA.shop.id} limit 1`,
    );
    const k = row?.k;
    if (!k) throw new Error(`shop A has no row in ${tb.name}`);
    return k;
  }

  const asB = <T>(work: (tx: Tx) => Promise<T>) => t.db.tenant(shopB.shop.id, work);

  async function refusedAsB(statement: SQL): Promise<{ code: string | undefined; message: string }> {
    let caught: unknown;
    try {
      await asB((tx) => tx.execute(statement));
    } catch (err) {
      caught = err;
    }
    expect(caught, 'PostgreSQL accepted the statement').toBeInstanceOf(Error);
    const cause = (caught as Error).cause as { code?: string; message?: string } | undefined;
    return { code: cause?.code, message: cause?.message ?? '' };
  }

  it('every table that carries a shop id (including ones added after this test was written) has row-level security and the tenant policy', async () => {
    const found = await rowsOf<{ table: string; rls: boolean; policy: boolean }>(
      t.db,
      sql`select c.relname as table, c.relrowsecurity as rls,
            exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
                    and p.policyname = 'tenant_isolation' and 'loupe_app' = any (p.roles)) as policy
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and (c.relname = 'shops' or exists (select 1 from information_schema.columns col
                 where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'shop_id'))
          order by 1`,
    );
    expect(found.map((r) => r.table)).toEqual(expect.arrayContaining(tables.map((tb) => tb.name)));
    expect(found.filter((r) => !r.rls || !r.policy)).toEqual([]);
  });

  it('every table really holds rows of both shops (so the checks below are not vacuous)', async () => {
    for (const tb of tables) {
      for (const shopId of [shopA.shop.id, shopB.shop.id]) {
        const [row] = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopId}`);
        expect(row?.n, `${tb.name} for ${shopId}`).toBeGreaterThan(0);
      }
    }
  });

  it.each([...tables, ...views])("a bare SELECT on $name inside B's transaction sees B's rows and none of A's", async (tb) => {
    const aKey = await aRowKey(tb);
    await asB(async (tx) => {
      const all = await rowsOf<{ shop: string }>(tx, sql`select ${ident(tb.shopColumn)}::text as shop from ${ident(tb.name)}`);
      const shopsSeen = new Set(all.map((r) => r.shop));
      expect([...shopsSeen]).toEqual([shopB.shop.id]);
      const byKey = await rowsOf<Record<string, unknown>>(tx, sql`select * from ${ident(tb.name)} where ${ident(tb.key)}::text = ${aKey}`);
      expect(byKey.filter((r) => r[tb.shopColumn] === shopA.shop.id)).toEqual([]);
      const [asked] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopA.shop.id}`);
      expect(asked?.n).toBe(0);
    });
  });

  it("joins and aggregates inside B's transaction see none of A's rows either", async () => {
    const repairId = a.of.repair?.job.id ?? '';
    await asB(async (tx) => {
      const joined = await rowsOf(
        tx,
        sql`
        select j.id from jobs j
        join customers c on c.id = j.customer_id
        left join payments p on p.job_id = j.id
        left join repair_work_lines l on l.job_id = j.id
        left join attachments f on f.job_id = j.id
        where c.name = ${a.customerName} or j.id in (${a.job.id}, ${repairId}) or p.customer_id = ${a.customerId}
          or l.job_id = ${repairId} or f.job_id = ${repairId}`,
      );
      expect(joined).toEqual([]);
      const [money] = await rowsOf<{ paid: string; estimate: string }>(
        tx,
        sql`select
          (select coalesce(sum(amount_cents), 0) from payments where job_id in (${a.job.id}, ${repairId}))::bigint::text as paid,
          (select coalesce(sum(price_cents), 0) from repair_work_lines where job_id = ${repairId})::bigint::text as estimate`,
      );
      expect(money).toEqual({ paid: '0', estimate: '0' });
    });
  });

  // A passport's history is append-only for the tenant role: its UPDATE and DELETE are refused outright (passports.test.ts).
  const changeable = tables.filter((tb) => tb.name !== 'passport_events');
  it.each(changeable)("an UPDATE and a DELETE of A's $name row by its key, inside B's transaction, touch 0 rows", async (tb) => {
    const aKey = await aRowKey(tb);
    const before = await everythingOf(shopA.shop.id);
    const pick = sql`${ident(tb.key)}::text = ${aKey} and ${ident(tb.shopColumn)} = ${shopA.shop.id}`;
    const updated = await asB((tx) =>
      rowsOf(tx, sql`update ${ident(tb.name)} set ${ident(tb.shopColumn)} = ${ident(tb.shopColumn)} where ${pick} returning 1 as hit`),
    );
    expect(updated).toEqual([]);
    const deleted = await asB((tx) => rowsOf(tx, sql`delete from ${ident(tb.name)} where ${pick} returning 1 as hit`));
    expect(deleted).toEqual([]);
    // Unfiltered, too: B's bulk statements reach only B's rows.
    const bulk = await asB((tx) =>
      rowsOf<{ shop: string }>(
        tx,
        sql`update ${ident(tb.name)} set ${ident(tb.shopColumn)} = ${ident(tb.shopColumn)} returning ${ident(tb.shopColumn)}::text as shop`,
      ),
    );
    expect(new Set(bulk.map((r) => r.shop))).toEqual(new Set([shopB.shop.id]));
    expect(await everythingOf(shopA.shop.id)).toEqual(before);
  });

  it("B's DELETE of everything, rolled back, would have reached B's rows only", async () => {
    const before = await everythingOf(shopA.shop.id);
    const rollback = new Error('rollback on purpose');
    await expect(
      asB(async (tx) => {
        const gone = await rowsOf<{ shop: string }>(tx, sql`delete from comments returning shop_id::text as shop`);
        // B's own comments, one on each kind of job, and nothing else.
        expect(gone.map((r) => r.shop)).toEqual(pipelinesUnderTest.map(() => shopB.shop.id));
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await everythingOf(shopA.shop.id)).toEqual(before);
  });

  // Each insert is a row that would be valid for A (real ids of A's, every constraint met) but carries A's shop id.
  const inserts: [table: string, statement: () => SQL][] = [
    [
      'shops',
      () => sql`insert into shops (id, name, currency, time_zone, locale, country) values (${randomUUID()}, 'Forged', 'GBP', 'Europe/London', 'en-GB', 'GB')`,
    ],
    [
      'users',
      () =>
        sql`insert into users (shop_id, name, email, password_hash, role) values (${shopA.shop.id}, 'Mole', ${`mole-${randomUUID()}@example.test`}, 'x', 'owner')`,
    ],
    [
      'sessions',
      () => sql`insert into sessions (id, user_id, shop_id, expires_at) values (${randomUUID()}, ${shopA.user.id}, ${shopA.shop.id}, now() + interval '1 day')`,
    ],
    [
      'staff_invites',
      () => sql`insert into staff_invites (shop_id, name, email, role, expires_at)
        values (${shopA.shop.id}, 'Mole', ${`mole-${randomUUID()}@example.test`}, 'owner', now() + interval '7 days')`,
    ],
    ['customers', () => sql`insert into customers (shop_id, name, preferred_channel) values (${shopA.shop.id}, 'Planted', 'email')`],
    [
      'jobs',
      () => sql`insert into jobs (shop_id, kind, reference, customer_id, title, stage, tracking_code)
        values (${shopA.shop.id}, 'bespoke', 'B-9999', ${a.customerId}, 'Planted', 'enquiry', ${randomUUID()})`,
    ],
    [
      'job_stages',
      () => sql`insert into job_stages (shop_id, job_id, kind, stage, from_stage) values (${shopA.shop.id}, ${a.job.id}, 'bespoke', 'ready', 'cad')`,
    ],
    ['bespoke_details', () => sql`insert into bespoke_details (shop_id, job_id, metal) values (${shopA.shop.id}, ${a.job.id}, 'Planted')`],
    ['repair_details', () => sql`insert into repair_details (shop_id, job_id, item_type) values (${shopA.shop.id}, ${a.of.repair?.job.id}, 'ring')`],
    [
      'repair_work_lines',
      () =>
        sql`insert into repair_work_lines (shop_id, job_id, position, kind, price_cents) values (${shopA.shop.id}, ${a.of.repair?.job.id}, 9, 'polish', 100)`,
    ],
    ['appraisal_details', () => sql`insert into appraisal_details (shop_id, job_id, item_type) values (${shopA.shop.id}, ${a.of.appraisal?.job.id}, 'ring')`],
    [
      'appraisal_stones',
      () => sql`insert into appraisal_stones (shop_id, job_id, position, kind) values (${shopA.shop.id}, ${a.of.appraisal?.job.id}, 9, 'pearl')`,
    ],
    [
      'attachments',
      () => sql`insert into attachments (shop_id, job_kind, job_id, stage, content_type, bytes, original_key, thumb_key, thumb_content_type)
        values (${shopA.shop.id}, 'repair', ${a.of.repair?.job.id}, 'intake', 'image/png', 1, 'planted/original', 'planted/thumb', 'image/jpeg')`,
    ],
    ['comments', () => sql`insert into comments (shop_id, job_id, body) values (${shopA.shop.id}, ${a.job.id}, 'Planted')`],
    [
      'payments',
      () => sql`insert into payments (shop_id, customer_id, job_id, kind, amount_cents) values (${shopA.shop.id}, ${a.customerId}, ${a.job.id}, 'refund', 100)`,
    ],
    [
      'outbox',
      () => sql`insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload)
        values (${shopA.shop.id}, 'customer_ready', 'bespoke', ${a.job.id}, ${`planted:${randomUUID()}`}, '{}'::jsonb)`,
    ],
    ['shop_counters', () => sql`insert into shop_counters (shop_id, kind, last_value) values (${shopA.shop.id}, 'planted', 1)`],
    [
      'passports',
      () => sql`insert into passports (shop_id, number, made_elsewhere, title, owner_name, issuer_name, signing_kid, token, issued_at)
        values (${shopA.shop.id}, 'LP-999999999', true, 'Planted', 'Mole', 'Planted', 'k', 't', now())`,
    ],
    ['passport_keys', () => sql`insert into passport_keys (shop_id, kid, public_jwk, private_sealed) values (${shopA.shop.id}, 'planted', '{}', 'x')`],
    ['passport_stones', () => sql`insert into passport_stones (shop_id, passport_id, position, kind) values (${shopA.shop.id}, ${a.passportId}, 9, 'Planted')`],
    [
      'passport_events',
      () => sql`insert into passport_events (shop_id, passport_id, seq, kind, occurred_on, prev_hash, signing_kid, token, recorded_at)
        values (${shopA.shop.id}, ${a.passportId}, 99, 'recovered', '2026-01-01', 'x', 'k', 't', now())`,
    ],
    [
      'passport_owners',
      () => sql`insert into passport_owners (shop_id, passport_id, seq, name, since) values (${shopA.shop.id}, ${a.passportId}, 99, 'Mole', now())`,
    ],
    [
      'passport_transfers',
      () => sql`insert into passport_transfers (shop_id, passport_id, code_hash, expires_at) values (${shopA.shop.id}, ${a.passportId}, 'x', now())`,
    ],
    [
      'passport_job_links',
      () => sql`insert into passport_job_links (shop_id, job_id, passport_id, linked_at) values (${shopA.shop.id}, ${a.job.id}, ${a.passportId}, now())`,
    ],
    [
      'outbox_attachments',
      () => sql`insert into outbox_attachments (shop_id, outbox_id, position, file_name, content_type, content_base64)
        select ${shopA.shop.id}, id, 9, 'planted.pdf', 'application/pdf', 'eA==' from outbox limit 1`,
    ],
    [
      'enquiries',
      () => sql`insert into enquiries (shop_id, number, name, email, topic, description, budget, consent)
        values (${shopA.shop.id}, 9999, 'Planted', 'planted@example.test', 'repair', 'Planted', 'unsure', true)`,
    ],
    [
      'enquiry_images',
      () => sql`insert into enquiry_images (shop_id, enquiry_id, content_type, bytes, original_key, thumb_key, thumb_content_type)
        values (${shopA.shop.id}, ${a.enquiry.id}, 'image/jpeg', 1, 'planted/display', 'planted/thumb', 'image/jpeg')`,
    ],
    ['enquiry_replies', () => sql`insert into enquiry_replies (shop_id, enquiry_id, body) values (${shopA.shop.id}, ${a.enquiry.id}, 'Planted')`],
    [
      'enquiry_challenges',
      () => sql`insert into enquiry_challenges (shop_id, challenge_id, expires_at) values (${shopA.shop.id}, 'planted', now() + interval '1 hour')`,
    ],
    [
      'appointments',
      () => sql`insert into appointments (shop_id, kind, customer_id, starts_at, duration_minutes)
        values (${shopA.shop.id}, 'fitting', ${a.customerId}, now(), 30)`,
    ],
    [
      'calendar_feeds',
      () => sql`insert into calendar_feeds (shop_id, user_id, token_hash) values (${shopA.shop.id}, ${shopA.user.id}, ${`planted:${randomUUID()}`})`,
    ],
    [
      'calendar_connections',
      () => sql`insert into calendar_connections (shop_id, provider, state, target) values (${shopA.shop.id}, 'google', 'active', 'planted')`,
    ],
    [
      'calendar_sync_queue',
      () => sql`insert into calendar_sync_queue (shop_id, provider, subject_kind, subject_id) values (${shopA.shop.id}, 'caldav', 'job', ${randomUUID()})`,
    ],
    ['memo_contacts', () => sql`insert into memo_contacts (shop_id, name) values (${shopA.shop.id}, 'Planted')`],
    [
      'memos',
      () =>
        sql`insert into memos (shop_id, direction, number, contact_id, received_on) values (${shopA.shop.id}, 'in', 9999, ${a.memo.contactId}, '2026-11-01')`,
    ],
    [
      'memo_items',
      () => sql`insert into memo_items (shop_id, memo_id, position, kind, stone_type) values (${shopA.shop.id}, ${a.memo.id}, 99, 'stone', 'Planted')`,
    ],
  ];

  it('covers every shop-owned table with an insert', () => {
    expect(inserts.map(([name]) => name)).toEqual(tables.map((tb) => tb.name));
  });

  it.each(inserts)("an INSERT into %s carrying A's shop id is refused by PostgreSQL (42501)", async (_name, statement) => {
    const before = await everythingOf(shopA.shop.id);
    const err = await refusedAsB(statement());
    expect(err.code).toBe('42501');
    expect(err.message).toMatch(/row-level security/);
    expect(await everythingOf(shopA.shop.id)).toEqual(before);
  });

  it("an UPDATE that moves one of B's rows into shop A is refused (42501)", async () => {
    const beforeB = await everythingOf(shopB.shop.id);
    expect((await refusedAsB(sql`update comments set shop_id = ${shopA.shop.id} where job_id = ${b.of.bespoke?.job.id}`)).code).toBe('42501');
    expect((await refusedAsB(sql`update repair_work_lines set shop_id = ${shopA.shop.id} where job_id = ${b.of.repair?.job.id}`)).code).toBe('42501');
    expect((await refusedAsB(sql`update attachments set shop_id = ${shopA.shop.id} where job_id = ${b.of.repair?.job.id}`)).code).toBe('42501');
    expect((await refusedAsB(sql`update customers set shop_id = ${shopA.shop.id} where id = ${b.customerId}`)).code).toBe('42501');
    expect(await everythingOf(shopB.shop.id)).toEqual(beforeB);
  });

  it.each(tables)('a transaction naming no shop at all sees no $name rows (or is refused outright)', async (tb) => {
    // The tenant role without a tenant. On a fresh connection the setting is null and no policy matches;
    // on a reused one PostgreSQL reports it as '' and the policy's ::uuid cast refuses the query (22P02).
    // Either way nothing leaks; what must never happen is a row coming back.
    const outcome = await t.db.raw
      .transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'loupe_app', true)`);
        const [row] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${ident(tb.name)}`);
        return { rows: row?.n };
      })
      .catch((err: unknown) => ({ refused: ((err as Error).cause as { code?: string } | undefined)?.code }));
    expect([{ rows: 0 }, { refused: '22P02' }]).toContainEqual(outcome);
  });
});
