import type { Challenge } from 'altcha-lib';
import { sql } from 'drizzle-orm';
import exifr from 'exifr';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvedAltcha } from '../../testing/altcha.js';
import { enquiryImage, storedEnquiries } from '../../testing/enquiries.js';
import { multipart, type Part } from '../../testing/multipart.js';
import { ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';
import { htmlPage, jpegWithGpsAndOrientation, png } from '../attachments/fixtures.js';

/** The public enquiry form as an API (`/api/v1/public/shops/:shopSlug/...`), the staff PATCH of an enquiry, and the slug on /me. */

let t: TestApp;
const limits = { perAddress: 1000, perShop: 1000, windowSeconds: 3600, challengesPerAddress: 10_000 };
const difficulty = { cost: 10, maxCounter: 50, ttlSeconds: 600 };

beforeAll(async () => {
  t = await testApp({ enquiries: { limits, difficulty } });
});
afterAll(() => t.close());

let ip = 0;
/** A new address for each test that does not test the per-address limit. */
const nextAddress = () => `10.8.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

async function newShop(name: string) {
  const shop = await t.newShop(name);
  const { slug } = (await shop.client.get('/api/v1/settings/enquiries')).json() as { slug: string };
  return { ...shop, shopId: shop.shop.id, slug };
}

const challengeUrl = (slug: string) => `/api/v1/public/shops/${slug}/challenge`;
const enquiriesUrl = (slug: string) => `/api/v1/public/shops/${slug}/enquiries`;

/** A challenge from the API, solved as the widget solves it, as the `altcha` payload. */
async function solved(slug: string, address = nextAddress(), app: TestApp = t): Promise<string> {
  const res = await app.app.inject({ method: 'GET', url: challengeUrl(slug), remoteAddress: address });
  expect(res.statusCode, res.body).toBe(200);
  return solvedAltcha(res.json() as Challenge);
}

const good = {
  name: 'Grace Obi',
  email: 'grace@example.com',
  topic: 'bespoke',
  description: 'An engagement ring with my grandmother’s sapphire.',
  budget: '2500_5000',
  consent: true,
};

/** A JSON enquiry, with a freshly solved challenge unless `altcha` is given (null: none at all). */
async function postJson(slug: string, body: Record<string, unknown>, opts: { address?: string; altcha?: string | null; app?: TestApp } = {}) {
  const app = opts.app ?? t;
  const address = opts.address ?? nextAddress();
  const altcha = opts.altcha === undefined ? await solved(slug, address, app) : opts.altcha;
  return app.app.inject({
    method: 'POST',
    url: enquiriesUrl(slug),
    payload: { ...body, ...(altcha === null ? {} : { altcha }) },
    headers: { origin: ORIGIN },
    remoteAddress: address,
  });
}

async function postMultipart(slug: string, fields: Record<string, string>, files: Part[] = [], opts: { address?: string } = {}) {
  const address = opts.address ?? nextAddress();
  const altcha = await solved(slug, address);
  const { body, headers } = multipart([...Object.entries({ ...fields, altcha }).map(([name, value]) => ({ name, value })), ...files]);
  return t.app.inject({ method: 'POST', url: enquiriesUrl(slug), payload: body, headers: { ...headers, origin: ORIGIN }, remoteAddress: address });
}

const image = enquiryImage;

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status, code });
}

const stored = (shopId: string) => storedEnquiries(t.db, shopId);

describe('the public enquiry API', () => {
  it('takes a JSON enquiry with a solved challenge: 201 with its id and reference, in that shop’s inbox only', async () => {
    const shop = await newShop('Api Sapphires');
    const other = await newShop('Api Neighbours');
    const res = await postJson(shop.slug, { ...good, phone: '07911 123456' });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toEqual({ id: expect.any(String), reference: 'ENQ-0001' });
    expect(res.headers['cache-control']).toBe('no-store');

    const inbox = (await shop.client.get('/api/v1/enquiries')).json();
    expect(inbox.items).toEqual([
      expect.objectContaining({
        id: made.id,
        reference: 'ENQ-0001',
        name: 'Grace Obi',
        email: 'grace@example.com',
        phone: '+447911123456',
        topic: 'bespoke',
        budget: '2500_5000',
        status: 'new',
        imageCount: 0,
      }),
    ]);
    expect((await other.client.get('/api/v1/enquiries')).json().items).toEqual([]);
    expect((await other.client.get(`/api/v1/enquiries/${made.id}`)).statusCode).toBe(404);
    // The shop's e-mail and the acknowledgement, as for the form.
    expect(await stored(shop.shopId)).toEqual({ enquiries: 1, images: 0, outbox: 2 });
  });

  it('takes the form’s own values too (consent "on", a null e-mail beside a phone), the budget defaulting to unsure', async () => {
    const shop = await newShop('Api Values');
    const res = await postJson(shop.slug, {
      name: 'Ken',
      email: null,
      phone: '+44 7911 123456',
      topic: 'repair',
      description: 'A loose stone.',
      consent: 'on',
    });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await shop.client.get(`/api/v1/enquiries/${res.json().id}`)).json();
    expect(detail).toMatchObject({ email: null, phone: '+447911123456', budget: 'unsure', topic: 'repair' });
  });

  it('takes a multipart enquiry with pictures, stripped of their location', async () => {
    const shop = await newShop('Api Pictures');
    const photo = await jpegWithGpsAndOrientation();
    const res = await postMultipart(shop.slug, { ...good, consent: 'on', phone: '' }, [
      image('ring.jpg', photo),
      image('sketch.png', await png(), 'image/png'),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().reference).toBe('ENQ-0001');
    const inbox = (await shop.client.get('/api/v1/enquiries')).json();
    expect(inbox.items).toEqual([expect.objectContaining({ id: res.json().id, name: 'Grace Obi', imageCount: 2 })]);
    const detail = (await shop.client.get(`/api/v1/enquiries/${res.json().id}`)).json();
    expect(detail.images).toHaveLength(2);
    const file = await shop.client.get(detail.images[0].url);
    expect(file.statusCode).toBe(200);
    expect(await exifr.gps(file.rawPayload).catch(() => undefined)).toBeUndefined();
  });

  it('refuses a missing, forged, foreign or replayed challenge with a 422 problem naming altcha, and keeps nothing', async () => {
    const shop = await newShop('Api Checks');
    const other = await newShop('Api Elsewhere');
    const altcha = (res: LightMyRequestResponse) => (res.json().errors as { path: string }[]).map((e) => e.path);

    const missing = await postJson(shop.slug, good, { altcha: null });
    expectProblem(missing, 422, 'validation_failed');
    expect(altcha(missing)).toContain('altcha');
    const empty = await postJson(shop.slug, good, { altcha: '' });
    expectProblem(empty, 422, 'validation_failed');
    expect(altcha(empty)).toContain('altcha');
    for (const forged of ['not base64 at all', Buffer.from('{"challenge":{},"solution":{}}').toString('base64')]) {
      const res = await postJson(shop.slug, good, { altcha: forged });
      expectProblem(res, 422, 'validation_failed');
      expect(res.json().errors).toEqual([{ path: 'altcha', message: expect.stringContaining('did not come through') }]);
    }
    const foreign = await postJson(shop.slug, good, { altcha: await solved(other.slug) });
    expectProblem(foreign, 422, 'validation_failed');
    expect(foreign.json().detail).toContain('for another form');
    expect(await stored(shop.shopId)).toEqual({ enquiries: 0, images: 0, outbox: 0 });

    const once = await solved(shop.slug);
    expect((await postJson(shop.slug, good, { altcha: once })).statusCode).toBe(201);
    const replayed = await postJson(shop.slug, good, { altcha: once });
    expectProblem(replayed, 422, 'validation_failed');
    expect(replayed.json().detail).toContain('already sent');
    expect((await stored(shop.shopId)).enquiries).toBe(1);
  });

  it('refuses bad fields and bodies with the form’s statuses as problems, and keeps nothing', async () => {
    const shop = await newShop('Api Refusals');
    const paths = (res: LightMyRequestResponse) => (res.json().errors as { path: string }[]).map((e) => e.path);
    const cases: [string, Promise<LightMyRequestResponse>, number, string, string?][] = [
      ['missing contact', postJson(shop.slug, { ...good, email: '' }), 422, 'validation_failed', 'email'],
      ['bad phone', postJson(shop.slug, { ...good, phone: '12' }), 422, 'validation_failed', 'phone'],
      ['no consent', postJson(shop.slug, { ...good, consent: false }), 422, 'validation_failed', 'consent'],
      ['no topic', postJson(shop.slug, { ...good, topic: 'lunch' }), 422, 'validation_failed', 'topic'],
      ['a field the form has not', postJson(shop.slug, { ...good, website: 'http://spam.example' }), 422, 'validation_failed', 'website'],
      ['HTML named .jpg', postMultipart(shop.slug, { ...good, consent: 'on' }, [image('ring.jpg', htmlPage())]), 415, 'unsupported_media_type', 'images'],
      [
        '30 MB image',
        postMultipart(shop.slug, { ...good, consent: 'on' }, [image('huge.jpg', Buffer.alloc(30 * 1024 * 1024, 0xff))]),
        413,
        'payload_too_large',
      ],
      [
        'six pictures',
        postMultipart(
          shop.slug,
          { ...good, consent: 'on' },
          [1, 2, 3, 4, 5, 6].map((n) => image(`p${n}.png`, Buffer.alloc(10, n), 'image/png')),
        ),
        413,
        'payload_too_large',
      ],
      ['a multipart field refused', postMultipart(shop.slug, { ...good, consent: '' }), 422, 'validation_failed', 'consent'],
    ];
    for (const [what, answer, status, code, path] of cases) {
      const res = await answer;
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      expectProblem(res, status, code);
      if (path) expect(paths(res), what).toContain(path);
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: enquiriesUrl(shop.slug),
      payload: '{"name":',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      remoteAddress: nextAddress(),
    });
    expectProblem(notJson, 400, 'bad_request');
    const text = await t.app.inject({
      method: 'POST',
      url: enquiriesUrl(shop.slug),
      payload: 'hello',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      remoteAddress: nextAddress(),
    });
    expectProblem(text, 415, 'unsupported_media_type');
    // A page on another site may not post with the visitor's browser.
    const crossSite = await t.app.inject({
      method: 'POST',
      url: enquiriesUrl(shop.slug),
      payload: { ...good, altcha: 'x' },
      headers: { origin: 'https://evil.example' },
      remoteAddress: nextAddress(),
    });
    expectProblem(crossSite, 403, 'forbidden');
    expect(await stored(shop.shopId)).toEqual({ enquiries: 0, images: 0, outbox: 0 });
  });

  it('answers an unknown shop 404, for the challenge and the enquiry alike', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: challengeUrl('no-such-shop-here'), remoteAddress: nextAddress() }), 404, 'not_found');
    expectProblem(await postJson('no-such-shop-here', good, { altcha: 'x' }), 404, 'not_found');
    expectProblem(await postJson('Not A Slug!', good, { altcha: 'x' }), 404, 'not_found');
    expectProblem(await t.app.inject({ method: 'GET', url: challengeUrl('x'.repeat(100)), remoteAddress: nextAddress() }), 404, 'not_found');
  });
});

describe('limits on the public enquiry API', () => {
  it('an address gets its allowance and no more, counted together with the form’s; then the shop’s own allowance holds', async () => {
    const small = await testApp({ enquiries: { limits: { perAddress: 3, perShop: 5, windowSeconds: 3600, challengesPerAddress: 1000 }, difficulty } });
    try {
      const shop = await small.newShop('Api Flooded Jewellers');
      const { slug } = (await shop.client.get('/api/v1/settings/enquiries')).json() as { slug: string };
      const send = (address: string) => postJson(slug, good, { address, app: small });
      const sendForm = async (address: string) => {
        const { body, headers } = multipart(
          Object.entries({ ...good, consent: 'on', altcha: await solved(slug, address, small) }).map(([name, value]) => ({ name, value })),
        );
        return small.app.inject({ method: 'POST', url: `/enquire/${slug}`, payload: body, headers: { ...headers, origin: ORIGIN }, remoteAddress: address });
      };
      const statuses = [(await sendForm('10.67.0.1')).statusCode];
      const refusals: LightMyRequestResponse[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await send('10.67.0.1');
        statuses.push(res.statusCode);
        if (res.statusCode === 429) refusals.push(res);
      }
      expect(statuses).toEqual([303, 201, 201, 429, 429, 429]);
      for (const res of refusals) {
        expectProblem(res, 429, 'rate_limited');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.json().retryAfterSeconds).toBeGreaterThan(0);
      }
      // The form is refused to that address as well, now.
      expect((await sendForm('10.67.0.1')).statusCode).toBe(429);
      // Two more addresses: the shop's allowance (5) stops the sixth whoever sends it.
      const more = [await send('10.67.0.2'), await send('10.67.0.2'), await send('10.67.0.3')];
      expect(more.map((r) => r.statusCode)).toEqual([201, 201, 429]);
      const n = (await small.db.raw.execute(sql`select count(*)::int as n from enquiries`)) as unknown as { rows: { n: number }[] };
      expect(n.rows[0]?.n).toBe(5);
    } finally {
      await small.close();
    }
  });

  it('limits the challenges one address may ask for', async () => {
    const small = await testApp({ enquiries: { limits: { perAddress: 10, perShop: 10, windowSeconds: 3600, challengesPerAddress: 2 }, difficulty } });
    try {
      const shop = await small.newShop('Api Puzzled Jewellers');
      const { slug } = (await shop.client.get('/api/v1/settings/enquiries')).json() as { slug: string };
      const ask = () => small.app.inject({ method: 'GET', url: challengeUrl(slug), remoteAddress: '10.68.0.1' });
      expect([(await ask()).statusCode, (await ask()).statusCode]).toEqual([200, 200]);
      expectProblem(await ask(), 429, 'rate_limited');
    } finally {
      await small.close();
    }
  });
});

describe('the staff side', () => {
  it('PATCH changes an enquiry’s status and answers as GET does; a bad status is 422, another shop’s enquiry 404', async () => {
    const shop = await newShop('Api Patch Jewellers');
    const id = (await postJson(shop.slug, good)).json().id as string;
    for (const status of ['contacted', 'booked', 'completed', 'spam', 'new']) {
      const res = await shop.client.patch(`/api/v1/enquiries/${id}`, { status });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id, status });
      const { unread: _a, ...patched } = res.json();
      const { unread: _b, ...read } = (await shop.client.get(`/api/v1/enquiries/${id}`)).json();
      expect(patched).toEqual(read);
    }
    expectProblem(await shop.client.patch(`/api/v1/enquiries/${id}`, { status: 'converted' }), 422, 'validation_failed');
    expectProblem(await shop.client.patch(`/api/v1/enquiries/${id}`, { status: 'lunch' }), 422, 'validation_failed');
    expectProblem(await shop.client.patch(`/api/v1/enquiries/${id}`, { status: 'booked', name: 'x' }), 422, 'validation_failed');
    // The web app's POST still works.
    expect((await shop.client.post(`/api/v1/enquiries/${id}/status`, { status: 'booked' })).json().status).toBe('booked');

    const other = await newShop('Api Patch Neighbours');
    expectProblem(await other.client.patch(`/api/v1/enquiries/${id}`, { status: 'spam' }), 404, 'not_found');
    expectProblem(await t.anonymous.patch(`/api/v1/enquiries/${id}`, { status: 'spam' }), 401, 'unauthenticated');
    expect((await shop.client.get(`/api/v1/enquiries/${id}`)).json().status).toBe('booked');

    // A converted enquiry keeps its status.
    await shop.client.post(`/api/v1/enquiries/${id}/convert`, { kind: 'bespoke' });
    expectProblem(await shop.client.patch(`/api/v1/enquiries/${id}`, { status: 'new' }), 409, 'already_converted');
  });

  it('/me carries the shop’s public slug, the one the enquiry settings give', async () => {
    const shop = await newShop('Slug & Sons');
    const me = (await shop.client.get('/api/v1/me')).json();
    expect(me.shop.slug).toBe('slug-sons');
    expect(me.shop.slug).toBe(shop.slug);
  });
});
