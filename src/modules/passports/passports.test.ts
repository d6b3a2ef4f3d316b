import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import jsqr from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/bad-input.js';
import { filePart, multipart } from '../../testing/multipart.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { noisyJpeg } from '../attachments/fixtures.js';

const jsQR = jsqr.default;

let t: TestApp;
let shop: Awaited<ReturnType<TestApp['newShop']>>;
let client: Client;
let customerId: string;
let photoJpeg: Buffer;
let nextAddress = 10;
/** Each test looks up from its own address, so one test's misses never spend another's budget. */
const address = () => `198.51.100.${nextAddress++}`;

interface Passport {
  id: string;
  number: string;
  title: string;
  verified: boolean;
  verifyUrl: string;
  token: string;
  events: { seq: number; kind: string; note: string | null; valueCents: number | null }[];
  owners: { seq: number; name: string }[];
  missing: string | null;
  photos: { id: string }[];
  madeElsewhere: boolean;
}

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

const page = (url: string, remoteAddress = address()) => t.app.inject({ method: 'GET', url, remoteAddress });
const postForm = (url: string, form: Record<string, string>, remoteAddress = address()) =>
  t.app.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://loupe.test' },
    payload: new URLSearchParams(form).toString(),
  });

/** A bespoke job walked to collected, with one photo its customer can see and one they cannot. */
async function collectedJob(title = 'Emerald three-stone ring') {
  const job = ok(await client.post('/api/v1/bespoke', { title, customerId }), 201);
  for (const [caption, visible] of [
    ['Finished, from above', 'true'],
    ['Bench note', 'false'],
  ] as const) {
    const { body, headers } = multipart([
      filePart('ring.jpg', photoJpeg, 'image/jpeg'),
      { name: 'caption', value: caption },
      { name: 'customerVisible', value: visible },
    ]);
    ok(await client.post(`/api/v1/bespoke/${job.id}/attachments`, body, { headers }), 201);
  }
  ok(await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'collected' }));
  return job as { id: string; title: string };
}

async function issueFromJob(jobId: string, extra: Record<string, unknown> = {}): Promise<Passport> {
  const d = ok(await client.get(`/api/v1/passports/draft?jobId=${jobId}`));
  return ok(
    await client.post('/api/v1/passports', {
      jobId,
      title: d.title,
      metal: '18ct yellow gold',
      fineness: '750',
      hallmarks: '750, London leopard, maker HD',
      weightGrams: 4.2,
      measurements: 'UK size N',
      maker: d.maker,
      madeOn: d.madeOn,
      owner: d.owner,
      photoIds: d.photos.map((p: { id: string }) => p.id),
      stones: [
        {
          kind: 'Emerald',
          shape: 'emerald cut',
          carat: 1.02,
          colour: 'vivid green',
          clarity: 'minor',
          certificateLab: 'GRS',
          certificateNumber: 'GRS2026-0412',
          inscription: null,
        },
      ],
      ...extra,
    }),
    201,
  );
}

beforeAll(async () => {
  t = await testApp();
  shop = await t.newShop('Hatton & Daughters');
  client = shop.client;
  customerId = ok(await client.post('/api/v1/customers', { name: 'Harriet Vane', email: 'harriet@example.test' }), 201).id;
  photoJpeg = await noisyJpeg();
});
afterAll(() => t.close());

describe('issuing', () => {
  it('issues a signed passport from a collected job, prefilled from it, with only the photos its customer sees; once per job', async () => {
    const job = await collectedJob();
    const draft = ok(await client.get(`/api/v1/passports/draft?jobId=${job.id}`));
    expect(draft).toMatchObject({
      eligible: true,
      existing: null,
      title: job.title,
      owner: { name: 'Harriet Vane', contact: 'harriet@example.test' },
      maker: 'Hatton & Daughters',
    });
    expect(draft.photos).toHaveLength(1);
    const p = await issueFromJob(job.id);
    expect(p.number).toMatch(/^LP-\d{9}$/);
    expect(p).toMatchObject({ title: job.title, verified: true, madeElsewhere: false, missing: null, verifyUrl: `http://loupe.test/verify/${p.number}` });
    expect(p.events.map((e) => e.kind)).toEqual(['issued']);
    expect(p.photos).toHaveLength(1);

    // One per job: the draft says so, and a second issue is refused.
    expect(ok(await client.get(`/api/v1/passports/draft?jobId=${job.id}`))).toMatchObject({ eligible: false, existing: { id: p.id, number: p.number } });
    const again = expectProblem(await client.post('/api/v1/passports', { jobId: job.id, title: 'Again', owner: { name: 'X' } }), 422, 'validation_failed');
    expect(again.errors?.[0]?.path).toBe('jobId');
    expect(ok(await client.get(`/api/v1/passports?jobId=${job.id}`)).items).toHaveLength(1);
  });

  it('refuses a job still in work, and photos its customer cannot see', async () => {
    const job = ok(await client.post('/api/v1/bespoke', { title: 'Unfinished', customerId }), 201);
    expect(ok(await client.get(`/api/v1/passports/draft?jobId=${job.id}`))).toMatchObject({ eligible: false, reason: expect.stringContaining('finished') });
    expectProblem(await client.post('/api/v1/passports', { jobId: job.id, title: 'Too soon', owner: { name: 'X' } }), 422, 'validation_failed');
    const done = await collectedJob('Hidden photo ring');
    const files = ok(await client.get(`/api/v1/bespoke/${done.id}`)).attachments as { id: string; customerVisible: boolean }[];
    const hidden = files.find((f) => !f.customerVisible);
    const res = expectProblem(
      await client.post('/api/v1/passports', { jobId: done.id, title: 'Ring', owner: { name: 'X' }, photoIds: [hidden?.id] }),
      422,
      'validation_failed',
    );
    expect(res.errors?.[0]?.path).toBe('photoIds');
  });

  it('issues from scratch for a piece the shop did not make, flagged as such, and numbers are not sequential', async () => {
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(
        ok(await client.post('/api/v1/passports', { title: `Art deco brooch ${i}`, owner: { name: 'Lord Peter' }, metal: 'platinum' }), 201) as Passport,
      );
    for (const p of made) expect(p).toMatchObject({ madeElsewhere: true, verified: true });
    const digits = made.map((p) => Number(p.number.slice(3)));
    expect(new Set(digits).size).toBe(3);
    expect(Math.abs((digits[1] ?? 0) - (digits[0] ?? 0))).not.toBe(1);
    const html = (await page(`/verify/${made[0]?.number}`)).body;
    expect(html).toContain('not made by this shop');
  });

  it('answers an Idempotency-Key repeat with the first passport', async () => {
    const headers = { 'idempotency-key': `issue-${randomUUID()}` };
    const body = { title: 'Pearl studs', owner: { name: 'Mary Quant' } };
    const first = ok(await client.post('/api/v1/passports', body, { headers }), 201);
    const second = await client.post('/api/v1/passports', body, { headers });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.id);
  });
});

describe('/verify', () => {
  it('shows the piece, photos, shop and history with the verdict, by number, UUID, typed number or QR link; first load under 60 KB', async () => {
    const p = await issueFromJob((await collectedJob('Sapphire halo')).id);
    const res = await page(`/verify/${p.number}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    for (const words of [
      'Verified',
      'Sapphire halo',
      '18ct yellow gold 750',
      'Emerald',
      'GRS GRS2026-0412',
      'Passport issued',
      'Issued by Hatton &amp; Daughters',
      'Finished, from above',
    ])
      expect(res.body).toContain(words);
    expect(res.body).not.toContain('Harriet');
    expect(res.body).not.toContain('harriet@example.test');
    expect(Buffer.byteLength(res.body)).toBeLessThan(60 * 1024);
    expect((await page(`/verify/${p.id}`)).body).toContain('Sapphire halo');
    const typed = await page(`/verify?q=${encodeURIComponent(` lp ${p.number.slice(3, 6)} ${p.number.slice(6)} `)}`);
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/verify/${p.number}`);
    expect((await page('/verify')).body).toContain('Passport number');
  });

  it('says not verified when a row of the passport or its history is edited in the database, and verified again when put back', async () => {
    const p = await issueFromJob((await collectedJob('Tamper ring')).id);
    ok(await client.post(`/api/v1/passports/${p.id}/events`, { kind: 'resized', note: 'From N to P' }), 201);
    const verdict = async () => {
      const html = (await page(`/verify/${p.number}`)).body;
      return html.includes('id="verdict" role="status">✓ Verified') ? 'verified' : html.includes('Not verified') ? 'not verified' : 'neither';
    };
    expect(await verdict()).toBe('verified');

    await t.db.raw.execute(sql`update passports set weight_grams = 2.1 where id = ${p.id}`);
    expect(await verdict()).toBe('not verified');
    expect(ok(await client.get(`/api/v1/passports/${p.id}`)).verified).toBe(false);
    await t.db.raw.execute(sql`update passports set weight_grams = 4.2 where id = ${p.id}`);
    expect(await verdict()).toBe('verified');

    await t.db.raw.execute(sql`update passport_events set note = 'From N to Q' where passport_id = ${p.id} and seq = 2`);
    expect(await verdict()).toBe('not verified');
    await t.db.raw.execute(sql`update passport_events set note = 'From N to P' where passport_id = ${p.id} and seq = 2`);
    expect(await verdict()).toBe('verified');

    // A stone quietly swapped, an event removed from the middle, a photo added: each shows.
    await t.db.raw.execute(sql`update passport_stones set carat = 2.02 where passport_id = ${p.id}`);
    expect(await verdict()).toBe('not verified');
    await t.db.raw.execute(sql`update passport_stones set carat = 1.02 where passport_id = ${p.id}`);
    ok(await client.post(`/api/v1/passports/${p.id}/events`, { kind: 'serviced' }), 201);
    expect(await verdict()).toBe('verified');
    const [removed] = await rowsOf(t.db, sql`delete from passport_events where passport_id = ${p.id} and seq = 2 returning *`);
    expect(removed).toBeDefined();
    expect(await verdict()).toBe('not verified');
  });

  it('keeps the history append-only for the application role', async () => {
    const p = await issueFromJob((await collectedJob('Append-only ring')).id);
    const attempt = (statement: ReturnType<typeof sql>) =>
      t.db
        .tenant(shop.shop.id, (tx) => tx.execute(statement))
        .then(
          () => 'allowed',
          (err: { cause?: { code?: string } }) => err.cause?.code,
        );
    expect(await attempt(sql`update passport_events set note = 'x' where passport_id = ${p.id}`)).toBe('42501');
    expect(await attempt(sql`delete from passport_events where passport_id = ${p.id}`)).toBe('42501');
  });

  it('shows a private passport only as existing and valid', async () => {
    const p = await issueFromJob((await collectedJob('Private locket')).id);
    ok(await client.patch(`/api/v1/passports/${p.id}`, { visibility: 'private' }));
    const html = (await page(`/verify/${p.number}`)).body;
    expect(html).toContain('Verified');
    expect(html).toContain(p.number);
    for (const secret of ['Private locket', 'Emerald', '18ct', 'Passport issued', 'Harriet', '/api/v1/files/']) expect(html).not.toContain(secret);
  });

  it('warns on a piece reported stolen or lost until it is recovered; appraised values show only when allowed', async () => {
    const p = await issueFromJob((await collectedJob('Stolen bangle')).id);
    ok(await client.post(`/api/v1/passports/${p.id}/events`, { kind: 'appraised', valueCents: 650_000, note: 'Insurance' }), 201);
    expect((await page(`/verify/${p.number}`)).body).not.toContain('6,500');
    ok(await client.patch(`/api/v1/passports/${p.id}`, { showValues: true }));
    expect((await page(`/verify/${p.number}`)).body).toContain('£6,500.00');

    const stolen = ok(await client.post(`/api/v1/passports/${p.id}/events`, { kind: 'reported_stolen', note: 'Crime ref 123' }), 201);
    expect(stolen.missing).toBe('stolen');
    const html = (await page(`/verify/${p.number}`)).body;
    expect(html).toContain('reported stolen');
    expect(html).toContain('Verified');
    ok(await client.post(`/api/v1/passports/${p.id}/events`, { kind: 'recovered' }), 201);
    expect((await page(`/verify/${p.number}`)).body).not.toContain('id="missing"');
  });

  it('hands the piece on with a one-time code claimed on /verify; names stay private; a replayed or forged code is refused', async () => {
    const p = await issueFromJob((await collectedJob('Heirloom signet')).id);
    // The contract's path; the staff app's `/transfer-code` answers the same (the tenancy test below uses it).
    const { code } = ok(await client.post(`/api/v1/passports/${p.id}/transfer`), 201);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(ok(await client.get(`/api/v1/passports/${p.id}`)).openTransfer).toMatchObject({ expiresAt: expect.any(String) });

    const forged = await postForm(`/verify/${p.number}/claim`, { code: 'AAAA-BBBB-CCCC', name: 'Mallory' });
    expect(forged.statusCode).toBe(422);
    expect(forged.body).toContain('not valid');
    const claimed = await postForm(`/verify/${p.number}/claim`, {
      code: code.toLowerCase().replaceAll('-', ' '),
      name: 'Bunter',
      contact: 'bunter@example.test',
    });
    expect(claimed.statusCode, claimed.body).toBe(303);
    expect(claimed.headers.location).toBe(`/verify/${p.number}?done=claimed`);
    const replay = await postForm(`/verify/${p.number}/claim`, { code, name: 'Mallory' });
    expect(replay.statusCode).toBe(422);

    const after = ok(await client.get(`/api/v1/passports/${p.id}`));
    expect(after.owners.map((o: { name: string }) => o.name)).toEqual(['Harriet Vane', 'Bunter']);
    expect(after.ownerName).toBe('Bunter');
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(['issued', 'ownership_transferred']);
    expect(after.verified).toBe(true);
    expect(after.openTransfer).toBeNull();
    const html = (await page(`/verify/${p.number}`)).body;
    expect(html).toContain('Ownership transferred');
    expect(html).toContain('2 owners since issue');
    for (const name of ['Bunter', 'Harriet', 'Mallory']) expect(html).not.toContain(name);
  });

  it('answers unknown numbers, malformed ids and foreign writes with a clear 4xx; limits misses per address', async () => {
    for (const url of ['/verify/LP-000000001', `/verify/${randomUUID()}`, '/verify/not-a-number', `/verify/${'9'.repeat(80)}`, '/verify/%00']) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('could not find');
    }
    expect((await page(`/verify/${'x'.repeat(300)}`)).statusCode).toBeLessThan(500);
    const p = (ok(await client.post('/api/v1/passports', { title: 'Cross-site', owner: { name: 'A' } }), 201) as Passport).number;
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/verify/${p}/claim`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: 'code=AAAA-BBBB-CCCC&name=x',
    });
    expect(foreign.statusCode).toBe(403);

    const from = address();
    const misses = await Promise.all(Array.from({ length: 30 }, (_, i) => page(`/verify/LP-${String(100 + i).padStart(9, '0')}`, from)));
    expect(misses.map((r) => r.statusCode)).toEqual(Array(30).fill(404));
    const limited = await page(`/verify/${p}`, from);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await page(`/verify/${p}`)).statusCode).toBe(200);
  });
});

describe('the certificate', () => {
  it('prints the piece and a QR code to /verify; its token verifies with the published JWKS alone (jose, no Loupe code)', async () => {
    const p = await issueFromJob((await collectedJob('Certificate ring')).id);
    const res = await client.get(`/api/v1/passports/${p.id}/certificate.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const mupdf = await import('mupdf');
    const doc = mupdf.Document.openDocument(res.rawPayload, 'application/pdf');
    const pdfPage = doc.loadPage(0);
    const text = pdfPage.toStructuredText('preserve-whitespace').asText();
    for (const words of [
      'Hatton & Daughters',
      'Provenance passport',
      p.number,
      'Certificate ring',
      'Hallmarks: 750, London leopard, maker HD',
      'GRS GRS2026-0412',
      'Finished, from above',
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(words);
    const pix = pdfPage.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true, true);
    expect(jsQR(new Uint8ClampedArray(pix.getPixels()), pix.getWidth(), pix.getHeight())?.data).toBe(p.verifyUrl);

    // The token as printed: monospaced lines of base64url and dots, read back off the page.
    const printed = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[A-Za-z0-9_.-]{20,}$/.test(l))
      .join('');
    expect(printed).toBe(p.token);

    // An independent check: only the JWKS as published and the jose library.
    const jwks = (await t.anonymous.get('/.well-known/jwks.json')).json() as JSONWebKeySet;
    const { payload, protectedHeader } = await compactVerify(printed, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'passport+jws' });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({
      num: p.number,
      sub: p.id,
      shop: 'Hatton & Daughters',
      piece: { title: 'Certificate ring', hallmarks: '750, London leopard, maker HD' },
    });
    // A single changed character of the payload no longer verifies.
    const [h, body, s] = printed.split('.');
    const altered = JSON.stringify({ ...claims, piece: { ...claims.piece, title: 'Another ring' } });
    await expect(compactVerify(`${h}.${Buffer.from(altered).toString('base64url')}.${s}`, createLocalJWKSet(jwks))).rejects.toThrow();
    expect(body).toBeDefined();
  });
});

describe('the signed record', () => {
  it('lets anyone check the whole chain with the JWKS, jose and SHA-256 alone; a private passport gives only its verdict', async () => {
    const p = await issueFromJob((await collectedJob('Chain ring')).id);
    ok(await client.post(`/api/v1/passports/${p.id}/events`, { kind: 'serviced', note: 'Claws re-tipped' }), 201);
    const record = (await t.anonymous.get(`/api/v1/verify/${p.number}`)).json() as {
      verified: boolean;
      token: string;
      passport: { id: string; number: string; piece: { title: string }; token: string };
      events: { kind: string; token: string }[];
    };
    expect(record.verified).toBe(true);
    // The contract's shape: the verdict, the passport as /verify shows it, its events in order.
    expect(record.passport).toMatchObject({ id: p.id, number: p.number, piece: { title: 'Chain ring' }, token: record.token });
    expect(record.events.map((e) => e.kind)).toEqual(['issued', 'serviced']);
    const keys = createLocalJWKSet((await t.anonymous.get('/.well-known/jwks.json')).json() as JSONWebKeySet);
    const sha = async (text: string) => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('base64url');
    let prev = await sha(record.token);
    const head = JSON.parse(new TextDecoder().decode((await compactVerify(record.token, keys)).payload));
    expect(head.num).toBe(p.number);
    const kinds: string[] = [];
    for (const [i, { token }] of record.events.entries()) {
      const claims = JSON.parse(new TextDecoder().decode((await compactVerify(token, keys)).payload));
      expect(claims).toMatchObject({ sub: p.id, seq: i + 1, prev });
      kinds.push(claims.kind);
      prev = await sha(token);
    }
    expect(kinds).toEqual(['issued', 'serviced']);

    ok(await client.patch(`/api/v1/passports/${p.id}`, { visibility: 'private' }));
    expect((await t.anonymous.get(`/api/v1/verify/${p.id}`)).json()).toEqual({
      number: p.number,
      verified: true,
      visibility: 'private',
      passport: { id: p.id, number: p.number, issuer: expect.any(String) },
      events: [],
    });
    expectProblem(await t.anonymous.get('/api/v1/verify/LP-000000002'), 404, 'not_found');
  });
});

describe('another shop', () => {
  it('cannot read, change, add to, hand on or print a passport (404), nor issue one from a job not its own', async () => {
    const job = await collectedJob('Not yours');
    const p = await issueFromJob(job.id);
    const other = (await t.newShop('Bramble & Burr')).client;
    const before = ok(await client.get(`/api/v1/passports/${p.id}`));
    for (const res of [
      await other.get(`/api/v1/passports/${p.id}`),
      await other.patch(`/api/v1/passports/${p.id}`, { visibility: 'private' }),
      await other.post(`/api/v1/passports/${p.id}/events`, { kind: 'reported_stolen' }),
      await other.post(`/api/v1/passports/${p.id}/transfer-code`),
      await other.get(`/api/v1/passports/${p.id}/certificate.pdf`),
      await other.get(`/api/v1/passports/draft?jobId=${job.id}`),
      await other.post('/api/v1/passports', { jobId: job.id, title: 'Mine now', owner: { name: 'B' } }),
    ])
      expectProblem(res, 404, 'not_found');
    expect(ok(await other.get('/api/v1/passports')).items).toEqual([]);
    expect(ok(await client.get(`/api/v1/passports/${p.id}`))).toEqual(before);
  });

  it("cannot take a number this shop's passport holds: the register refuses it (what makes issuing draw again), showing none of its rows", async () => {
    const p = ok(await client.post('/api/v1/passports', { title: 'Signet ring', owner: { name: 'Lord Peter' } }), 201) as Passport;
    const other = await t.newShop('Quill & Quire');
    const asOther = <T>(statement: ReturnType<typeof sql>) =>
      t.db.tenant(other.shop.id, (tx) => rowsOf<T>(tx, statement)).catch((err: { cause?: { code?: string; constraint?: string } }) => err.cause);
    expect(await asOther(sql`select number from passport_register`)).toEqual([]);
    expect(
      await asOther(sql`insert into passport_register (number, passport_id, shop_id) values (${p.number}, ${randomUUID()}, ${other.shop.id}) returning number`),
    ).toMatchObject({ code: '23505', constraint: 'passport_register_pkey' });
    // The number still finds this shop's passport, by number and by id.
    expect(ok(await t.anonymous.get(`/api/v1/verify/${p.number}`))).toMatchObject({ number: p.number });
    expect(ok(await t.anonymous.get(`/api/v1/verify/${p.id}`))).toMatchObject({ number: p.number });
  });
});
