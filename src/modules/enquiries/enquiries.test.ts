import { brotliCompressSync, constants } from 'node:zlib';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { sql } from 'drizzle-orm';
import exifr from 'exifr';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvedAltcha } from '../../testing/altcha.js';
import { enquiryImage, storedEnquiries } from '../../testing/enquiries.js';
import { multipart, type Part } from '../../testing/multipart.js';
import { ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';
import { htmlPage, jpegWithGpsAndOrientation, png } from '../attachments/fixtures.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';
import { defaultSettings, saveSettings } from '../notifications/settings-store.js';

let t: TestApp;
const limits = { perAddress: 1000, perShop: 1000, windowSeconds: 3600, challengesPerAddress: 10_000 };

beforeAll(async () => {
  t = await testApp({ enquiries: { limits, difficulty: { cost: 10, maxCounter: 50, ttlSeconds: 600 } } });
});
afterAll(() => t.close());

let ip = 0;
/** A new address for each test that does not test the per-address limit. */
const nextAddress = () => `10.9.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

async function newShop(name: string) {
  const shop = await t.newShop(name);
  const settings = (await shop.client.get('/api/v1/settings/enquiries')).json() as {
    slug: string;
    formUrl: string;
    scriptSnippet: string;
    iframeSnippet: string;
  };
  return { ...shop, shopId: shop.shop.id, slug: settings.slug, settings };
}

async function solved(slug: string, address = nextAddress()): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: `/enquire/${slug}/challenge`, remoteAddress: address });
  expect(res.statusCode, res.body).toBe(200);
  return solvedAltcha(res.json() as Challenge);
}

const good = {
  name: 'Grace Obi',
  email: 'grace@example.com',
  phone: '',
  topic: 'bespoke',
  description: 'An engagement ring with my grandmother’s sapphire.',
  budget: '2500_5000',
  consent: 'on',
};

async function post(slug: string, fields: Record<string, string>, files: Part[] = [], opts: { address?: string; altcha?: string | null } = {}) {
  const address = opts.address ?? nextAddress();
  const altcha = opts.altcha === undefined ? await solved(slug, address) : opts.altcha;
  const parts: Part[] = [...Object.entries(fields).map(([name, value]) => ({ name, value })), ...(altcha ? [{ name: 'altcha', value: altcha }] : []), ...files];
  const { body, headers } = multipart(parts);
  return t.app.inject({ method: 'POST', url: `/enquire/${slug}`, payload: body, headers: { ...headers, origin: ORIGIN }, remoteAddress: address });
}

const image = enquiryImage;

const stored = (shopId: string) => storedEnquiries(t.db, shopId);

describe('the public form', () => {
  it('is a small accessible page of the shop’s, under 60 KB with its widget as a phone gets them', async () => {
    const shop = await newShop('Obi & Sons Jewellers');
    expect(shop.slug).toBe('obi-sons-jewellers');
    expect(shop.settings.iframeSnippet).toContain(`src="${ORIGIN}/enquire/obi-sons-jewellers?embed=1"`);
    const res = await t.app.inject({ method: 'GET', url: `/enquire/${shop.slug}`, headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const embedded = await t.app.inject({ method: 'GET', url: `/enquire/${shop.slug}?embed=1` });
    expect(embedded.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embedded.body).toContain('action="/enquire/obi-sons-jewellers?embed=1"');
    const widget = await t.app.inject({ method: 'GET', url: '/enquire/assets/altcha.js', headers: { 'accept-encoding': 'br' } });
    expect(widget.statusCode).toBe(200);
    expect(widget.headers['content-type']).toContain('javascript');
    const sent = res.rawPayload.length + widget.rawPayload.length;
    expect(sent).toBeLessThan(60 * 1024);
    const html = embedded.body;
    for (const label of ['for="name"', 'for="email"', 'for="phone"', 'for="description"', 'for="budget"', 'for="images"', 'for="consent"', '<legend>']) {
      expect(html).toContain(label);
    }
    expect(html).toContain('<altcha-widget challenge="/enquire/obi-sons-jewellers/challenge"');
    // The figure, for the report.
    console.info(`enquiry form first load: ${sent} bytes (brotli), page ${res.rawPayload.length} + widget ${widget.rawPayload.length}`);
    expect(brotliCompressSync(Buffer.from(html), { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length).toBeLessThan(6 * 1024);
  });

  it('is pasted into a storefront as one script tag, whose loader makes the frame and keeps it as tall as the form', async () => {
    const shop = await newShop('Script & Sons');
    expect(shop.settings.scriptSnippet).toBe(`<script src="${ORIGIN}/enquire/script-sons/embed.js" async></script>`);
    const loader = await t.app.inject({ method: 'GET', url: '/enquire/script-sons/embed.js', headers: { origin: 'https://shop.example' } });
    expect(loader.statusCode, loader.body).toBe(200);
    expect(loader.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(loader.headers['x-content-type-options']).toBe('nosniff');
    expect(loader.headers['cache-control']).toBe('public, max-age=3600');
    expect(loader.body).toContain(`frame.src = "${ORIGIN}/enquire/script-sons?embed=1";`);
    expect(loader.body).toContain('frame.title = "Enquiry form: Script & Sons";');
    expect(shop.settings.iframeSnippet).toContain('title="Enquiry form: Script &amp; Sons"');
    // Heights are believed only from Loupe's own frame.
    expect(loader.body).toContain(`e.origin !== "${ORIGIN}"`);
    expect(loader.body).toContain('e.source !== frame.contentWindow');
    const missing = await t.app.inject({ method: 'GET', url: '/enquire/no-such-shop-here/embed.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('javascript');

    // The embedded form (and its thank-you page) report their height, in a script the page's policy admits by its nonce.
    const embedded = await t.app.inject({ method: 'GET', url: '/enquire/script-sons?embed=1' });
    const nonce = /'nonce-([^']+)'/.exec(String(embedded.headers['content-security-policy']))?.[1];
    expect(embedded.body).toContain(`<script nonce="${nonce}">(()=>{const send=()=>parent.postMessage({loupeEnquiryHeight:`);
    expect((await t.app.inject({ method: 'GET', url: '/enquire/script-sons/thanks?embed=1' })).body).toContain('loupeEnquiryHeight');
    // On its own page the form has no parent to tell.
    expect((await t.app.inject({ method: 'GET', url: '/enquire/script-sons' })).body).not.toContain('loupeEnquiryHeight');
  });

  it('gives every shop its own slug, from its name, even when two share a name', async () => {
    const first = await newShop('Twin Gems');
    const second = await newShop('Twin Gems');
    expect(first.slug).toBe('twin-gems');
    expect(second.slug).toMatch(/^twin-gems-[0-9a-f]{8}$/);
    const page = await t.app.inject({ method: 'GET', url: `/enquire/${second.slug}` });
    expect(page.body).toContain('Enquire with Twin Gems');
  });

  it('offers the budgets in the shop’s currency', async () => {
    const shop = await newShop('Currency Jewellers');
    const options = async () => {
      const body = (await t.app.inject({ method: 'GET', url: `/enquire/${shop.slug}` })).body;
      return [...body.matchAll(/<option value="[^"]+"[^>]*>([^<]+)<\/option>/g)].map((m) => m[1]);
    };
    expect(await options()).toEqual(['Not sure yet', 'Under £500', '£500 to £1,000', '£1,000 to £2,500', '£2,500 to £5,000', 'Over £5,000']);
    await t.db.raw.execute(sql`update shops set currency = 'EUR' where id = ${shop.shopId}`);
    expect(await options()).toContain('€500 to €1,000');
  });

  it('says the pictures must be chosen again when the form comes back refused (a browser cannot refill a file field)', async () => {
    const shop = await newShop('Dropped Pictures Jewellers');
    const res = await post(shop.slug, { ...good, email: '' }, [
      image('ring.jpg', await jpegWithGpsAndOrientation()),
      image('sketch.png', await png(), 'image/png'),
    ]);
    expect(res.statusCode).toBe(422);
    const again = 'Your 2 pictures were not sent (ring.jpg, sketch.png): choose them again before you send.';
    expect(res.body).toContain(`<li><a href="#images">${again}</a></li>`);
    expect(res.body).toContain(`<p class="field-error" id="images-again">${again}</p>`);
    expect(res.body).toMatch(/id="images"[^>]*aria-describedby="images-again"/);
    // What was typed comes back; with no pictures sent, nothing is said of them.
    expect(res.body).toContain('An engagement ring with my grandmother’s sapphire.');
    expect((await post(shop.slug, { ...good, email: '' })).body).not.toContain('images-again');
  });

  it('takes an enquiry with pictures, strips their location, and queues the shop’s e-mail and the acknowledgement', async () => {
    const shop = await newShop('Hatton Sapphires');
    const photo = await jpegWithGpsAndOrientation();
    expect((await exifr.gps(photo))?.latitude).toBeCloseTo(51.52, 1);
    const res = await post(shop.slug, { ...good, phone: '07911 123456' }, [image('ring.jpg', photo), image('sketch.png', await png())]);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/enquire/${shop.slug}/thanks?ref=ENQ-0001`);
    const thanks = await t.app.inject({ method: 'GET', url: res.headers.location as string });
    expect(thanks.body).toContain('ENQ-0001');

    const inbox = (await shop.client.get('/api/v1/enquiries')).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items).toEqual([
      expect.objectContaining({
        reference: 'ENQ-0001',
        name: 'Grace Obi',
        email: 'grace@example.com',
        phone: '+447911123456',
        topic: 'bespoke',
        imageCount: 2,
        status: 'new',
        unread: true,
      }),
    ]);
    const detail = (await shop.client.get(`/api/v1/enquiries/${inbox.items[0].id}`)).json();
    expect(detail.images).toHaveLength(2);
    const file = await shop.client.get(detail.images[0].url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(await exifr.gps(file.rawPayload).catch(() => undefined)).toBeUndefined();
    expect((await shop.client.get('/api/v1/enquiries/unread')).json()).toEqual({ unread: 0 });

    const topics = (await t.db.raw.execute(sql`select topic from outbox where shop_id = ${shop.shopId} order by topic`)) as unknown as {
      rows: { topic: string }[];
    };
    expect(topics.rows.map((r) => r.topic)).toEqual(['enquiry_ack', 'enquiry_received']);
  });

  it('refuses bad input with a clear 4xx and keeps nothing', async () => {
    const shop = await newShop('Refusing Goldsmiths');
    const cases: [string, Promise<{ statusCode: number; body: string }>, number, string][] = [
      ['missing contact', post(shop.slug, { ...good, email: '' }), 422, 'Give an e-mail address or a phone number'],
      ['bad phone', post(shop.slug, { ...good, phone: '12' }), 422, 'does not look like a phone number'],
      ['no consent', post(shop.slug, { ...good, consent: '' }), 422, 'Tick the box'],
      ['no topic', post(shop.slug, { ...good, topic: 'lunch' }), 422, 'Choose what your enquiry is about'],
      ['HTML named .jpg', post(shop.slug, good, [image('ring.jpg', htmlPage())]), 415, 'is not a photo we can take'],
      ['30 MB image', post(shop.slug, good, [image('huge.jpg', Buffer.alloc(30 * 1024 * 1024, 0xff))]), 413, 'is larger than 10 MB'],
      [
        'six pictures',
        post(
          shop.slug,
          good,
          [1, 2, 3, 4, 5, 6].map((n) => image(`p${n}.png`, Buffer.alloc(10, n), 'image/png')),
        ),
        413,
        'at most 5 pictures',
      ],
      ['no challenge', post(shop.slug, good, [], { altcha: null }), 422, 'Wait for the check'],
      [
        'forged challenge',
        post(shop.slug, good, [], { altcha: Buffer.from('{"challenge":{},"solution":{}}').toString('base64') }),
        422,
        'did not come through',
      ],
      ['wrong slug', post('no-such-shop', good, [], { altcha: 'x' }), 404, 'no enquiry form at this address'],
    ];
    for (const [what, answer, status, words] of cases) {
      const res = await answer;
      expect(res.statusCode, what).toBe(status);
      expect(res.body, what).toContain(words);
    }
    // Another shop's solved challenge is refused here.
    const other = await newShop('Other Goldsmiths');
    const foreign = await post(shop.slug, good, [], { altcha: await solved(other.slug) });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('for another form');
    expect(await stored(shop.shopId)).toEqual({ enquiries: 0, images: 0, outbox: 0 });
    const spent = (await t.db.raw.execute(sql`select count(*)::int as n from enquiry_challenges where shop_id = ${shop.shopId}`)) as unknown as {
      rows: { n: number }[];
    };
    expect(spent.rows[0]?.n).toBe(0);
  });

  it('refuses a solved challenge replayed, also twice at once', async () => {
    const shop = await newShop('Replay Jewellers');
    const altcha = await solved(shop.slug);
    const first = await post(shop.slug, good, [], { altcha });
    expect(first.statusCode).toBe(303);
    const again = await post(shop.slug, good, [], { altcha });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('already sent');
    const twice = await solved(shop.slug);
    const both = await Promise.all([post(shop.slug, good, [], { altcha: twice }), post(shop.slug, good, [], { altcha: twice })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 422]);
    expect((await stored(shop.shopId)).enquiries).toBe(2);
  });

  it('thanks a robot that fills the honeypot, and keeps nothing', async () => {
    const shop = await newShop('Honey Jewellers');
    const res = await post(shop.slug, { ...good, website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(await stored(shop.shopId)).toEqual({ enquiries: 0, images: 0, outbox: 0 });
  });

  it('answers any posted fields with a 4xx or a thank-you, never a 500 (fast-check)', async () => {
    const shop = await newShop('Fuzz Jewellers');
    const altcha = await solved(shop.slug);
    const field = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('', 'on', 'bespoke', 'repair', '+44 7700 900123', 'x@y.z', '\u0000', '<script>'));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: field,
          email: field,
          phone: field,
          topic: field,
          description: field,
          budget: field,
          consent: field,
          altcha: fc.oneof(field, fc.constant(altcha)),
        }),
        async (fields) => {
          const res = await post(shop.slug, fields, [], { altcha: null });
          expect(res.statusCode).toBeLessThan(500);
          expect([303, 400, 404, 413, 415, 422]).toContain(res.statusCode);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('limits on the public form', () => {
  it('a flood from one address creates at most the allowed number; the shop’s own allowance holds too', async () => {
    const small = await testApp({
      enquiries: {
        limits: { perAddress: 3, perShop: 5, windowSeconds: 3600, challengesPerAddress: 1000 },
        difficulty: { cost: 10, maxCounter: 20, ttlSeconds: 600 },
      },
    });
    try {
      const shop = await small.newShop('Flooded Jewellers');
      const slug = (await shop.client.get('/api/v1/settings/enquiries')).json().slug as string;
      const send = async (address: string) => {
        const c = await small.app.inject({ method: 'GET', url: `/enquire/${slug}/challenge`, remoteAddress: address });
        const challenge = c.json() as Challenge;
        const solution = await solveChallenge({ challenge, deriveKey });
        const { body, headers } = multipart([
          ...Object.entries(good).map(([name, value]) => ({ name, value })),
          { name: 'altcha', value: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') },
        ]);
        return small.app.inject({ method: 'POST', url: `/enquire/${slug}`, payload: body, headers: { ...headers, origin: ORIGIN }, remoteAddress: address });
      };
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await send('10.66.0.1')).statusCode);
      expect(statuses).toEqual([303, 303, 303, 429, 429, 429, 429, 429]);
      // Two more addresses: the shop's allowance (5) stops the sixth whoever sends it.
      const more = [await send('10.66.0.2'), await send('10.66.0.2'), await send('10.66.0.3')];
      expect(more.map((r) => r.statusCode)).toEqual([303, 303, 429]);
      const n = (await small.db.raw.execute(sql`select count(*)::int as n from enquiries`)) as unknown as { rows: { n: number }[] };
      expect(n.rows[0]?.n).toBe(5);
    } finally {
      await small.close();
    }
  });
});

describe('the inbox', () => {
  async function withEnquiry(name: string, fields: Record<string, string> = good, files: Part[] = []) {
    const shop = await newShop(name);
    const res = await post(shop.slug, fields, files);
    expect(res.statusCode, res.body).toBe(303);
    const id = (await shop.client.get('/api/v1/enquiries')).json().items[0].id as string;
    return { shop, id };
  }

  it('moves an enquiry through its statuses, and replies on the customer’s channel', async () => {
    const { shop, id } = await withEnquiry('Inbox Jewellers');
    // The shop previews its messages: each is kept in the log as it would have gone.
    await t.db.tenant(shop.shopId, (tx) => saveSettings(tx, { ...defaultSettings(shop.shopId), defaultChannel: 'preview' }));
    const replied = await shop.client.post(`/api/v1/enquiries/${id}/replies`, { body: 'Thank you; could you come in on Tuesday?' });
    expect(replied.statusCode, replied.body).toBe(201);
    expect(replied.json()).toMatchObject({ status: 'contacted', replies: [{ body: 'Thank you; could you come in on Tuesday?', authorName: 'Ada Hatton' }] });
    for (const status of ['booked', 'completed', 'spam', 'new']) {
      const res = await shop.client.post(`/api/v1/enquiries/${id}/status`, { status });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(status);
    }
    expect((await shop.client.post(`/api/v1/enquiries/${id}/status`, { status: 'converted' })).statusCode).toBe(422);

    const sender = new OutboxSender(
      { db: t.db, box: t.deps.box, channels: channelAdapters('http://127.0.0.1:9'), config: { publicUrl: ORIGIN } },
      { workerId: 'enquiry-test' },
    );
    await sender.drain();
    const sent = (await t.db.raw.execute(
      sql`select topic, status, channel, to_address, subject, body from outbox where shop_id = ${shop.shopId} order by topic`,
    )) as unknown as { rows: { topic: string; status: string; channel: string; to_address: string; subject: string; body: string }[] };
    expect(sent.rows.map((r) => [r.topic, r.status, r.channel, r.to_address])).toEqual([
      ['enquiry_ack', 'sent', 'preview', 'grace@example.com'],
      ['enquiry_received', 'sent', 'preview', shop.email],
      ['enquiry_reply', 'sent', 'preview', 'grace@example.com'],
    ]);
    expect(sent.rows[1]?.subject).toBe('New enquiry ENQ-0001: A bespoke piece from Grace Obi');
    // The budget in words, as the form offered it, not its stored code.
    expect(sent.rows[1]?.body).toContain('Budget: £2,500 to £5,000');
    expect(sent.rows[2]?.body).toContain('could you come in on Tuesday?');
  });

  it('converts to a bespoke job at its first stage with the pictures, matching the customer by phone; twice is refused', async () => {
    const { shop, id } = await withEnquiry('Convert Jewellers', { ...good, email: '', phone: '07912 345678' }, [
      image('ring.jpg', await jpegWithGpsAndOrientation()),
    ]);
    const existing = (await shop.client.post('/api/v1/customers', { name: 'Grace O.', phone: '+44 7912 345678' })).json();
    const res = await shop.client.post(`/api/v1/enquiries/${id}/convert`, { kind: 'bespoke' });
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json();
    expect(answer.customer).toEqual({ id: existing.id, name: 'Grace O.', matched: true });
    expect(answer.enquiry).toMatchObject({ status: 'converted', customerId: existing.id, job: { kind: 'bespoke', id: answer.job.id } });
    const job = (await shop.client.get(`/api/v1/bespoke/${answer.job.id}`)).json();
    expect(job).toMatchObject({ stage: 'enquiry', customer: { id: existing.id }, description: good.description, title: 'A bespoke piece for Grace Obi' });
    expect(job.attachments).toHaveLength(1);
    expect(job.comments[0].body).toContain('From web enquiry ENQ-0001 (A bespoke piece; budget: £2,500 to £5,000)');
    const photo = await shop.client.get(job.attachments[0].originalUrl);
    expect(photo.statusCode).toBe(200);
    expect(await exifr.gps(photo.rawPayload).catch(() => undefined)).toBeUndefined();

    const again = await shop.client.post(`/api/v1/enquiries/${id}/convert`, {
      kind: 'repair',
      fields: { itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 100 }] },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already_converted', job: { kind: 'bespoke', id: answer.job.id, reference: answer.job.reference } });
  });

  it('does not hand an enquiry to another customer who only shares the phone number', async () => {
    const { shop, id } = await withEnquiry('Shared Phone Jewellers', { ...good, name: 'Zoë O’Brien-Łukasz', email: 'zoe@example.com', phone: '07911 123456' });
    const grace = (await shop.client.post('/api/v1/customers', { name: 'Grace Holloway', email: 'grace@example.test', phone: '+44 7911 123456' })).json();
    const nowhere = await shop.client.post(`/api/v1/enquiries/${id}/convert`, {});
    expect(nowhere.statusCode).toBe(422);
    expect(nowhere.json().errors[0]).toMatchObject({ path: 'to' });
    // `to`, as api-v1.md names it (the staff app sends `kind`).
    const answer = (await shop.client.post(`/api/v1/enquiries/${id}/convert`, { to: 'bespoke' })).json();
    expect(answer.customer).toMatchObject({ name: 'Zoë O’Brien-Łukasz', matched: false });
    expect(answer.job).toMatchObject({ kind: 'bespoke' });
    expect(answer.customer.id).not.toBe(grace.id);
    expect((await shop.client.get(`/api/v1/customers/${answer.customer.id}`)).json()).toMatchObject({ email: 'zoe@example.com' });
  });

  it('converts to every pipeline, creating the customer when none matches; a pipeline’s own fields are checked by it', async () => {
    const { shop, id } = await withEnquiry('Every Pipeline Jewellers');
    const bad = await shop.client.post(`/api/v1/enquiries/${id}/convert`, { kind: 'repair', fields: { itemType: 'spaceship' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('itemType');
    const res = await shop.client.post(`/api/v1/enquiries/${id}/convert`, {
      kind: 'repair',
      fields: { itemType: 'ring', workLines: [{ kind: 'resize', description: null, priceCents: 4500 }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().customer).toMatchObject({ name: 'Grace Obi', matched: false });
    const customer = (await shop.client.get(`/api/v1/customers/${res.json().customer.id}`)).json();
    expect(customer).toMatchObject({ email: 'grace@example.com', jobs: [expect.objectContaining({ kind: 'repair' })] });
    const job = (await shop.client.get(`/api/v1/repairs/${res.json().job.id}`)).json();
    expect(job).toMatchObject({ itemType: 'ring', quotedCents: 4500 });
  });

  it('makes a repair of a repair enquiry as it stands: booked in, the piece and its work to be filled in when it comes', async () => {
    const { shop, id } = await withEnquiry('Repair Enquiry Jewellers', { ...good, topic: 'repair', description: 'The clasp on my bracelet keeps opening.' }, [
      image('clasp.png', await png(), 'image/png'),
    ]);
    const res = await shop.client.post(`/api/v1/enquiries/${id}/convert`, { to: 'repair' });
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json();
    expect(answer.job).toMatchObject({ kind: 'repair', staffPath: `/repairs/${answer.job.id}` });
    expect(answer.enquiry).toMatchObject({ status: 'converted', job: { kind: 'repair', id: answer.job.id, reference: answer.job.reference } });
    const job = (await shop.client.get(`/api/v1/repairs/${answer.job.id}`)).json();
    expect(job).toMatchObject({
      stage: 'intake',
      title: 'A repair for Grace Obi',
      description: 'The clasp on my bracelet keeps opening.',
      itemType: 'other',
      workLines: [],
      // No estimate until the work is known (not an estimate of nothing).
      quotedCents: null,
      customer: { id: answer.customer.id },
    });
    expect(job.attachments).toHaveLength(1);
    expect(job.comments[0].body).toContain('From web enquiry ENQ-0001 (A repair');
    // Not quoted while there is no work to quote: the customer would be asked to approve an empty list.
    const early = await shop.client.post(`/api/v1/repairs/${answer.job.id}/stage`, { to: 'quoted' });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors).toEqual([{ path: 'to', message: expect.stringContaining('Add the work to be done before quoting') }]);
    // When the piece comes in, the counter says what it is and what it needs.
    const filled = await shop.client.patch(`/api/v1/repairs/${answer.job.id}`, {
      itemType: 'bracelet',
      workLines: [{ kind: 'replace_clasp', description: null, priceCents: 3500 }],
    });
    expect(filled.statusCode, filled.body).toBe(200);
    expect(filled.json()).toMatchObject({ itemType: 'bracelet', quotedCents: 3500 });
    expect((await shop.client.post(`/api/v1/repairs/${answer.job.id}/stage`, { to: 'quoted' })).statusCode).toBe(200);
    // Only from an enquiry: a repair booked in at the counter still needs its work.
    const counter = await shop.client.post('/api/v1/repairs', { customerId: answer.customer.id, itemType: 'ring', workLines: [] });
    expect(counter.statusCode).toBe(422);
  });

  it('makes an appraisal of a valuation enquiry, the piece’s type to be said when it comes in', async () => {
    const { shop, id } = await withEnquiry('Valuation Enquiry Jewellers', {
      ...good,
      topic: 'valuation',
      description: 'My late aunt’s diamond ring, for insurance.',
    });
    const res = await shop.client.post(`/api/v1/enquiries/${id}/convert`, { to: 'appraisal' });
    expect(res.statusCode, res.body).toBe(201);
    const job = (await shop.client.get(`/api/v1/appraisals/${res.json().job.id}`)).json();
    expect(job).toMatchObject({
      stage: 'requested',
      itemType: 'other',
      description: 'My late aunt’s diamond ring, for insurance.',
      title: 'A valuation for Grace Obi',
    });
    expect((await shop.client.get(`/api/v1/enquiries/${id}`)).json()).toMatchObject({ status: 'converted', job: { kind: 'appraisal', id: res.json().job.id } });
  });

  it('suggests the pipeline the enquiry’s topic asks for, and none for an appointment', async () => {
    const shop = await newShop('Suggesting Jewellers');
    for (const topic of ['bespoke', 'repair', 'valuation', 'appointment']) {
      expect((await post(shop.slug, { ...good, topic })).statusCode).toBe(303);
    }
    const items = (await shop.client.get('/api/v1/enquiries')).json().items as { topic: string; suggestedKind: string | null }[];
    expect(Object.fromEntries(items.map((i) => [i.topic, i.suggestedKind]))).toEqual({
      bespoke: 'bespoke',
      repair: 'repair',
      valuation: 'appraisal',
      appointment: null,
    });
  });

  it('of two staff converting at once, one makes the job and the other is pointed at it', async () => {
    const { shop, id } = await withEnquiry('Race Jewellers');
    const answers = await Promise.all([
      shop.client.post(`/api/v1/enquiries/${id}/convert`, { kind: 'bespoke' }),
      shop.client.post(`/api/v1/enquiries/${id}/convert`, { kind: 'bespoke' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const made = answers.find((a) => a.statusCode === 201)?.json();
    const refused = answers.find((a) => a.statusCode === 409)?.json();
    expect(refused.job.id).toBe(made.job.id);
    const jobs = (await t.db.raw.execute(sql`select count(*)::int as n from jobs where shop_id = ${shop.shopId}`)) as unknown as { rows: { n: number }[] };
    expect(jobs.rows[0]?.n).toBe(1);
    const customers = (await t.db.raw.execute(sql`select count(*)::int as n from customers where shop_id = ${shop.shopId}`)) as unknown as {
      rows: { n: number }[];
    };
    expect(customers.rows[0]?.n).toBe(1);
  });
});
